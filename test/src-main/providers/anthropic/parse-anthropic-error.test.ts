import { describe, expect, it } from 'vitest';
import { parseAnthropicError, statusForAnthropicErrorType } from '../../../../src-main/providers/anthropic/parse-anthropic-error.js';

describe('parseAnthropicError', () => {
  it("reads Anthropic's error shape", () => {
    const body = Buffer.from(
      JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_011CSURy8kJA4QAXZjsnBj5N' }),
    );
    expect(parseAnthropicError(529, body)).toEqual({ status: 529, type: 'overloaded_error', message: 'Overloaded' });
  });

  it('keeps the status it was given, even where the type would suggest another', () => {
    const body = Buffer.from('{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}');
    expect(parseAnthropicError(422, body)).toEqual({ status: 422, type: 'invalid_request_error', message: 'max_tokens: Field required' });
  });

  it("gives a load balancer's HTML page a readable message and the status's type", () => {
    const body = Buffer.from('<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body></html>');
    expect(parseAnthropicError(502, body)).toEqual({ status: 502, type: 'api_error', message: 'The upstream answered 502: 502 Bad Gateway 502 Bad Gateway' });
  });

  it('says so when the body is empty, and cuts long bodies short', () => {
    expect(parseAnthropicError(503, Buffer.alloc(0))).toEqual({ status: 503, type: 'api_error', message: 'The upstream answered 503 with an empty body.' });
    const long = parseAnthropicError(429, Buffer.from('x'.repeat(1000)));
    expect(long.type).toBe('rate_limit_error');
    expect(long.message.length).toBeLessThan(260);
  });

  it('fills in what a JSON error leaves out', () => {
    expect(parseAnthropicError(401, Buffer.from('{"error":{}}'))).toEqual({ status: 401, type: 'authentication_error', message: 'The upstream answered 401.' });
  });
});

describe('statusForAnthropicErrorType', () => {
  it("pairs each documented error type with Anthropic's status, unknown ones with 500", () => {
    expect(statusForAnthropicErrorType('invalid_request_error')).toBe(400);
    expect(statusForAnthropicErrorType('authentication_error')).toBe(401);
    expect(statusForAnthropicErrorType('permission_error')).toBe(403);
    expect(statusForAnthropicErrorType('not_found_error')).toBe(404);
    expect(statusForAnthropicErrorType('request_too_large')).toBe(413);
    expect(statusForAnthropicErrorType('rate_limit_error')).toBe(429);
    expect(statusForAnthropicErrorType('api_error')).toBe(500);
    expect(statusForAnthropicErrorType('overloaded_error')).toBe(529);
    expect(statusForAnthropicErrorType('brand_new_error')).toBe(500);
    expect(statusForAnthropicErrorType(undefined)).toBe(500);
  });
});
