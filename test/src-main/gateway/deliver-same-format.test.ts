import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderAdapter, StreamParser, StreamTap } from '../../../src-main/providers/provider-adapter.js';
import { anthropicStream, expectLoggedWithStack, expectNothingAgainstTheKey, openaiStream, startDeliveryGateway, streamThroughMessagesDoor, type DeliveryGateway } from '../../support/delivery-gateway.js';

// Same format, untouched bytes: our own code on this path is the opening's parser (peek) and the
// usage tap. When either throws, that is our bug: a 500 internal_error (or an error event once the
// stream began) in the client's format, the stack in the log, and nothing against the key.

let gateway: DeliveryGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const slip = () => new TypeError("Cannot read properties of undefined (reading 'usage')");



describe('deliverSameFormat, when our own code throws', () => {
  it("answers with a 500 in the Anthropic format when the opening's parser throws", async () => {
    gateway = await startDeliveryGateway('anthropic', { contentType: 'text/event-stream', chunks: anthropicStream(['Hel', 'lo']) }, (adapter) => ({
      ...adapter,
      createStreamParser: (): StreamParser => ({
        push: () => {
          throw slip();
        },
        end: () => [],
      }),
    }));

    const response = await streamThroughMessagesDoor(gateway);

    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('internal error') } });
    expectNothingAgainstTheKey(gateway);
    expectLoggedWithStack(gateway, "(reading 'usage')");
  });

  it('ends the stream with an OpenAI error event when the usage tap throws midway', async () => {
    gateway = await startDeliveryGateway('openai', { contentType: 'text/event-stream', chunks: openaiStream(['Hel', 'lo', ' there']) }, (adapter: ProviderAdapter) => ({
      ...adapter,
      createStreamTap(options): StreamTap {
        const real = adapter.createStreamTap(options);
        let chunks = 0;
        return {
          transform(chunk) {
            chunks += 1;
            if (chunks === 3) throw slip();
            return real.transform(chunk);
          },
          flush: () => real.flush(),
          reading: () => real.reading(),
        };
      },
    }));

    const response = await gateway.app.inject({ method: 'POST', url: '/v1/chat/completions', payload: { model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] } });

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('"content":"Hel"');
    expect(response.body).not.toContain(' there');
    const events = response.body.split('\n\n').filter((event) => event !== '');
    expect(JSON.parse(events.at(-1)!.replace(/^data: /, ''))).toEqual({
      error: { message: 'Switchyard hit an internal error while delivering the answer; the log has the details.', type: 'api_error', param: null, code: 'internal_error' },
    });
    expectNothingAgainstTheKey(gateway);
    expectLoggedWithStack(gateway, "(reading 'usage')");
    expect(gateway.events.map((event) => event.status)).toEqual([500]);
  });

  it('relays the stream untouched when nothing throws (the harness itself works)', async () => {
    const chunks = openaiStream(['Hel', 'lo']);
    gateway = await startDeliveryGateway('openai', { contentType: 'text/event-stream', chunks }, (adapter) => adapter);

    const response = await gateway.app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: { model: 'm', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] },
    });

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(chunks.join(''));
    expect(gateway.errors).toEqual([]);
  });
});
