import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { GatewayError, openaiErrorBody, toGatewayError } from '../../../src-main/gateway/gateway-error.js';

describe('GatewayError', () => {
  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [413, 'request_too_large'],
    [422, 'invalid_request_error'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [503, 'api_error'],
  ])('gives status %i the OpenAI error type %s', (status, type) => {
    expect(new GatewayError(status, 'some_code', 'message').type).toBe(type);
  });

  it('keeps an explicit type, and carries status, code and message', () => {
    const error = new GatewayError(429, 'insufficient_quota', 'Budget spent.', 'insufficient_quota');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ status: 429, code: 'insufficient_quota', message: 'Budget spent.', type: 'insufficient_quota', name: 'GatewayError' });
  });
});

describe('openaiErrorBody', () => {
  it('has OpenAI\'s error shape', () => {
    expect(openaiErrorBody(new GatewayError(404, 'model_not_found', 'No provider serves "x".'))).toEqual({
      error: { message: 'No provider serves "x".', type: 'not_found_error', param: null, code: 'model_not_found' },
    });
  });
});

describe('toGatewayError', () => {
  it('passes a GatewayError through as it is', () => {
    const error = new GatewayError(401, 'invalid_api_key', 'Unknown key.');
    expect(toGatewayError(error, 10)).toBe(error);
  });

  /** Sends a request to a real fastify instance and returns what its error handler was given, mapped. */
  async function mappedFastifyError(request: { payload: string; headers: Record<string, string> }, bodyLimit: number): Promise<GatewayError> {
    const app = Fastify({ bodyLimit });
    let mapped: GatewayError | null = null;
    app.setErrorHandler((error, _request, reply) => {
      mapped = toGatewayError(error, bodyLimit);
      void reply.status(mapped.status).send(openaiErrorBody(mapped));
    });
    app.post('/v1/chat/completions', async () => ({ ok: true }));
    const response = await app.inject({ method: 'POST', url: '/v1/chat/completions', ...request });
    await app.close();
    expect(mapped).not.toBeNull();
    expect(response.statusCode).toBe(mapped!.status);
    return mapped!;
  }

  it('maps fastify\'s body-too-large error to a 413 that names the limit and the flag', async () => {
    const error = await mappedFastifyError({ payload: JSON.stringify({ text: 'x'.repeat(200) }), headers: { 'content-type': 'application/json' } }, 100);
    expect(error.status).toBe(413);
    expect(error.code).toBe('request_too_large');
    expect(error.message).toContain('100 bytes');
    expect(error.message).toContain('--body-limit');
  });

  it('maps fastify\'s bad and empty JSON errors to 400 invalid_json', async () => {
    const bad = await mappedFastifyError({ payload: '{"model":', headers: { 'content-type': 'application/json' } }, 1000);
    expect(bad).toMatchObject({ status: 400, code: 'invalid_json' });
    const empty = await mappedFastifyError({ payload: '', headers: { 'content-type': 'application/json' } }, 1000);
    expect(empty).toMatchObject({ status: 400, code: 'invalid_json' });
  });

  it('maps fastify\'s unsupported media type error to 415', async () => {
    const error = await mappedFastifyError({ payload: 'hello', headers: { 'content-type': 'text/csv' } }, 1000);
    expect(error).toMatchObject({ status: 415, code: 'unsupported_media_type' });
  });

  it('keeps another 4xx from a library as an invalid request with its message', () => {
    expect(toGatewayError({ statusCode: 405, message: 'Method not allowed' }, 10)).toMatchObject({
      status: 405,
      code: 'invalid_request',
      message: 'Method not allowed',
    });
  });

  it('turns anything else into a 500 that leaks no internal message', () => {
    const error = toGatewayError(new Error('ECONNRESET at /home/user/secret/path'), 10);
    expect(error).toMatchObject({ status: 500, code: 'internal_error', type: 'api_error' });
    expect(error.message).not.toContain('secret');
    expect(toGatewayError({ statusCode: 502, message: 'bad gateway' }, 10).status).toBe(500);
    expect(toGatewayError(undefined, 10).code).toBe('internal_error');
  });
});
