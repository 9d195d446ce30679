import { describe, expect, it } from 'vitest';
import { parseOpenAIChatResponse } from '../../../../src-main/providers/openai/parse-openai-chat-response.js';
import { readRecordedJson } from '../../../support/recorded-fixtures.js';

const completion = (message: Record<string, unknown>, finishReason: string, usage: unknown = null) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  model: 'deepseek-reasoner',
  choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }],
  usage,
});

describe(
  'parseOpenAIChatResponse on a recorded answer (test/fixtures/recorded/openai)',
  () => {
  it('reads the text, finish reason and usage of a recorded chat completion', () => {
    const body = readRecordedJson('openai/openai-text.json') as {
      choices: Array<{ message: { content: string } }>;
      usage: unknown;
    };
    const response = parseOpenAIChatResponse(body);
    expect(response).toEqual({
      id: 'chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU',
      model: 'gpt-4.1-nano-2025-04-14',
      content: [{ type: 'text', text: body.choices[0]!.message.content }],
      finishReason: 'stop',
      usage: { inputTokens: 16, outputTokens: 363, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      rawUsage: body.usage,
    });
  });
});

describe('parseOpenAIChatResponse', () => {
  it('puts reasoning first, then text, then tool calls', () => {
    const response = parseOpenAIChatResponse(
      completion(
        {
          content: 'Checking.',
          reasoning_content: 'The user wants the weather.',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"location":"Paris"}' } }],
        },
        'tool_calls',
        { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30, completion_tokens_details: { reasoning_tokens: 12 }, prompt_cache_hit_tokens: 4 },
      ),
    );
    expect(response.content).toEqual([
      { type: 'reasoning', text: 'The user wants the weather.' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool-call', id: 'call_1', name: 'weather', arguments: '{"location":"Paris"}' },
    ]);
    expect(response.finishReason).toBe('tool-calls');
    expect(response.usage).toEqual({ inputTokens: 10, outputTokens: 20, cachedInputTokens: 4, cacheWriteTokens: 0, reasoningTokens: 12 });
  });

  it("reads OpenRouter's `reasoning` field as reasoning", () => {
    expect(parseOpenAIChatResponse(completion({ content: 'Hi', reasoning: 'Greet back.' }, 'stop')).content[0]).toEqual({ type: 'reasoning', text: 'Greet back.' });
  });

  it('turns a refusal into text with the refusal finish reason', () => {
    const response = parseOpenAIChatResponse(completion({ content: null, refusal: "I'm sorry, I can't help with that." }, 'stop'));
    expect(response.content).toEqual([{ type: 'text', text: "I'm sorry, I can't help with that." }]);
    expect(response.finishReason).toBe('refusal');
  });

  it('reads an answer without usage as zero usage', () => {
    expect(parseOpenAIChatResponse(completion({ content: 'Hi' }, 'length')).usage).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
  });

  it('throws the upstream error when a relay answers an error with status 200', () => {
    expect(() => parseOpenAIChatResponse({ error: { message: 'Rate limit reached', type: 'rate_limit_error' } })).toThrow(
      expect.objectContaining({ code: 'upstream_error', status: 429, message: 'Rate limit reached' }),
    );
  });

  it('refuses a body that is not a chat completion', () => {
    expect(() => parseOpenAIChatResponse({ choices: [] })).toThrow(expect.objectContaining({ code: 'invalid_upstream_response', status: 502 }));
    expect(() => parseOpenAIChatResponse('<html>')).toThrow(/not a chat completion/);
  });
});
