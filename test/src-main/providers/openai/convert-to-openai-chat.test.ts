import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../src-main/conversion/chat-request.js';
import { isContractError } from '../../../../src-main/conversion/contract-error.js';
import { convertToOpenAIChat } from '../../../../src-main/providers/openai/convert-to-openai-chat.js';
import type { OpenAIChatDialect } from '../../../../src-main/providers/openai/openai-chat-dialect.js';

const openai: OpenAIChatDialect = {
  targetName: 'OpenAI',
  maxTokensField: 'max_completion_tokens',
  flattenTextContent: false,
  sendReasoningContent: false,
  sendReasoningEffort: true,
};
const compatible: OpenAIChatDialect = {
  targetName: 'OpenAI-compatible',
  maxTokensField: 'max_tokens',
  flattenTextContent: true,
  sendReasoningContent: true,
  sendReasoningEffort: false,
};

const request = (overrides: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'client-model',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  tools: [],
  stream: false,
  ...overrides,
});

/** A Claude Code style turn: tool call with reasoning, then the result. */
const toolTurn: ChatRequest['messages'] = [
  { role: 'user', content: [{ type: 'text', text: 'List the files.' }] },
  {
    role: 'assistant',
    content: [
      { type: 'reasoning', text: 'I should run ls.', signature: 'sig-1' },
      { type: 'text', text: 'Running ls.' },
      { type: 'tool-call', id: 'toolu_1', name: 'Bash', arguments: '{"command":"ls"}' },
      { type: 'tool-call', id: 'toolu_2', name: 'Glob', arguments: '' },
    ],
  },
  {
    role: 'user',
    content: [
      { type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'a.txt\nb.txt' }], isError: false },
      { type: 'tool-result', toolCallId: 'toolu_2', content: [] },
      { type: 'text', text: 'Now summarize.', cacheControl: { type: 'ephemeral' } },
    ],
  },
];

