import { runPricesSync } from './usage/prices-sync-command.js';

/** `npm run prices:sync -- [--data-dir DIR] [--url URL]`: refreshes the price catalog from models.dev. */
const code = await runPricesSync(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
});
process.exitCode = code;
