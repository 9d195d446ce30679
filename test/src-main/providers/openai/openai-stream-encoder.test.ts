import { createServer, type Server } from 'node:http';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamPart } from '../../../../src-main/conversion/stream-part.js';
import { createOpenAIStreamEncoder } from '../../../../src-main/providers/openai/openai-stream-encoder.js';
import { closeServer, listenOnLoopback } from '../../../support/listen.js';

const encode = (parts: StreamPart[], includeUsage = true) => {
  const encoder = createOpenAIStreamEncoder({ requestedModel: 'my-alias', includeUsage });
  return parts.map((part) => encoder.encode(part)).join('');
};

const payloads = (text: string) =>
  text
    .split('\n\n')
    .filter((event) => event !== '')
    .map((event) => event.replace(/^data: /, ''))
    .map((data) => (data === '[DONE]' ? data : (JSON.parse(data) as Record<string, unknown>)));

/** Text, reasoning, then two tool calls (one in pieces, one without arguments), as a parser gives them. */
const answer: StreamPart[] = [
  { type: 'start', id: 'msg_01', model: 'claude-sonnet-4-5' },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'The user wants ' },
  { type: 'reasoning-delta', index: 0, text: 'two things.' },
  { type: 'reasoning-signature', index: 0, signature: 'sig' },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Checking ' },
  { type: 'text-delta', index: 1, text: 'both.' },
  { type: 'text-end', index: 1 },
  { type: 'tool-call-start', index: 2, id: 'toolu_1', name: 'weather' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '"Paris"}' },
  { type: 'tool-call-end', index: 2 },
  { type: 'tool-call-start', index: 3, id: 'toolu_2', name: 'now' },
  { type: 'tool-call-end', index: 3 },
  { type: 'usage', usage: { inputTokens: 50, cachedInputTokens: 20 }, raw: {} },
  { type: 'usage', usage: { outputTokens: 30, reasoningTokens: 8 }, raw: {} },
  { type: 'finish', reason: 'tool-calls' },
];

describe('createOpenAIStreamEncoder', () => {
  it("streams chunks as OpenAI does: role first, tool calls numbered among tool calls only, finish, usage, [DONE]", () => {
    const events = payloads(encode(answer));
    const deltas = events.slice(0, -2).map((event) => (event as { choices: Array<{ delta: unknown; finish_reason: unknown }> }).choices[0]);
    expect(deltas).toEqual([
      { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { reasoning_content: 'The user wants ' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { reasoning_content: 'two things.' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { content: 'Checking ' }, logprobs: null, finish_reason: null },
      { index: 0, delta: { content: 'both.' }, logprobs: null, finish_reason: null },
      {
        index: 0,
        delta: { tool_calls: [{ index: 0, id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '' } }] },
        logprobs: null,
        finish_reason: null,
      },
      { index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }, logprobs: null, finish_reason: null },
      { index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }, logprobs: null, finish_reason: null },
      {
        index: 0,
        delta: { tool_calls: [{ index: 1, id: 'toolu_2', type: 'function', function: { name: 'now', arguments: '' } }] },
        logprobs: null,
        finish_reason: null,
      },
      // A call that streamed no arguments gets `{}`, so clients can parse them.
      { index: 0, delta: { tool_calls: [{ index: 1, function: { arguments: '{}' } }] }, logprobs: null, finish_reason: null },
      { index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' },
    ]);
    expect(events.at(-2)).toMatchObject({
      id: 'msg_01',
      object: 'chat.completion.chunk',
      model: 'my-alias',
      choices: [],
      usage: { prompt_tokens: 50, completion_tokens: 30, total_tokens: 80, prompt_tokens_details: { cached_tokens: 20 }, completion_tokens_details: { reasoning_tokens: 8 } },
    });
    expect(events.at(-1)).toBe('[DONE]');
    for (const event of events.slice(0, -1)) expect(event).toMatchObject({ id: 'msg_01', object: 'chat.completion.chunk', model: 'my-alias' });
  });

  it('leaves the usage chunk out when the client did not ask for it', () => {
    const events = payloads(encode(answer, false));
    expect(events.at(-1)).toBe('[DONE]');
    expect(events.some((event) => typeof event === 'object' && 'usage' in event)).toBe(false);
  });

  it('ends with an OpenAI error event and nothing after it', () => {
    const text = encode([
      { type: 'start', id: 'msg_01', model: 'm' },
      { type: 'error', error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(payloads(text).at(-1)).toEqual({ error: { message: 'Overloaded', type: 'overloaded_error', param: null, code: null } });
    expect(text).not.toContain('[DONE]');
  });
});

describe('createOpenAIStreamEncoder with the official openai SDK', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server) await closeServer(server);
    server = undefined;
  });

  async function serve(body: string): Promise<OpenAI> {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        // Sent in small pieces, as a real stream arrives.
        for (let start = 0; start < body.length; start += 37) response.write(body.slice(start, start + 37));
        response.end();
      });
    });
    const port = await listenOnLoopback(server);
    return new OpenAI({ apiKey: 'sk-test', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
  }

  it('assembles the content, tool calls, finish reason and usage', async () => {
    const client = await serve(encode(answer));
    const stream = client.chat.completions.stream({ model: 'my-alias', messages: [{ role: 'user', content: 'Hi' }], stream_options: { include_usage: true } });
    const completion = await stream.finalChatCompletion();
    expect(completion.model).toBe('my-alias');
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]!.message.content).toBe('Checking both.');
    expect(completion.choices[0]!.message.tool_calls).toEqual([
      { id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
      { id: 'toolu_2', type: 'function', function: { name: 'now', arguments: '{}' } },
    ]);
    expect(completion.usage).toMatchObject({ prompt_tokens: 50, completion_tokens: 30, total_tokens: 80 });
  });

  it('raises the error event as an APIError', async () => {
    const client = await serve(
      encode([
        { type: 'start', id: 'msg_01', model: 'm' },
        { type: 'text-start', index: 0 },
        { type: 'text-delta', index: 0, text: 'Hel' },
        { type: 'error', error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } },
      ]),
    );
    const stream = client.chat.completions.stream({ model: 'my-alias', messages: [{ role: 'user', content: 'Hi' }] });
    await expect(stream.finalChatCompletion()).rejects.toMatchObject({ message: expect.stringContaining('Overloaded') });
  });
});
