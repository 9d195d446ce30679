import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { sendJson } from '../../../src-main/gateway/send-json.js';

describe('sendJson', () => {
  it('answers with the status, a JSON content type, the byte length and the body', async () => {
    const app = Fastify();
    app.get('/', async (_request, reply) => sendJson(reply, 201, { text: 'héllo, 世界', n: 1 }));
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.body));
    expect(response.json()).toEqual({ text: 'héllo, 世界', n: 1 });
    await app.close();
  });
});
