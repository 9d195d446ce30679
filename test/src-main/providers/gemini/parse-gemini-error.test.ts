import { describe, expect, it } from 'vitest';
import { parseGeminiError } from '../../../../src-main/providers/gemini/parse-gemini-error.js';

const body = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('parseGeminiError', () => {
  it("reads Google's error shape, keeping its status as the code", () => {
    const error = parseGeminiError(
      429,
      body({ error: { code: 429, message: 'You exceeded your current quota.', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '20s' }] } }),
    );
    expect(error).toEqual({ status: 429, type: 'rate_limit_error', message: 'You exceeded your current quota.', code: 'RESOURCE_EXHAUSTED' });
  });

  it('types statuses as the other formats do, an overloaded model as overloaded_error', () => {
    const typeOf = (status: number, googleStatus: string) => parseGeminiError(status, body({ error: { code: status, message: 'm', status: googleStatus } })).type;
    expect(typeOf(400, 'INVALID_ARGUMENT')).toBe('invalid_request_error');
    expect(typeOf(403, 'PERMISSION_DENIED')).toBe('permission_error');
    expect(typeOf(404, 'NOT_FOUND')).toBe('not_found_error');
    expect(typeOf(500, 'INTERNAL')).toBe('api_error');
    expect(typeOf(503, 'UNAVAILABLE')).toBe('overloaded_error');
    expect(typeOf(504, 'DEADLINE_EXCEEDED')).toBe('api_error');
  });

  it("reports Google's 400 for a wrong API key as the 401 it means", () => {
    const error = parseGeminiError(
      400,
      body({
        error: {
          code: 400,
          message: 'API key not valid. Please pass a valid API key.',
          status: 'INVALID_ARGUMENT',
          details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }],
        },
      }),
    );
    expect(error).toEqual({ status: 401, type: 'authentication_error', message: 'API key not valid. Please pass a valid API key.', code: 'INVALID_ARGUMENT' });
  });

  it('reads the array-wrapped error of the non-SSE stream endpoint', () => {
    expect(parseGeminiError(500, body([{ error: { code: 500, message: 'Internal error', status: 'INTERNAL' } }]))).toMatchObject({ status: 500, message: 'Internal error' });
  });

  it('answers HTML or empty bodies with the status alone, and short plain text as it is', () => {
    expect(parseGeminiError(502, Buffer.from('<html><body>Bad Gateway</body></html>'))).toEqual({
      status: 502,
      type: 'api_error',
      message: 'The Gemini provider answered HTTP 502.',
    });
    expect(parseGeminiError(500, Buffer.alloc(0)).message).toBe('The Gemini provider answered HTTP 500.');
    expect(parseGeminiError(429, Buffer.from('Too many requests'))).toEqual({ status: 429, type: 'rate_limit_error', message: 'Too many requests' });
  });
});
