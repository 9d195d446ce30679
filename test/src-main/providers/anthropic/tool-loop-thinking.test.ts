import { describe, expect, it } from 'vitest';
import { toolLoopLacksThinking, withoutUnmetThinking } from '../../../../src-main/providers/anthropic/tool-loop-thinking.js';

const thinking = { type: 'thinking', thinking: 't', signature: 'EqQBCkYIBxgC' };
const toolUse = (id: string) => ({ type: 'tool_use', id, name: 'ls', input: {} });
const toolResult = (id: string) => ({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'a' }] });

describe('toolLoopLacksThinking', () => {
  it('is true when the request continues a tool loop whose opening assistant turn does not start with thinking', () => {
    expect(toolLoopLacksThinking([{ role: 'user', content: 'hi' }, { role: 'assistant', content: [toolUse('t1')] }, toolResult('t1')])).toBe(true);
    expect(
      toolLoopLacksThinking([{ role: 'user', content: 'hi' }, { role: 'assistant', content: [{ type: 'text', text: 'Looking.' }, thinking, toolUse('t1')] }, toolResult('t1')]),
    ).toBe(true);
  });

  it('is false when the opening turn starts with thinking or redacted thinking, even if later rounds do not', () => {
    expect(toolLoopLacksThinking([{ role: 'user', content: 'hi' }, { role: 'assistant', content: [thinking, toolUse('t1')] }, toolResult('t1')])).toBe(false);
    expect(
      toolLoopLacksThinking([
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'x' }, toolUse('t1')] },
        toolResult('t1'),
        { role: 'assistant', content: [toolUse('t2')] },
        toolResult('t2'),
      ]),
    ).toBe(false);
  });

  it('is false when no tool loop goes on: the last message is the user’s own, or an assistant prefill', () => {
    expect(toolLoopLacksThinking([{ role: 'user', content: 'hi' }])).toBe(false);
    expect(toolLoopLacksThinking([{ role: 'user', content: 'hi' }, { role: 'assistant', content: [toolUse('t1')] }, toolResult('t1'), { role: 'assistant', content: 'Done.' }, { role: 'user', content: 'more' }])).toBe(false);
    expect(toolLoopLacksThinking([{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'Sure' }])).toBe(false);
    expect(toolLoopLacksThinking([])).toBe(false);
  });
});

describe('withoutUnmetThinking', () => {
  const loop = [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [toolUse('t1')] }, toolResult('t1')];

  it('leaves thinking out of a body asking for extended thinking whose tool loop lacks it, without changing the client’s body', () => {
    const body = { model: 'm', max_tokens: 8000, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: loop };
    const original = structuredClone(body);
    expect(withoutUnmetThinking(body)).toEqual({ model: 'm', max_tokens: 8000, messages: loop });
    expect(body).toEqual(original);
  });

  it('is null (send the client’s bytes) when nothing needs changing', () => {
    expect(withoutUnmetThinking({ model: 'm', messages: loop })).toBeNull();
    expect(withoutUnmetThinking({ model: 'm', thinking: { type: 'disabled' }, messages: loop })).toBeNull();
    expect(withoutUnmetThinking({ model: 'm', thinking: { type: 'adaptive' }, messages: loop })).toBeNull();
    expect(withoutUnmetThinking({ model: 'm', thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [{ role: 'user', content: 'hi' }] })).toBeNull();
  });
});
