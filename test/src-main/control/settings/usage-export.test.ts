import { describe, expect, it } from 'vitest';
import { csvField, exportUsageFile } from '../../../../src-main/control/settings/usage-export.js';
import type { UsageHistoryRow } from '../../../../src-main/store/usage-history.js';

describe('csvField', () => {
  it('leaves plain text and numbers alone and writes null as an empty field', () => {
    expect(csvField('gpt-4o')).toBe('gpt-4o');
    expect(csvField(0.000125)).toBe('0.000125');
    expect(csvField(true)).toBe('true');
    expect(csvField(null)).toBe('');
  });

  it('quotes commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line one\nline two')).toBe('"line one\nline two"');
    expect(csvField('cr\r\nlf')).toBe('"cr\r\nlf"');
  });

  it('keeps Chinese text as it is', () => {
    expect(csvField('通义千问')).toBe('通义千问');
    expect(csvField('错误，请稍后再试')).toBe('错误，请稍后再试');
  });

  it('keeps a spreadsheet from running text as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe(`"'+1"`);
    // A negative number is a number, not text a spreadsheet would run.
    expect(csvField(-3)).toBe('-3');
  });
});

describe('exportUsageFile', () => {
  const row: UsageHistoryRow = {
    time: Date.UTC(2025, 2, 7, 9, 30),
    client: 'editor, main',
    modelRequested: 'qwen',
    modelUsed: '通义千问',
    provider: 'dashscope',
    keyId: 'k1',
    status: 502,
    latencyMs: 1200.5,
    firstByteMs: null,
    inputTokens: 10,
    outputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: null,
    stream: false,
    endpoint: 'chat',
    final: true,
    error: 'upstream said:\n"bad gateway"',
  };

  it('starts CSV with a UTF-8 byte-order mark and ends each record with CRLF', () => {
    const file = exportUsageFile([row], 'csv', Date.UTC(2025, 2, 7, 12));
    expect(file.content.startsWith('\uFEFFtime,client,')).toBe(true);
    expect(file.content.endsWith('\r\n')).toBe(true);
    const record = file.content.split('\r\n')[1];
    expect(record).toBe('2025-03-07T09:30:00.000Z,"editor, main",qwen,通义千问,dashscope,k1,502,1200.5,,10,0,0,0,0,,false,chat,true,"upstream said:\n""bad gateway"""');
  });

  it('answers an empty history with the header alone', () => {
    const file = exportUsageFile([], 'csv', 0);
    expect(file.content.replace('\uFEFF', '').trimEnd().split('\r\n')).toHaveLength(1);
    expect(JSON.parse(exportUsageFile([], 'json', 0).content)).toEqual([]);
  });
});
