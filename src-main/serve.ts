import { createConsoleLogger } from './service/logger.js';
import { parseServeOptions, serveHelp, ServeOptionsError } from './service/serve-options.js';
import { startSwitchyard } from './service/start-switchyard.js';

/**
 * The headless entry (`npm run serve`): the same gateway and UI as the tray app, without
 * Electron. What a person needs to connect is printed on stdout; the log goes to stderr.
 */
async function main(): Promise<void> {
  let options;
  try {
    options = parseServeOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ServeOptionsError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${serveHelp()}\n`);
    return;
  }
  const log = createConsoleLogger();
  let running;
  try {
    running = await startSwitchyard({ ...options, env: process.env, log });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const hint = code === 'EADDRINUSE' ? ` Port ${options.port} is taken: stop the other program or pass --port.` : '';
    process.stderr.write(`Switchyard could not start: ${(error as Error).message}${hint}\n`);
    process.exit(1);
  }

  // Set before anything is printed: a service manager (or a test) may stop the process the moment
  // it reads `listening on`, and an unhandled SIGTERM would skip writing the queued usage.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing open requests and writing usage`);
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(`listening on ${running.url}`);
  print(`UI:       ${running.url}/`);
  print(`Base URL: ${running.url}/v1   (OpenAI SDKs: baseURL; Anthropic SDKs: ${running.url})`);
  print(`Data:     ${options.dataDir}`);
  // Shown on the first start that succeeds after they were made, then never again.
  if (running.newAdminToken) print(`Admin token (shown once, kept in the secret store): ${running.adminToken}`);
  if (running.generatedClientKey) print(`Client key (shown once, kept in the secret store): ${running.generatedClientKey}`);
}

void main();
