import { afterAll, afterEach, beforeAll } from 'vitest';
import type { SwitchyardConfigInput } from '../../src-shared/config-schema.js';
import { startMockOpenAI, type MockOpenAI } from './mock-openai-upstream.js';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

export interface MockOpenAIGateways {
  /** The file's one OpenAI mock, reset after each test. */
  readonly upstream: MockOpenAI;
  /** A real gateway, disposed after the test that started it. */
  start(config: SwitchyardConfigInput, options?: Parameters<typeof startTestGateway>[1]): Promise<TestGateway>;
}

/** One OpenAI mock upstream for a test file and the gateways its tests start in front of it. */
export function useMockOpenAIGateways(): MockOpenAIGateways {
  let upstream: MockOpenAI | undefined;
  const gateways: TestGateway[] = [];
  beforeAll(async () => {
    upstream = await startMockOpenAI();
  });
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gateway) => gateway.dispose()));
    upstream?.reset();
  });
  afterAll(async () => {
    await upstream?.close();
  });
  return {
    get upstream() {
      if (!upstream) throw new Error('The mock upstream starts in beforeAll: use it inside a test.');
      return upstream;
    },
    async start(config, options) {
      const gateway = await startTestGateway(config, options);
      gateways.push(gateway);
      return gateway;
    },
  };
}
