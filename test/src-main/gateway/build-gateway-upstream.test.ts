import { describe, expect, it } from 'vitest';
import { chatCompletions, expectAnthropicError, messages, send, sendToDoor, withClientKey } from '../../support/gateway-doors.js';
import {
  fakeAnthropicOrigin,
  fakeAnthropicSecret,
  fakeClientKey,
  fakeClientName,
  fakeGatewayPerTest,
  fakeOpenAIOrigin,
  fakeOpenAISecret,
  interceptedHeader,
  type FakeGateway,
  type GatewayFakeOptions,
} from '../../support/gateway-fakes.js';

// `buildGateway` on in-memory fakes, with requests that reach the upstream: an undici MockAgent that
// answers without a socket. They prove the fakes complete: routing, delivery, conversion, usage and
// metrics all run as they do in `npm run serve`.

const start = fakeGatewayPerTest();

describe('a request that reaches the fake upstream', () => {
  const completion = {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o-2024-08-06',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
  };

  it('goes to the OpenAI provider with the alias resolved and the stored key, and comes back untouched', async () => {
    const fake = await start();
    const seen: Array<{ body: string; authorization: string | undefined }> = [];
    const answer = JSON.stringify(completion);
    fake.agent
      .get(fakeOpenAIOrigin)
      .intercept({ path: '/v1/chat/completions', method: 'POST' })
      .reply((options) => {
        seen.push({ body: String(options.body), authorization: interceptedHeader(options.headers, 'authorization') });
        return { statusCode: 200, data: answer, responseOptions: { headers: { 'content-type': 'application/json' } } };
      });

    const response = await sendToDoor(fake.app, chatCompletions, withClientKey, JSON.stringify({ ...chatCompletions.body, model: 'gpt-4' }));

    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).toBe(answer);
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0]!.body)).toEqual({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    expect(seen[0]!.authorization).toBe(`Bearer ${fakeOpenAISecret}`);
    expect(fake.usage.events).toHaveLength(1);
    expect(fake.usage.events[0]).toMatchObject({
      client: fakeClientName,
      provider: 'openai-main',
      keyId: 'oa-1',
      modelRequested: 'gpt-4',
      status: 200,
      stream: false,
      endpoint: 'chat',
      final: true,
      usage: { inputTokens: 12, outputTokens: 3 },
    });
    expect(fake.dependencies.metrics.render()).toMatch(/switchyard_requests_total\{[^}]*provider="openai-main"[^}]*\} 1/);
  });

  it('sends the client bytes untouched when nothing needs rewriting', async () => {
    const fake = await start();
    const seen: string[] = [];
    fake.agent
      .get(fakeOpenAIOrigin)
      .intercept({ path: '/v1/chat/completions', method: 'POST' })
      .reply((options) => {
        seen.push(String(options.body));
        return { statusCode: 200, data: JSON.stringify(completion), responseOptions: { headers: { 'content-type': 'application/json' } } };
      });
    const payload = '{"model":"gpt-4o",   "messages":[{"role":"user","content":"Hi"}], "temperature": 0.5}';
    const response = await sendToDoor(fake.app, chatCompletions, withClientKey, payload);
    expect(response.statusCode, response.body).toBe(200);
    expect(seen).toEqual([payload]);
  });

  it('converts an Anthropic request to an OpenAI provider and answers in Anthropic shape', async () => {
    const fake = await start();
    const seen: unknown[] = [];
    fake.agent
      .get(fakeOpenAIOrigin)
      .intercept({ path: '/v1/chat/completions', method: 'POST' })
      .reply((options) => {
        seen.push(JSON.parse(String(options.body)));
        return { statusCode: 200, data: JSON.stringify(completion), responseOptions: { headers: { 'content-type': 'application/json' } } };
      });

    const response = await sendToDoor(fake.app, messages, withClientKey, JSON.stringify({ ...messages.body, model: 'gpt-4o' }));

    expect(response.statusCode, response.body).toBe(200);
    expect(seen).toEqual([expect.objectContaining({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] })]);
    expect(response.json()).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'Hello there' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 12, output_tokens: 3 },
    });
  });

  it('relays an Anthropic upstream stream to the Anthropic door with the stored key in x-api-key', async () => {
    const fake = await start();
    const events = [
      ['message_start', { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null, usage: { input_tokens: 9, output_tokens: 1 } } }],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi back' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 4 } }],
      ['message_stop', { type: 'message_stop' }],
    ] as const;
    const stream = events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join('');
    const keys: Array<string | undefined> = [];
    fake.agent
      .get(fakeAnthropicOrigin)
      .intercept({ path: '/v1/messages', method: 'POST' })
      .reply((options) => {
        keys.push(interceptedHeader(options.headers, 'x-api-key'));
        return { statusCode: 200, data: stream, responseOptions: { headers: { 'content-type': 'text/event-stream' } } };
      });

    const response = await sendToDoor(fake.app, messages, { 'x-api-key': fakeClientKey }, JSON.stringify({ ...messages.body, stream: true }));

    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(response.body).toBe(stream);
    expect(keys).toEqual([fakeAnthropicSecret]);
    expect(fake.usage.events).toEqual([
      expect.objectContaining({ provider: 'anthropic-main', keyId: 'an-1', status: 200, stream: true, usage: expect.objectContaining({ inputTokens: 9, outputTokens: 4 }) }),
    ]);
  });

  it('passes /proxy/ through with the client key swapped for the stored one', async () => {
    const fake = await start();
    const seen: Array<{ authorization: string | undefined; path: string }> = [];
    fake.agent
      .get(fakeOpenAIOrigin)
      .intercept({ path: '/v1/models?limit=2', method: 'GET' })
      .reply((options) => {
        seen.push({ authorization: interceptedHeader(options.headers, 'authorization'), path: options.path });
        return { statusCode: 200, data: '{"object":"list","data":[]}', responseOptions: { headers: { 'content-type': 'application/json' } } };
      });

    const response = await send(fake.app, { method: 'GET', url: '/proxy/openai-main/models?limit=2', headers: withClientKey });

    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).toBe('{"object":"list","data":[]}');
    expect(seen).toEqual([{ authorization: `Bearer ${fakeOpenAISecret}`, path: '/v1/models?limit=2' }]);
    expect(fake.usage.events).toEqual([expect.objectContaining({ provider: 'openai-main', endpoint: 'proxy', status: 200, client: fakeClientName })]);
  });

  describe('with two keys', () => {
    const twoKeys: GatewayFakeOptions = {
      config: {
        providers: [
          {
            id: 'openai-main',
            type: 'openai',
            baseUrl: `${fakeOpenAIOrigin}/v1`,
            keys: [
              { id: 'first', secret: 'sk-upstream-first', priority: 1 },
              { id: 'second', secret: 'sk-upstream-second', priority: 2 },
            ],
            models: ['gpt-4o'],
          },
        ],
      },
    };

    /** Answers each call with what `answers` gives for the key it carries, and notes which key that was. */
    function answerByKey(fake: FakeGateway, answers: Record<string, { status: number; body: unknown }>): string[] {
      const keys: string[] = [];
      fake.agent
        .get(fakeOpenAIOrigin)
        .intercept({ path: '/v1/chat/completions', method: 'POST' })
        .reply((options) => {
          const key = (interceptedHeader(options.headers, 'authorization') ?? '').replace('Bearer ', '');
          keys.push(key);
          const answer = answers[key] ?? { status: 500, body: { error: { message: 'unexpected key' } } };
          return { statusCode: answer.status, data: JSON.stringify(answer.body), responseOptions: { headers: { 'content-type': 'application/json' } } };
        })
        .persist();
      return keys;
    }

    it('fails over from a rate-limited key to the next, and the client sees only the answer', async () => {
      const fake = await start(twoKeys);
      const keys = answerByKey(fake, {
        'sk-upstream-first': { status: 429, body: { error: { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' } } },
        'sk-upstream-second': { status: 200, body: completion },
      });
      const response = await sendToDoor(fake.app, chatCompletions, withClientKey);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual(completion);
      expect(keys).toEqual(['sk-upstream-first', 'sk-upstream-second']);
    });

    it('passes a 400 from the upstream to the client as it is, without trying the next key', async () => {
      const fake = await start(twoKeys);
      const refusal = { error: { message: "Invalid value for 'temperature'.", type: 'invalid_request_error', param: 'temperature', code: 'invalid_value' } };
      const keys = answerByKey(fake, { 'sk-upstream-first': { status: 400, body: refusal }, 'sk-upstream-second': { status: 200, body: completion } });
      const response = await sendToDoor(fake.app, chatCompletions, withClientKey);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toEqual(refusal);
      expect(keys).toEqual(['sk-upstream-first']);
    });

    it('answers in Anthropic shape on /v1/messages when every key is rate-limited', async () => {
      const fake = await start(twoKeys);
      const limited = { status: 429, body: { error: { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' } } };
      const keys = answerByKey(fake, { 'sk-upstream-first': limited, 'sk-upstream-second': limited });
      const response = await sendToDoor(fake.app, messages, withClientKey, JSON.stringify({ ...messages.body, model: 'gpt-4o' }));
      expectAnthropicError(response, 429, 'rate_limit_error');
      expect(keys).toEqual(['sk-upstream-first', 'sk-upstream-second']);
    });
  });

  it('answers an upstream that cannot be reached with a 502 in the door format, naming the provider that failed', async () => {
    // Nothing intercepted: the MockAgent refuses the call as a connection failure would.
    const fake = await start();
    const response = await sendToDoor(fake.app, chatCompletions, withClientKey);
    expect(fake.upstreamCalls()).toEqual([{ origin: fakeOpenAIOrigin, path: '/v1/chat/completions', method: 'POST' }]);
    expect(response.statusCode, response.body).toBe(502);
    const body = response.json() as { error: { message: string } };
    expect(body).toStrictEqual({ error: { message: expect.any(String), type: 'api_error', param: null, code: expect.any(String) } });
    expect(body.error.message).toContain('openai-main');
    expect(fake.usage.events).toContainEqual(expect.objectContaining({ provider: 'openai-main', keyId: 'oa-1', status: 502 }));
  });
});