describe('convertToOpenAIChat', () => {
  it('sends the upstream model, the system prompt and a single text as a string', () => {
    const body = convertToOpenAIChat(request({ system: [{ type: 'text', text: 'Be brief.', cacheControl: { type: 'ephemeral' } }] }), 'gpt-4o', openai);
    expect(body).toEqual({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
  });

  it('keeps several text blocks apart as parts for OpenAI, and joins them for compatible vendors', () => {
    const system: ChatRequest['system'] = [
      { type: 'text', text: 'You are Claude Code.' },
      { type: 'text', text: 'Use tools.' },
    ];
    const messages: ChatRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: '<system-reminder>ctx</system-reminder>' }, { type: 'text', text: 'Fix the bug.' }] },
    ];
    expect(convertToOpenAIChat(request({ system, messages }), 'gpt-4o', openai).messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'You are Claude Code.' }, { type: 'text', text: 'Use tools.' }] },
      { role: 'user', content: [{ type: 'text', text: '<system-reminder>ctx</system-reminder>' }, { type: 'text', text: 'Fix the bug.' }] },
    ]);
    expect(convertToOpenAIChat(request({ system, messages }), 'deepseek-chat', compatible).messages).toEqual([
      { role: 'system', content: 'You are Claude Code.\n\nUse tools.' },
      { role: 'user', content: '<system-reminder>ctx</system-reminder>\n\nFix the bug.' },
    ]);
  });

  it('sends images as image_url parts: data URLs for base64, links as they are', () => {
    const messages: ChatRequest['messages'] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare:' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'high' },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
        ],
      },
    ];
    expect(convertToOpenAIChat(request({ messages }), 'gpt-4o', compatible).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare:' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        ],
      },
    ]);
  });

  it('splits tool results into tool messages right after the calling assistant message, then the user text', () => {
    const body = convertToOpenAIChat(request({ messages: toolTurn }), 'gpt-4o', openai);
    expect(body.messages).toEqual([
      { role: 'user', content: 'List the files.' },
      {
        role: 'assistant',
        content: 'Running ls.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } },
          // No arguments at all is the empty object, which OpenAI can parse.
          { id: 'toolu_2', type: 'function', function: { name: 'Glob', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'a.txt\nb.txt' },
      { role: 'tool', tool_call_id: 'toolu_2', content: '' },
      { role: 'user', content: 'Now summarize.' },
    ]);
  });

  it('sends reasoning back as reasoning_content only where the dialect wants it, never redacted thinking', () => {
    const [, assistantForOpenAI] = convertToOpenAIChat(request({ messages: toolTurn }), 'gpt-4o', openai).messages as Array<Record<string, unknown>>;
    expect(assistantForOpenAI).not.toHaveProperty('reasoning_content');
    const [, assistantForDeepSeek] = convertToOpenAIChat(request({ messages: toolTurn }), 'deepseek-reasoner', compatible).messages as Array<
      Record<string, unknown>
    >;
    expect(assistantForDeepSeek).toMatchObject({ reasoning_content: 'I should run ls.', content: 'Running ls.' });

    const redacted: ChatRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'reasoning', text: '', redactedData: 'EqQBCgIYAh' }, { type: 'text', text: 'Hello' }] },
    ];
    const [, assistant] = convertToOpenAIChat(request({ messages: redacted }), 'deepseek-reasoner', compatible).messages as Array<Record<string, unknown>>;
    expect(assistant).toEqual({ role: 'assistant', content: 'Hello' });
  });

  it('moves images a tool returned into a user message after the tool messages, saying so in the tool message', () => {
    const messages: ChatRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: 'Screenshot please.' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'call_shot', name: 'screenshot', arguments: '{}' }] },
      {
        role: 'user',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'call_shot',
            content: [
              { type: 'text', text: 'Captured.' },
              { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
            ],
          },
        ],
      },
    ];
    expect(convertToOpenAIChat(request({ messages }), 'gpt-4o', openai).messages).toEqual([
      { role: 'user', content: 'Screenshot please.' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_shot', type: 'function', function: { name: 'screenshot', arguments: '{}' } }] },
      {
        role: 'tool',
        tool_call_id: 'call_shot',
        content: [
          { type: 'text', text: 'Captured.' },
          { type: 'text', text: '(The image this tool returned follows in the next user message.)' },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Images returned by tool call call_shot:' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        ],
      },
    ]);
  });

  it('maps tools, tool choice, parallel calls and sampling parameters', () => {
    const body = convertToOpenAIChat(
      request({
        tools: [
          { name: 'Bash', description: 'Run a command', parameters: { type: 'object', properties: { command: { type: 'string' } } }, cacheControl: { type: 'ephemeral' } },
          { name: 'LS', parameters: { type: 'object', properties: {} } },
        ],
        toolChoice: { type: 'tool', name: 'Bash' },
        parallelToolCalls: false,
        maxOutputTokens: 32000,
        temperature: 1,
        topP: 0.9,
        stopSequences: ['END'],
        seed: 7,
        presencePenalty: 0.1,
        frequencyPenalty: 0.2,
        responseFormat: { type: 'json-schema', name: 'answer', schema: { type: 'object' }, strict: true },
        user: 'user_abc',
      }),
      'gpt-4o',
      openai,
    );
    expect(body).toMatchObject({
      tools: [
        { type: 'function', function: { name: 'Bash', description: 'Run a command', parameters: { type: 'object', properties: { command: { type: 'string' } } } } },
        { type: 'function', function: { name: 'LS', parameters: { type: 'object', properties: {} } } },
      ],
      tool_choice: { type: 'function', function: { name: 'Bash' } },
      parallel_tool_calls: false,
      max_completion_tokens: 32000,
      temperature: 1,
      top_p: 0.9,
      stop: ['END'],
      seed: 7,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
      user: 'user_abc',
    });
    expect(body).not.toHaveProperty('max_tokens');
    expect(JSON.stringify(body)).not.toContain('cache');
  });

  it('names the output limit max_tokens for compatible vendors', () => {
    const body = convertToOpenAIChat(request({ maxOutputTokens: 1000 }), 'deepseek-chat', compatible);
    expect(body.max_tokens).toBe(1000);
    expect(body).not.toHaveProperty('max_completion_tokens');
  });

  it('maps the simple tool choices and leaves tool choice out when there are no tools', () => {
    const tools: ChatRequest['tools'] = [{ name: 'f', parameters: { type: 'object' } }];
    for (const type of ['auto', 'none', 'required'] as const) {
      expect(convertToOpenAIChat(request({ tools, toolChoice: { type } }), 'gpt-4o', openai).tool_choice).toBe(type);
    }
    const withoutTools = convertToOpenAIChat(request({ toolChoice: { type: 'auto' }, parallelToolCalls: true }), 'gpt-4o', openai);
    expect(withoutTools).not.toHaveProperty('tool_choice');
    expect(withoutTools).not.toHaveProperty('parallel_tool_calls');
  });

  it('maps the JSON response formats', () => {
    expect(convertToOpenAIChat(request({ responseFormat: { type: 'json-object' } }), 'gpt-4o', openai).response_format).toEqual({ type: 'json_object' });
    expect(convertToOpenAIChat(request({ responseFormat: { type: 'text' } }), 'gpt-4o', openai).response_format).toEqual({ type: 'text' });
  });

  it('asks for a reasoning effort where the dialect allows it, and leaves it out when reasoning is off', () => {
    expect(convertToOpenAIChat(request({ reasoning: { budgetTokens: 31999 } }), 'o3', openai).reasoning_effort).toBe('high');
    expect(convertToOpenAIChat(request({ reasoning: { effort: 'minimal' } }), 'gpt-5', openai).reasoning_effort).toBe('minimal');
    expect(convertToOpenAIChat(request({ reasoning: null }), 'o3', openai)).not.toHaveProperty('reasoning_effort');
    expect(convertToOpenAIChat(request({ reasoning: { budgetTokens: 31999 } }), 'deepseek-reasoner', compatible)).not.toHaveProperty('reasoning_effort');
  });

  it('asks a stream for usage, always', () => {
    const body = convertToOpenAIChat(request({ stream: true }), 'gpt-4o', openai);
    expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(convertToOpenAIChat(request(), 'gpt-4o', openai)).not.toHaveProperty('stream_options');
  });

  it('refuses top_k, which OpenAI has no equivalent for, naming it and the target', () => {
    let error: unknown;
    try {
      convertToOpenAIChat(request({ topK: 40 }), 'gpt-4o', openai);
    } catch (caught) {
      error = caught;
    }
    expect(isContractError(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, code: 'unsupported_feature' });
    expect((error as Error).message).toContain('top_k cannot be sent to the OpenAI provider');
    expect(() => convertToOpenAIChat(request({ topK: 40 }), 'deepseek-chat', compatible)).toThrow(/top_k cannot be sent to the OpenAI-compatible provider/);
  });
});
