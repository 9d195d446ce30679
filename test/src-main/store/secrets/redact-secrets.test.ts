import { describe, expect, it } from 'vitest';
import { createSecretRedactor, redactBody, redactedMarker } from '../../../../src-main/store/secrets/redact-secrets.js';
import { redactUpstreamError } from '../../../../src-main/store/secrets/redact-upstream-error.js';

const openaiKey = 'sk-proj-Q7vX2mLp9TzR4kWn8YbC';
const googleKey = 'AIzaSyD4-x7Hq2LmN9pR3tVw6YbZ1cE5fG8hJ0k';

describe('createSecretRedactor', () => {
  const redact = createSecretRedactor([openaiKey, googleKey]);

  it('replaces a whole secret', () => {
    expect(redact(`Incorrect API key provided: ${openaiKey}.`)).toBe(`Incorrect API key provided: ${redactedMarker}.`);
  });

  it('replaces any slice of 8 or more characters, at the start, middle or end of a secret', () => {
    const middle = openaiKey.slice(5, 13);
    expect(middle).toHaveLength(8);
    expect(redact(`got ${middle} here`)).toBe(`got ${redactedMarker} here`);
    expect(redact(`key ends in ${googleKey.slice(-12)}`)).toBe(`key ends in ${redactedMarker}`);
    expect(redact(`(${openaiKey.slice(0, 9)}...)`)).toBe(`(${redactedMarker}...)`);
  });

  it('leaves a slice shorter than 8 characters alone', () => {
    const text = `hint ${openaiKey.slice(-7)}`;
    expect(redact(text)).toBe(text);
  });

  it('merges overlapping and adjacent matches into one marker', () => {
    // The key twice, overlapping with itself by a slice, then a slice of the other key right after.
    const text = `[${openaiKey}${openaiKey.slice(10)}${googleKey.slice(3, 20)}]`;
    expect(redact(text)).toBe(`[${redactedMarker}]`);
  });

  it('finds several secrets in one text', () => {
    const text = `a ${openaiKey} b ${googleKey} c ${openaiKey.slice(4, 16)} d`;
    expect(redact(text)).toBe(`a ${redactedMarker} b ${redactedMarker} c ${redactedMarker} d`);
  });

  it('returns a text that holds no secret as it is', () => {
    const text = 'The model `gpt-4o` does not exist or you do not have access to it.';
    expect(redact(text)).toBe(text);
    expect(redact('')).toBe('');
  });

  it('matches secrets shorter than the slice length whole, and ignores ones too short to be keys', () => {
    const shortRedact = createSecretRedactor(['k3y-42', 'ab']);
    expect(shortRedact('bad key k3y-42!')).toBe(`bad key ${redactedMarker}!`);
    expect(shortRedact('k3y-4 and ab stay')).toBe('k3y-4 and ab stay');
  });

  it('redacts nothing when there are no secrets', () => {
    const none = createSecretRedactor([]);
    expect(none(`text with ${openaiKey}`)).toBe(`text with ${openaiKey}`);
  });
});

describe('redactBody', () => {
  const redact = createSecretRedactor([googleKey]);

  it('returns the same Buffer when the body holds no secret', () => {
    const body = Buffer.from('{"error":{"message":"quota"}}');
    expect(redactBody(body, redact)).toBe(body);
  });

  it('re-encodes a body that held one', () => {
    const body = Buffer.from(JSON.stringify({ error: { message: `API key not valid (got ${googleKey})` } }));
    const redacted = redactBody(body, redact);
    expect(JSON.parse(redacted.toString('utf8'))).toEqual({ error: { message: `API key not valid (got ${redactedMarker})` } });
  });
});

describe('redactUpstreamError', () => {
  const redact = createSecretRedactor([openaiKey]);

  it('redacts the message and the code, keeping status and type', () => {
    const error = { status: 401, type: 'authentication_error', message: `bad key ${openaiKey}`, code: `key_${openaiKey.slice(0, 10)}` };
    expect(redactUpstreamError(error, redact)).toEqual({ status: 401, type: 'authentication_error', message: `bad key ${redactedMarker}`, code: `key_${redactedMarker}` });
  });

  it('returns the same object when nothing is secret', () => {
    const error = { status: 400, type: 'invalid_request_error', message: 'bad request' };
    expect(redactUpstreamError(error, redact)).toBe(error);
  });
});
