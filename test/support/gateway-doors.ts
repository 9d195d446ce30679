import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { fakeClientKey, type FakeGateway } from './gateway-fakes.js';

/**
 * The gateway's doors as a client meets them, for `inject()` tests: one valid request per route,
 * and assertions on each door's own error format (OpenAI's on /v1/chat/completions, /v1/embeddings,
 * /v1/models, /api/* and /proxy/*; Anthropic's on /v1/messages and /v1/messages/count_tokens).
 */

export type Door = 'openai' | 'anthropic';

export interface DoorRequest {
  door: Door;
  method: 'GET' | 'POST';
  url: string;
  /** A body the route accepts once past the check under test. */
  body?: Record<string, unknown>;
}

export const chatCompletions: DoorRequest = {
  door: 'openai',
  method: 'POST',
  url: '/v1/chat/completions',
  body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] },
};
export const embeddings: DoorRequest = { door: 'openai', method: 'POST', url: '/v1/embeddings', body: { model: 'text-embedding-3-small', input: 'Hi' } };
export const modelList: DoorRequest = { door: 'openai', method: 'GET', url: '/v1/models' };
export const proxy: DoorRequest = { door: 'openai', method: 'GET', url: '/proxy/openai-main/models' };
export const messages: DoorRequest = {
  door: 'anthropic',
  method: 'POST',
  url: '/v1/messages',
  body: { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] },
};
export const countTokens: DoorRequest = {
  door: 'anthropic',
  method: 'POST',
  url: '/v1/messages/count_tokens',
  body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] },
};
export const clientKeyDoors = [chatCompletions, embeddings, modelList, proxy, messages, countTokens];
export const jsonBodyDoors = [chatCompletions, embeddings, messages, countTokens];

/** One request through `inject()`: no socket, the whole gateway from its hooks to its error handler. */
export function send(
  app: FakeGateway['app'],
  request: { method: string; url: string; headers?: Record<string, string>; payload?: string | Record<string, unknown> },
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers: request.headers ?? {},
    ...(request.payload === undefined ? {} : { payload: request.payload }),
  });
}

/** The door's request with `headers`; `payload` replaces its valid body (JSON content type either way). */
export function sendToDoor(app: FakeGateway['app'], door: DoorRequest, headers: Record<string, string>, payload?: string): Promise<LightMyRequestResponse> {
  const body = payload ?? (door.body === undefined ? undefined : JSON.stringify(door.body));
  return send(app, {
    method: door.method,
    url: door.url,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { payload: body }),
  });
}

/** The header an OpenAI SDK sends its key in. */
export const withClientKey = { authorization: `Bearer ${fakeClientKey}` };

/** OpenAI's error envelope, exactly these four fields, with a message that says something. */
export function expectOpenAIError(response: LightMyRequestResponse, status: number, code: string, type: string): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.json() as { error: { message: string } };
  expect(body).toStrictEqual({ error: { message: expect.any(String), type, param: null, code } });
  expect(body.error.message.length).toBeGreaterThan(10);
}

/** Anthropic's error envelope, exactly `{type: "error", error: {type, message}}`. */
export function expectAnthropicError(response: LightMyRequestResponse, status: number, type: string): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.json() as { error: { message: string } };
  expect(body).toStrictEqual({ type: 'error', error: { type, message: expect.any(String) } });
  expect(body.error.message.length).toBeGreaterThan(10);
}

/** The door's own error shape; `code` is what OpenAI callers switch on, Anthropic's has only the type. */
export function expectDoorError(door: Door, response: LightMyRequestResponse, status: number, code: string, type: string): void {
  if (door === 'anthropic') expectAnthropicError(response, status, type);
  else expectOpenAIError(response, status, code, type);
}
