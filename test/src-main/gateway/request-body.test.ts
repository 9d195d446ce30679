import { describe, expect, it } from 'vitest';
import { ContractError, isContractError } from '../../../src-main/conversion/contract-error.js';
import { parseJsonObject, requireModel } from '../../../src-main/gateway/request-body.js';

function caught(action: () => unknown): ContractError {
  try {
    action();
  } catch (error) {
    expect(isContractError(error)).toBe(true);
    return error as ContractError;
  }
  throw new Error('expected a ContractError, got none');
}

describe('parseJsonObject', () => {
  it('parses a JSON object body, UTF-8 included', () => {
    expect(parseJsonObject(Buffer.from('{"model":"gpt-4o","messages":[{"content":"héllo ✓"}]}'))).toEqual({
      model: 'gpt-4o',
      messages: [{ content: 'héllo ✓' }],
    });
  });

  it.each([
    ['no body', undefined, 'needs a JSON body'],
    ['an empty body', Buffer.alloc(0), 'needs a JSON body'],
    ['a string instead of bytes', '{"model":"x"}', 'needs a JSON body'],
    ['broken JSON', Buffer.from('{"model":'), 'not valid JSON'],
    ['an array', Buffer.from('[1,2]'), 'must be a JSON object'],
    ['null', Buffer.from('null'), 'must be a JSON object'],
    ['a number', Buffer.from('42'), 'must be a JSON object'],
  ])('answers %s with a 400 invalid_json', (_name, raw, message) => {
    const error = caught(() => parseJsonObject(raw));
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_json');
    expect(error.message).toContain(message);
  });
});

describe('requireModel', () => {
  it('returns the model name', () => {
    expect(requireModel({ model: 'anthropic/claude-sonnet-4.5' })).toBe('anthropic/claude-sonnet-4.5');
  });

  it.each([[{}], [{ model: '' }], [{ model: '   ' }], [{ model: 7 }], [{ model: null }]])('answers %j with a 400 missing_model', (body) => {
    const error = caught(() => requireModel(body));
    expect(error.status).toBe(400);
    expect(error.code).toBe('missing_model');
  });
});

describe('parseJsonObject and duplicate keys', () => {
  it('refuses a second top-level "model" with a 400 duplicate_key naming it', () => {
    const error = caught(() => parseJsonObject(Buffer.from('{"model":"a","messages":[],"model":"b"}')));
    expect(error.status).toBe(400);
    expect(error.code).toBe('duplicate_key');
    expect(error.message).toContain('"model" more than once');
  });

  it('accepts a nested "model"', () => {
    expect(parseJsonObject(Buffer.from('{"model":"a","metadata":{"model":"b"}}'))).toEqual({ model: 'a', metadata: { model: 'b' } });
  });
});
