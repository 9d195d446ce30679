import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { projectRoot } from '../../store/project-root.js';

/**
 * The window, served headless at `/`: the same built UI the tray app loads (dist/renderer, made by
 * `npm run build`). Read once at start: the files are small and do not change while the gateway runs.
 */

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

// Scripts and styles come from the gateway itself; nothing is fetched from elsewhere at run time.
// Inline styles: Svelte's style directives and the charts set element styles.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const notBuiltPage = `<!doctype html><meta charset="utf-8"><title>Switchyard</title>
<p>The window is not built. Run <code>npm run build</code> (or <code>npm run serve</code>, which builds it), then reload.</p>
<p>窗口尚未构建。请运行 <code>npm run build</code>（或会自动构建的 <code>npm run serve</code>），然后刷新。</p>`;

interface StaticFile {
  body: Buffer;
  type: string;
  /** Hashed asset names never change content, so browsers may keep them. */
  immutable: boolean;
}

export function readRendererFiles(folder: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (directory: string) => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const url = `/${relative(folder, path).split(sep).join('/')}`;
        files.set(url, {
          body: readFileSync(path),
          type: contentTypes[extname(name)] ?? 'application/octet-stream',
          immutable: url.startsWith('/assets/'),
        });
      }
    }
  };
  try {
    walk(folder);
  } catch {
    // Not built yet: the hint page says what to run.
  }
  return files;
}

export const uiRoute: FastifyPluginAsync<{ rendererDir?: string }> = async (app, options) => {
  const files = readRendererFiles(options.rendererDir ?? join(projectRoot(import.meta.url), 'dist', 'renderer'));
  const index = files.get('/index.html');

  const send = (file: StaticFile | undefined, reply: import('fastify').FastifyReply) => {
    reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('content-security-policy', contentSecurityPolicy);
    reply.header('referrer-policy', 'no-referrer');
    if (file === undefined) return reply.header('content-type', 'text/html; charset=utf-8').send(notBuiltPage);
    reply.header('content-type', file.type);
    reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    return reply.send(file.body);
  };

  app.get('/', async (_request, reply) => send(index, reply));
  for (const [url, file] of files) {
    if (url === '/index.html') continue;
    app.get(url, async (_request, reply) => send(file, reply));
  }
};
