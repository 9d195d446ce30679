import { describe, expect, it } from 'vitest';
import { parseOpenAIError } from '../../../../src-main/providers/openai/parse-openai-error.js';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('parseOpenAIError', () => {
  it("reads OpenAI's error body, keeping its code", () => {
    const body = json({
      error: { message: 'Incorrect API key provided: sk-abc***.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
    });
    expect(parseOpenAIError(401, body)).toEqual({
      status: 401,
      type: 'authentication_error',
      message: 'Incorrect API key provided: sk-abc***.',
      code: 'invalid_api_key',
    });
  });

  it('keeps the vendor type as the code when there is no code', () => {
    expect(parseOpenAIError(429, json({ error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: null } }))).toEqual({
      status: 429,
      type: 'rate_limit_error',
      message: 'You exceeded your current quota',
      code: 'insufficient_quota',
    });
  });

  it("reads compatible vendors' shapes: a bare object, an error string, FastAPI's detail, an array", () => {
    expect(parseOpenAIError(400, json({ message: "property 'reasoning_content' is unsupported", type: 'invalid_request_error', code: 'wrong_api_format' }))).toEqual({
      status: 400,
      type: 'invalid_request_error',
      message: "property 'reasoning_content' is unsupported",
      code: 'wrong_api_format',
    });
    expect(parseOpenAIError(404, json({ error: 'model not found' }))).toMatchObject({ status: 404, type: 'not_found_error', message: 'model not found' });
    expect(parseOpenAIError(422, json({ detail: [{ loc: ['body', 'messages'], msg: 'field required' }] }))).toMatchObject({ message: 'field required' });
    expect(parseOpenAIError(400, json([{ error: { code: 400, message: 'Invalid JSON payload', status: 'INVALID_ARGUMENT' } }]))).toMatchObject({
      status: 400,
      message: 'Invalid JSON payload',
    });
  });

  it("names a proxy's HTML error page by its title", () => {
    const html = Buffer.from(
      '<!DOCTYPE html><html><head><title>api.example.com | 502: Bad gateway</title></head><body><h1>Bad gateway</h1></body></html>',
    );
    expect(parseOpenAIError(502, html)).toEqual({
      status: 502,
      type: 'api_error',
      message: 'The upstream answered 502 with a non-JSON body: api.example.com | 502: Bad gateway',
    });
  });

  it('says so when the body is empty or plain text', () => {
    expect(parseOpenAIError(503, Buffer.alloc(0))).toEqual({ status: 503, type: 'overloaded_error', message: 'The upstream answered 503 with an empty body.' });
    expect(parseOpenAIError(500, Buffer.from('upstream connect error'))).toMatchObject({
      message: 'The upstream answered 500 with a non-JSON body: upstream connect error',
    });
  });
});
