import { parseArgs } from 'node:util';
import { defaultDataDir } from '../store/default-data-dir.js';
import { resolveUserPath } from '../store/user-path.js';
import type { SwitchyardOptions } from './start-switchyard.js';

/** What the command line decides: the start-up options that are flags, and --help. */
export interface ServeOptions
  extends Pick<SwitchyardOptions, 'host' | 'port' | 'dataDir' | 'configPath' | 'adminToken' | 'bodyLimit'> {
  secretBackend: NonNullable<SwitchyardOptions['secretBackend']>;
  /** Where a price sync fetches models.dev's api.json from; null for models.dev itself. */
  pricesUrl: string | null;
  help: boolean;
}

/** Every flag with its environment variable; a flag wins over its variable. */
export const serveFlags = {
  host: { env: 'SWITCHYARD_HOST', description: 'address to listen on', fallback: '127.0.0.1' },
  port: { env: 'SWITCHYARD_PORT', description: 'port; 0 picks a free one', fallback: '4780' },
  'data-dir': { env: 'SWITCHYARD_DATA_DIR', description: 'where the database and vault live', fallback: 'the OS app-data folder of Switchyard' },
  config: { env: 'SWITCHYARD_CONFIG', description: 'config file the window edits, re-applied when it changes', fallback: 'config.json in the data dir' },
  'admin-token': { env: 'SWITCHYARD_ADMIN_TOKEN', description: 'token for /api/*', fallback: 'generated once, kept in the secret store' },
  'body-limit': { env: 'SWITCHYARD_BODY_LIMIT', description: 'largest JSON request body in MiB', fallback: '32' },
  'secret-backend': { env: 'SWITCHYARD_SECRET_BACKEND', description: 'auto, keychain or vault', fallback: 'auto' },
  'prices-url': { env: 'SWITCHYARD_PRICES_URL', description: 'models.dev api.json for POST /api/prices/sync', fallback: 'https://models.dev/api.json' },
} as const;

export class ServeOptionsError extends Error {}

export function parseServeOptions(argv: string[], env: NodeJS.ProcessEnv): ServeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        ...Object.fromEntries(Object.keys(serveFlags).map((name) => [name, { type: 'string' as const }])),
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ServeOptionsError(`${(error as Error).message}. Run with --help for the flags.`);
  }
  const value = (name: keyof typeof serveFlags): string | undefined => {
    const given = (values as Record<string, string | undefined>)[name] ?? env[serveFlags[name].env];
    return given === '' ? undefined : given;
  };

  const portText = value('port') ?? '4780';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) throw new ServeOptionsError(`--port must be a number from 0 to 65535, not "${portText}".`);
  const limitText = value('body-limit') ?? '32';
  const limitMiB = Number(limitText);
  if (!(limitMiB > 0)) throw new ServeOptionsError(`--body-limit must be a positive number of MiB, not "${limitText}".`);
  const secretBackend = value('secret-backend') ?? 'auto';
  if (secretBackend !== 'auto' && secretBackend !== 'keychain' && secretBackend !== 'vault') {
    throw new ServeOptionsError(`--secret-backend must be auto, keychain or vault, not "${secretBackend}".`);
  }
  const pricesUrl = value('prices-url');
  if (pricesUrl !== undefined && !/^https?:\/\//.test(pricesUrl)) throw new ServeOptionsError(`--prices-url must be an http(s) URL, not "${pricesUrl}".`);
  const config = value('config');
  const dataDir = value('data-dir');
  return {
    host: value('host') ?? '127.0.0.1',
    port,
    // Relative to where the user ran the command, not the project folder npm runs the script in.
    dataDir: dataDir ? resolveUserPath(dataDir, env) : defaultDataDir(env),
    configPath: config ? resolveUserPath(config, env) : null,
    adminToken: value('admin-token') ?? null,
    bodyLimit: Math.floor(limitMiB * 1024 * 1024),
    secretBackend,
    pricesUrl: pricesUrl ?? null,
    help: (values as { help?: boolean }).help === true,
  };
}

export function serveHelp(): string {
  const lines = ['Usage: npm run serve -- [flags]', '', 'Flags (each also an environment variable):'];
  for (const [name, flag] of Object.entries(serveFlags)) {
    lines.push(`  --${name.padEnd(15)} ${flag.env.padEnd(27)} ${flag.description} (default: ${flag.fallback})`);
  }
  return lines.join('\n');
}
