import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderAdapter, StreamParser } from '../../../src-main/providers/provider-adapter.js';
import { anthropicStream, expectLoggedWithStack, expectNothingAgainstTheKey, openaiStream, startDeliveryGateway, streamThroughMessagesDoor, type DeliveryGateway } from '../../support/delivery-gateway.js';

// A bug in our own conversion code (the family's parser, here) is not "the upstream broke off": the
// client gets a 500 internal_error in its own format (or an error event once its stream began), the
// log gets the stack, and the key's breaker is left as it was.

let gateway: DeliveryGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

/** A parser that throws a TypeError on its `failOn`th chunk, as a slip in our own code would. */
function parserThrowingAt(failOn: number) {
  return (adapter: ProviderAdapter): ProviderAdapter => ({
    ...adapter,
    createStreamParser(): StreamParser {
      const real = adapter.createStreamParser();
      let pushes = 0;
      return {
        push(chunk) {
          pushes += 1;
          if (pushes === failOn) throw new TypeError("Cannot read properties of undefined (reading 'delta')");
          return real.push(chunk);
        },
        end: () => real.end(),
      };
    },
  });
}

const anthropicAnswer = {
  contentType: 'application/json',
  chunks: [
    JSON.stringify({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'm',
      content: [{ type: 'text', text: 'Hello' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 3, output_tokens: 1 },
    }),
  ],
};



describe('deliverConverted, when our own code throws', () => {
  it('answers a whole answer whose parsing threw with a 500 internal_error in the OpenAI format', async () => {
    gateway = await startDeliveryGateway('anthropic', anthropicAnswer, (adapter) => ({
      ...adapter,
      parseChatResponse: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'delta')");
      },
    }));

    const response = await gateway.app.inject({ method: 'POST', url: '/v1/chat/completions', payload: { model: 'm', messages: [{ role: 'user', content: 'hi' }] } });

    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: { message: expect.stringContaining('internal error'), type: 'api_error', param: null, code: 'internal_error' },
    });
    expectNothingAgainstTheKey(gateway);
    expectLoggedWithStack(gateway, "(reading 'delta')");
    expect(gateway.events.map((event) => event.status)).toEqual([500]);
  });

  it('still answers an upstream body that is not a chat response with 502 invalid_upstream_response, not as our bug', async () => {
    gateway = await startDeliveryGateway('anthropic', { contentType: 'application/json', chunks: ['{"unexpected":true}'] }, (adapter) => adapter);

    const response = await gateway.app.inject({ method: 'POST', url: '/v1/chat/completions', payload: { model: 'm', messages: [{ role: 'user', content: 'hi' }] } });

    expect(response.statusCode).toBe(502);
    expect(response.json().error.code).toBe('invalid_upstream_response');
    expect(gateway.errors).toEqual([]);
  });

  it('answers a stream whose parser threw before anything was sent with a 500 in the Anthropic format', async () => {
    gateway = await startDeliveryGateway('openai', { contentType: 'text/event-stream', chunks: openaiStream(['Hel', 'lo']) }, parserThrowingAt(1));

    const response = await streamThroughMessagesDoor(gateway);

    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('internal error') } });
    expectNothingAgainstTheKey(gateway);
    expectLoggedWithStack(gateway, "(reading 'delta')");
  });

  it('ends a stream whose parser threw midway with an Anthropic error event', async () => {
    gateway = await startDeliveryGateway('openai', { contentType: 'text/event-stream', chunks: openaiStream(['Hel', 'lo', ' there']) }, parserThrowingAt(3));

    const response = await streamThroughMessagesDoor(gateway);

    expect(response.statusCode).toBe(200);
    const events = response.body.split('\n\n').filter((event) => event !== '');
    // What came before the bug reached the client; the stream then ends with an error event.
    expect(response.body).toContain('"text":"Hel"');
    expect(response.body).not.toContain(' there');
    expect(events.at(-1)).toBe(
      `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'Switchyard hit an internal error while delivering the answer; the log has the details.' } })}`,
    );
    expectNothingAgainstTheKey(gateway);
    expectLoggedWithStack(gateway, "(reading 'delta')");
    expect(gateway.events.map((event) => event.status)).toEqual([500]);
  });

  it('relays the same stream whole when nothing throws (the harness itself works)', async () => {
    gateway = await startDeliveryGateway('anthropic', { contentType: 'text/event-stream', chunks: anthropicStream(['Hel', 'lo']) }, (adapter) => adapter);

    const response = await gateway.app.inject({ method: 'POST', url: '/v1/chat/completions', payload: { model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] } });

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('"content":"Hel"');
    expect(response.body.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(gateway.errors).toEqual([]);
  });
});
