import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src-main/service/logger.js';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

// One line per event: a start says once where the secrets are kept and once that the config loaded.

let gateway: TestGateway | undefined;
let upstream: MockOpenAI | undefined;

afterEach(async () => {
  await gateway?.dispose();
  await upstream?.close();
  gateway = undefined;
  upstream = undefined;
});

describe('the start-up log', () => {
  it('has one line for the secret store and one for the config load', async () => {
    upstream = await startMockOpenAI();
    const lines: string[] = [];
    const log: Logger = { info: (line) => lines.push(line), warn: (line) => lines.push(line), error: (line) => lines.push(line) };
    gateway = await startTestGateway(
      { providers: [{ id: 'mock', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'k', secret: 'sk-startup-log' }], models: ['gpt-4o'] }] },
      { log },
    );
    expect(lines.filter((line) => /secret|vault|keychain/i.test(line))).toEqual([
      expect.stringContaining(`Secrets are kept in the encrypted vault file ${gateway.dataDir}`),
    ]);
    expect(lines.filter((line) => line.includes('config'))).toEqual([
      `config loaded from ${gateway.configPath} (watched; changes apply without a restart)`,
    ]);
  });
});
