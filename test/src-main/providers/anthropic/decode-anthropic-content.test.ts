import { describe, expect, it } from 'vitest';
import { ContractError, isContractError } from '../../../../src-main/conversion/contract-error.js';
import { decodeAnthropicMessages } from '../../../../src-main/providers/anthropic/decode-anthropic-content.js';

function refusal(messages: unknown): ContractError {
  try {
    decodeAnthropicMessages(messages);
  } catch (error) {
    if (isContractError(error)) return error;
    throw error;
  }
  throw new Error('expected the messages to be refused');
}

const expectInvalid = (messages: unknown, message: string) => {
  const error = refusal(messages);
  expect({ status: error.status, code: error.code }).toEqual({ status: 400, code: 'invalid_request' });
  expect(error.message).toBe(message);
};

const expectUnsupported = (messages: unknown, named: string) => {
  const error = refusal(messages);
  expect({ status: error.status, code: error.code }).toEqual({ status: 400, code: 'unsupported_feature' });
  expect(error.message).toContain(named);
};

const toolTurn = {
  role: 'assistant',
  content: [
    { type: 'thinking', thinking: 'I should list files.', signature: 'EqQBCkYIBxgCKkA' },
    { type: 'text', text: 'Listing.' },
    { type: 'tool_use', id: 'toolu_01A', name: 'LS', input: { path: '/tmp' } },
  ],
};

