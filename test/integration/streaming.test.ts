import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { startTestGateway, testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// A gateway that buffers, even a little, shows up as chunks arriving together or late. Each chunk is
// stamped by the upstream with its send time; the client stamps its arrival on the same clock
// (one process), and the test checks order only: every chunk reached the client before the
// upstream sent the next one, and each arrived in a read of its own.

let upstream: MockOpenAI;
let gateway: TestGateway;

const now = () => performance.timeOrigin + performance.now();

beforeAll(async () => {
  upstream = await startMockOpenAI();
  gateway = await startTestGateway({
    providers: [{ id: 'main', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'k', secret: 'sk-upstream-stream' }], models: ['gpt-4o'] }],
  });
});

afterAll(async () => {
  await gateway?.dispose();
  await upstream?.close();
});

interface Arrival {
  at: number;
  events: Array<{ sentAt: number | null; done: boolean }>;
}

function streamThroughGateway(body: object): Promise<Arrival[]> {
  return new Promise((resolve, reject) => {
    const arrivals: Arrival[] = [];
    const request = httpRequest(
      `${gateway.baseUrl}/chat/completions`,
      { method: 'POST', headers: { authorization: `Bearer ${testClientKey}`, 'content-type': 'application/json' } },
      (response) => {
        response.on('data', (chunk: Buffer) => {
          const at = now();
          const events = chunk
            .toString('utf8')
            .split('\n\n')
            .filter((event) => event.startsWith('data: '))
            .map((event) => {
              const data = event.slice(6);
              if (data === '[DONE]') return { sentAt: null, done: true };
              return { sentAt: (JSON.parse(data) as { x_sent_at?: number }).x_sent_at ?? null, done: false };
            });
          arrivals.push({ at, events });
        });
        response.on('end', () => resolve(arrivals));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

describe('streaming through the gateway', () => {
  for (const includeUsage of [false, true]) {
    it(`relays every chunk before the upstream sends the next, one read each (include_usage ${includeUsage})`, async () => {
      const chunks = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon'].map((word, index) =>
        JSON.stringify({
          id: 'chatcmpl-stream',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'gpt-4o-2024-08-06',
          choices: [{ index: 0, delta: index === 0 ? { role: 'assistant', content: word } : { content: ` ${word}` }, finish_reason: null }],
        }),
      );
      upstream.enqueue({ streamChunks: chunks, chunkDelayMs: 80, stampSendTime: true });
      const arrivals = await streamThroughGateway({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'count' }],
        stream: true,
        ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
      });
      const contentArrivals = arrivals.filter((arrival) => arrival.events.some((event) => event.sentAt !== null));
      // Not coalesced: each content chunk came in a read of its own.
      expect(contentArrivals).toHaveLength(chunks.length);
      for (const arrival of contentArrivals) expect(arrival.events).toHaveLength(1);
      // Not held back: chunk i reached the client before chunk i+1 left the upstream.
      for (let index = 0; index + 1 < contentArrivals.length; index++) {
        const nextSent = contentArrivals[index + 1]!.events[0]!.sentAt!;
        expect(contentArrivals[index]!.at, `chunk ${index} arrived after chunk ${index + 1} was sent`).toBeLessThan(nextSent);
      }
      expect(arrivals.at(-1)!.events.at(-1)!.done).toBe(true);
    });
  }
});
