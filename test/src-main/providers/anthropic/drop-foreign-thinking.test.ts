import { describe, expect, it } from 'vitest';
import { dropForeignThinking } from '../../../../src-main/providers/anthropic/drop-foreign-thinking.js';

describe('dropForeignThinking (the same-format Anthropic path)', () => {
  it('leaves a body with only Anthropic-signed thinking alone, so the client’s bytes go up unchanged', () => {
    const body = {
      model: 'claude-sonnet-4-5',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 'EqQBCkYIBxgC' }, { type: 'text', text: 'hello' }] },
        { role: 'assistant', content: 'a string content' },
        { role: 'user', content: 'more' },
      ],
    };
    expect(dropForeignThinking(body)).toBeNull();
    expect(dropForeignThinking({ model: 'm' })).toBeNull();
  });

  it('removes thinking a Gemini provider signed, keeping everything else in place', () => {
    const body = {
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'from Gemini', signature: 'gemini:c2ln' },
            { type: 'text', text: 'hello' },
            { type: 'tool_use', id: 'toolu_1', name: 'ls', input: {} },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a' }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'own', signature: 'EqQBCkYIBxgC' }, { type: 'text', text: 'done' }] },
        { role: 'user', content: 'more' },
      ],
    };
    const original = structuredClone(body);
    expect(dropForeignThinking(body)).toEqual({
      ...original,
      messages: [
        original.messages[0],
        { role: 'assistant', content: [{ type: 'text', text: 'hello' }, { type: 'tool_use', id: 'toolu_1', name: 'ls', input: {} }] },
        ...original.messages.slice(2),
      ],
    });
    // The client's body is not changed under it.
    expect(body).toEqual(original);
  });

  it('removes unsigned thinking too: Switchyard sends an empty signature for reasoning that came without one', () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'from DeepSeek', signature: '' }, { type: 'text', text: 'hello' }] },
      ],
    };
    expect(dropForeignThinking(body)!['messages']).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: [{ type: 'text', text: 'hello' }] },
    ]);
  });

  it('leaves out an assistant turn that held nothing but foreign thinking', () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'from Gemini', signature: 'gemini:c2ln' }] },
        { role: 'user', content: 'again' },
      ],
    };
    expect(dropForeignThinking(body)!['messages']).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'user', content: 'again' },
    ]);
  });
});
