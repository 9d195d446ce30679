import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { projectRoot } from '../../store/project-root.js';

/** The window's page, served headless at `/`: the same UI the tray app shows. */
export const uiRoute: FastifyPluginAsync = async (app) => {
  // Read once at start: the page is small and never changes while the gateway runs.
  const html = readFileSync(join(projectRoot(import.meta.url), 'src-renderer', 'index.html'));
  app.get('/', async (_request, reply) => {
    reply.header('content-type', 'text/html; charset=utf-8');
    // The page must not be framed by another origin (clickjacking the admin UI).
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    return reply.send(html);
  });
};