describe('decodeAnthropicMessages', () => {
  it('decodes string content and text blocks with cache_control', () => {
    expect(
      decodeAnthropicMessages([
        { role: 'user', content: 'plain' },
        { role: 'assistant', content: [{ type: 'text', text: 'ok', citations: null }] },
        { role: 'user', content: [{ type: 'text', text: 'cached', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
      ]),
    ).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'plain' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'ok' }] },
      { role: 'user', content: [{ type: 'text', text: 'cached', cacheControl: { type: 'ephemeral', ttl: '1h' } }] },
    ]);
  });

  it('decodes base64 and url images', () => {
    const [message] = decodeAnthropicMessages([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' }, cache_control: { type: 'ephemeral' } },
        ],
      },
    ]);
    expect(message?.content).toEqual([
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' }, cacheControl: { type: 'ephemeral' } },
    ]);
  });

  it('decodes thinking with its signature, tool_use with its input as JSON text, and tool results with the tool name', () => {
    const messages = decodeAnthropicMessages([
      { role: 'user', content: 'list /tmp' },
      toolTurn,
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01A', content: 'a.txt\nb.txt' },
          { type: 'text', text: 'thanks' },
        ],
      },
    ]);
    expect(messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'I should list files.', signature: 'EqQBCkYIBxgCKkA' },
        { type: 'text', text: 'Listing.' },
        { type: 'tool-call', id: 'toolu_01A', name: 'LS', arguments: '{"path":"/tmp"}' },
      ],
    });
    expect(messages[2]?.content).toEqual([
      { type: 'tool-result', toolCallId: 'toolu_01A', toolName: 'LS', content: [{ type: 'text', text: 'a.txt\nb.txt' }] },
      { type: 'text', text: 'thanks' },
    ]);
  });

  it('decodes tool results with block content, is_error, cache_control, and empty content', () => {
    const [, , result] = decodeAnthropicMessages([
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'call_1', name: 'Read', input: {} },
          { type: 'tool_use', id: 'call_2', name: 'Bash', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'call_1',
            content: [
              { type: 'text', text: 'see image' },
              { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } },
            ],
            cache_control: { type: 'ephemeral' },
          },
          { type: 'tool_result', tool_use_id: 'call_2', is_error: true },
        ],
      },
    ]);
    expect(result?.content).toEqual([
      {
        type: 'tool-result',
        toolCallId: 'call_1',
        toolName: 'Read',
        content: [
          { type: 'text', text: 'see image' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/' } },
        ],
        cacheControl: { type: 'ephemeral' },
      },
      { type: 'tool-result', toolCallId: 'call_2', toolName: 'Bash', content: [], isError: true },
    ]);
  });

  it('decodes redacted thinking, and an empty signature as none', () => {
    const [, message] = decodeAnthropicMessages([
      { role: 'user', content: 'x' },
      {
        role: 'assistant',
        content: [
          { type: 'redacted_thinking', data: 'EmwKAhgBEgy3' },
          { type: 'thinking', thinking: 'from deepseek', signature: '' },
        ],
      },
    ]);
    expect(message?.content).toEqual([
      { type: 'reasoning', text: '', redactedData: 'EmwKAhgBEgy3' },
      { type: 'reasoning', text: 'from deepseek' },
    ]);
  });

  it('allows an empty final assistant message (a prefill) only', () => {
    expect(decodeAnthropicMessages([{ role: 'user', content: 'x' }, { role: 'assistant', content: [] }])[1]).toEqual({ role: 'assistant', content: [] });
    expectInvalid([{ role: 'user', content: '' }], 'messages.0.content: all messages must have non-empty content except for the optional final assistant message');
    expectInvalid(
      [{ role: 'user', content: 'x' }, { role: 'assistant', content: [] }, { role: 'user', content: 'y' }],
      'messages.1.content: all messages must have non-empty content except for the optional final assistant message',
    );
  });

  it('refuses a tool_result that answers no earlier tool_use, naming the field', () => {
    expectInvalid(
      [{ role: 'user', content: 'x' }, toolTurn, { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'tool_result', tool_use_id: 'toolu_missing' }] }],
      'messages.2.content.1.tool_use_id: no tool_use block with id "toolu_missing" in an earlier assistant message; each tool_result must answer a tool_use',
    );
    expectInvalid([{ role: 'user', content: [{ type: 'tool_result' }] }], 'messages.0.content.0.tool_use_id: Field required');
  });

  it('refuses malformed messages and blocks, naming the field', () => {
    expectInvalid('hi', 'messages: Input should be a valid list');
    expectInvalid([{ role: 'system', content: 'x' }], "messages.0.role: Input should be 'user' or 'assistant'");
    expectInvalid([{ content: 'x' }], 'messages.0.role: Field required');
    expectInvalid([{ role: 'user' }], 'messages.0.content: Field required');
    expectInvalid([{ role: 'user', content: 'x', name: 'bob' }], 'messages.0.name: Extra inputs are not permitted');
    expectInvalid([{ role: 'user', content: [{ type: 'text', text: 3 }] }], 'messages.0.content.0.text: Input should be a valid string');
    expectInvalid([{ role: 'user', content: [{ type: 'text', text: 'a', extra: 1 }] }], 'messages.0.content.0.extra: Extra inputs are not permitted');
    expectInvalid([{ role: 'user', content: ['a'] }], 'messages.0.content.0: Input should be an object');
    expectInvalid([{ role: 'user', content: [{ text: 'a' }] }], 'messages.0.content.0.type: Field required');
    expectInvalid(
      [{ role: 'user', content: [{ type: 'video' }] }],
      "messages.0.content.0.type: Input tag \"video\" does not match any of the expected tags: 'text', 'image', 'tool_result'",
    );
    expectInvalid([{ role: 'user', content: [{ type: 'text', text: 'a', cache_control: { type: 'persistent' } }] }], "messages.0.content.0.cache_control.type: Input should be 'ephemeral'");
  });

  it('refuses images it cannot send, naming the field', () => {
    expectInvalid([{ role: 'user', content: [{ type: 'image' }] }], 'messages.0.content.0.source: Field required');
    expectInvalid(
      [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: 'Qk0=' } }] }],
      "messages.0.content.0.source.media_type: Input should be one of 'image/jpeg', 'image/png', 'image/gif', 'image/webp'",
    );
    expectInvalid([{ role: 'user', content: [{ type: 'image', source: { type: 'url' } }] }], 'messages.0.content.0.source.url: Field required');
    expectInvalid([{ role: 'user', content: [{ type: 'image', source: { type: 'ftp', url: 'x' } }] }], "messages.0.content.0.source.type: Input should be 'base64', 'url' or 'file'");
    expectUnsupported([{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_1' } }] }], 'messages.0.content.0.source');
  });

  it('refuses blocks in the wrong role', () => {
    expectInvalid([{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'b', input: {} }] }], 'messages.0.content.0.type: "tool_use" blocks are not allowed in user messages');
    expectInvalid([{ role: 'user', content: [{ type: 'thinking', thinking: 'a', signature: 'b' }] }], 'messages.0.content.0.type: "thinking" blocks are not allowed in user messages');
    expectInvalid(
      [{ role: 'user', content: 'x' }, { role: 'assistant', content: [{ type: 'image', source: { type: 'url', url: 'u' } }] }],
      'messages.1.content.0.type: "image" blocks are not allowed in assistant messages',
    );
    expectInvalid(
      [{ role: 'user', content: 'x' }, { role: 'assistant', content: [{ type: 'tool_result', tool_use_id: 'a' }] }],
      'messages.1.content.0.type: "tool_result" blocks are not allowed in assistant messages',
    );
  });

  it('refuses malformed tool_use and thinking blocks, naming the field', () => {
    const assistant = (block: Record<string, unknown>) => [{ role: 'user', content: 'x' }, { role: 'assistant', content: [block] }];
    expectInvalid(assistant({ type: 'tool_use', name: 'a', input: {} }), 'messages.1.content.0.id: Field required');
    expectInvalid(assistant({ type: 'tool_use', id: 'a', name: 'b' }), 'messages.1.content.0.input: Field required');
    expectInvalid(assistant({ type: 'tool_use', id: 'a', name: 'b', input: '{}' }), 'messages.1.content.0.input: Input should be an object');
    expectInvalid(assistant({ type: 'thinking', thinking: 'a' }), 'messages.1.content.0.signature: Field required');
    expectInvalid(assistant({ type: 'redacted_thinking' }), 'messages.1.content.0.data: Field required');
  });

  it('refuses content only Anthropic can serve, naming it', () => {
    expectUnsupported([{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' } }] }], '"document" content block (messages.0.content.0)');
    expectUnsupported(
      [{ role: 'user', content: 'x' }, { role: 'assistant', content: [{ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} }] }],
      '"server_tool_use" content block (messages.1.content.0)',
    );
    expectUnsupported(
      [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Read', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'search_result', source: 's', title: 't', content: [] }] }] },
      ],
      '"search_result" content block (messages.2.content.0.content.0)',
    );
  });
});
