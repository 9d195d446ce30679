import { parseArgs } from 'node:util';
import { Agent } from 'undici';
import { defaultDataDir } from '../store/default-data-dir.js';
import { resolveUserPath } from '../store/user-path.js';
import { defaultPricesUrl, PriceSyncError, syncPrices } from './price-sync.js';

export const pricesSyncHelp = [
  'Usage: npm run prices:sync -- [--data-dir DIR] [--url URL]',
  '',
  'Fetches models.dev api.json, converts it and stores it as <data dir>/price-catalog.synced.json,',
  'which Switchyard uses over its bundled catalog from its next start (or at once: POST /api/prices/sync).',
  '',
  `  --data-dir   SWITCHYARD_DATA_DIR    where Switchyard keeps its data (default: the OS app-data folder of Switchyard)`,
  `  --url        SWITCHYARD_PRICES_URL  the api.json to fetch (default: ${defaultPricesUrl})`,
].join('\n');

export interface CommandOutput {
  out(line: string): void;
  error(line: string): void;
}

/** `npm run prices:sync`; returns the exit code: 0 synced, 1 the sync failed, 2 bad arguments. */
export async function runPricesSync(argv: string[], env: NodeJS.ProcessEnv, output: CommandOutput): Promise<number> {
  let values: { 'data-dir'?: string; url?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'data-dir': { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    output.error(`${(error as Error).message}\n\n${pricesSyncHelp}`);
    return 2;
  }
  if (values.help) {
    output.out(pricesSyncHelp);
    return 0;
  }
  const given = (flag: string | undefined, variable: string) => (flag ?? env[variable]) || undefined;
  const dataDirText = given(values['data-dir'], 'SWITCHYARD_DATA_DIR');
  const dataDir = dataDirText ? resolveUserPath(dataDirText, env) : defaultDataDir(env);
  const url = given(values.url, 'SWITCHYARD_PRICES_URL');

  const agent = new Agent({ connections: 4 });
  try {
    const result = await syncPrices({ agent, dataDir, url });
    output.out(`synced ${result.url}: ${result.models} models from ${result.vendors} vendors`);
    output.out(`${result.changed} prices changed, ${result.added} models added, ${result.removed} removed`);
    if (result.problems.length > 0) {
      output.out(`${result.problems.length} entries left out:`);
      for (const problem of result.problems.slice(0, 20)) output.out(`  ${problem}`);
      if (result.problems.length > 20) output.out(`  … and ${result.problems.length - 20} more`);
    }
    output.out(`wrote ${result.path}; a running Switchyard uses it after a restart, or at once with POST /api/prices/sync`);
    return 0;
  } catch (error) {
    if (!(error instanceof PriceSyncError)) throw error;
    output.error(error.message);
    return 1;
  } finally {
    await agent.close();
  }
}
