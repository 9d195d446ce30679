import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ContractError } from '../../../src-main/conversion/contract-error.js';
import { internalError, toContractError } from '../../../src-main/gateway/framework-error.js';
import { openaiErrorBody } from '../../../src-main/providers/openai/openai-error-body.js';

describe('toContractError', () => {
  it('passes a contract error through as it is', () => {
    const error = new ContractError('invalid_api_key', 'Unknown key.');
    expect(toContractError(error, 10)).toBe(error);
  });

  /** Sends a request to a real fastify instance and returns what its error handler was given, mapped. */
  async function mappedFastifyError(request: { payload: string; headers: Record<string, string> }, bodyLimit: number): Promise<ContractError> {
    const app = Fastify({ bodyLimit });
    let mapped: ContractError | null = null;
    app.setErrorHandler((error, _request, reply) => {
      mapped = toContractError(error, bodyLimit);
      if (mapped === null) throw new Error(`fastify's error was not mapped: ${String(error)}`);
      void reply.status(mapped.status).send(openaiErrorBody(mapped));
    });
    app.post('/v1/chat/completions', async () => ({ ok: true }));
    const response = await app.inject({ method: 'POST', url: '/v1/chat/completions', ...request });
    await app.close();
    expect(mapped).not.toBeNull();
    expect(response.statusCode).toBe(mapped!.status);
    return mapped!;
  }

  it("maps fastify's body-too-large error to a 413 that names the limit and the flag", async () => {
    const error = await mappedFastifyError({ payload: JSON.stringify({ text: 'x'.repeat(200) }), headers: { 'content-type': 'application/json' } }, 100);
    expect(error.status).toBe(413);
    expect(error.code).toBe('request_too_large');
    expect(error.message).toContain('100 bytes');
    expect(error.message).toContain('--body-limit');
  });

  it("maps fastify's bad and empty JSON errors to 400 invalid_json", async () => {
    const bad = await mappedFastifyError({ payload: '{"model":', headers: { 'content-type': 'application/json' } }, 1000);
    expect(bad).toMatchObject({ status: 400, code: 'invalid_json' });
    const empty = await mappedFastifyError({ payload: '', headers: { 'content-type': 'application/json' } }, 1000);
    expect(empty).toMatchObject({ status: 400, code: 'invalid_json' });
  });

  it("maps fastify's unsupported media type error to 415", async () => {
    const error = await mappedFastifyError({ payload: 'hello', headers: { 'content-type': 'text/csv' } }, 1000);
    expect(error).toMatchObject({ status: 415, code: 'unsupported_media_type' });
  });

  it('keeps another 4xx from a library, with its status and message', () => {
    expect(toContractError({ statusCode: 405, message: 'Method not allowed' }, 10)).toMatchObject({
      status: 405,
      code: 'request_rejected',
      message: 'Method not allowed',
    });
  });

  it('leaves anything else unmapped: a bug, not a request error', () => {
    expect(toContractError(new Error('ECONNRESET at /home/user/secret/path'), 10)).toBeNull();
    expect(toContractError({ statusCode: 502, message: 'bad gateway' }, 10)).toBeNull();
    expect(toContractError(undefined, 10)).toBeNull();
    expect(toContractError(null, 10)).toBeNull();
  });
});

describe('internalError', () => {
  it('is a 500 internal_error that leaks no internal message', () => {
    const bug = new Error('ECONNRESET at /home/user/secret/path');
    const error = internalError(bug);
    expect(error).toMatchObject({ status: 500, code: 'internal_error', retryable: false });
    expect(error.message).not.toContain('secret');
    expect(openaiErrorBody(error).error).toMatchObject({ type: 'api_error', code: 'internal_error' });
    expect(error.cause).toBe(bug);
  });
});
