import { describe, expect, it } from 'vitest';
import { classifyUpstreamStatus } from '../../../src-main/routing/classify-upstream-status.js';

describe('classifyUpstreamStatus', () => {
  it.each([200, 201, 204, 301, 304])('delivers the success or redirect %i', (status) => {
    expect(classifyUpstreamStatus(status)).toBe('deliver');
  });

  it.each([400, 404, 408, 409, 413, 422])('delivers the request error %i to the client as it is', (status) => {
    expect(classifyUpstreamStatus(status)).toBe('deliver');
  });

  it.each([401, 403])('takes %i as a rejected key', (status) => {
    expect(classifyUpstreamStatus(status)).toBe('key-rejected');
  });

  it.each([429, 500, 502, 503, 504, 529])('retries %i on another candidate', (status) => {
    expect(classifyUpstreamStatus(status)).toBe('retry');
  });
});
