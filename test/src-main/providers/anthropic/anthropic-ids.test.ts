import { describe, expect, it } from 'vitest';
import { toAnthropicMessageId, toAnthropicToolUseId } from '../../../../src-main/providers/anthropic/anthropic-ids.js';

describe('toAnthropicMessageId', () => {
  it('keeps Anthropic ids, prefixes other vendors’ ids and makes up a missing one', () => {
    expect(toAnthropicMessageId('msg_01XFDUDYJgAACzvnptvVoYEL')).toBe('msg_01XFDUDYJgAACzvnptvVoYEL');
    expect(toAnthropicMessageId('chatcmpl-B9MBs8')).toBe('msg_chatcmpl-B9MBs8');
    const made = toAnthropicMessageId('');
    expect(made).toMatch(/^msg_[A-Za-z0-9]{24}$/);
    expect(toAnthropicMessageId('')).not.toBe(made);
  });
});

describe('toAnthropicToolUseId', () => {
  it('passes other vendors’ call ids through and makes up a missing one', () => {
    expect(toAnthropicToolUseId('call_abc123')).toBe('call_abc123');
    expect(toAnthropicToolUseId('toolu_01A')).toBe('toolu_01A');
    expect(toAnthropicToolUseId('')).toMatch(/^toolu_[A-Za-z0-9]{24}$/);
  });
});
