import { describe, expect, it } from 'vitest';
import { maximumRetryAfterMs, parseGoDuration, retryAfterMs } from '../../../src-main/routing/parse-retry-after.js';

const now = Date.parse('2025-03-01T12:00:00Z');

describe('retryAfterMs', () => {
  it('reads delay-seconds', () => {
    expect(retryAfterMs({ 'retry-after': '30' }, now)).toBe(30_000);
    expect(retryAfterMs({ 'retry-after': ' 0 ' }, now)).toBe(0);
    expect(retryAfterMs({ 'retry-after': '1.5' }, now)).toBe(1500);
  });

  it('reads an HTTP-date, as a wait from now, never negative', () => {
    expect(retryAfterMs({ 'retry-after': 'Sat, 01 Mar 2025 12:01:30 GMT' }, now)).toBe(90_000);
    expect(retryAfterMs({ 'retry-after': 'Sat, 01 Mar 2025 11:00:00 GMT' }, now)).toBe(0);
  });

  it('prefers retry-after-ms, which is finer', () => {
    expect(retryAfterMs({ 'retry-after-ms': '1234.5', 'retry-after': '2' }, now)).toBe(1235);
  });

  it('reads OpenAI\'s x-ratelimit-reset-requests only when no requests remain', () => {
    expect(retryAfterMs({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '6m0s' }, now)).toBe(360_000);
    expect(retryAfterMs({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '20ms' }, now)).toBe(20);
    expect(retryAfterMs({ 'x-ratelimit-remaining-requests': '12', 'x-ratelimit-reset-requests': '6m0s' }, now)).toBeNull();
    expect(retryAfterMs({ 'x-ratelimit-reset-requests': '6m0s' }, now)).toBeNull();
    // Retry-After, when present, wins.
    expect(retryAfterMs({ 'retry-after': '3', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '6m0s' }, now)).toBe(3000);
  });

  it('answers null when nothing says how long, or what is said cannot be read', () => {
    expect(retryAfterMs({}, now)).toBeNull();
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeNull();
    expect(retryAfterMs({ 'retry-after': '-5' }, now)).toBeNull();
    expect(retryAfterMs({ 'retry-after-ms': 'x' }, now)).toBeNull();
    expect(retryAfterMs({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': 'later' }, now)).toBeNull();
  });

  it('takes the first of repeated headers, and caps an absurd wait at a day', () => {
    expect(retryAfterMs({ 'retry-after': ['7', '9'] }, now)).toBe(7000);
    expect(retryAfterMs({ 'retry-after': '99999999' }, now)).toBe(maximumRetryAfterMs);
  });
});

describe('parseGoDuration', () => {
  it('reads Go duration text', () => {
    expect(parseGoDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseGoDuration('6m0s')).toBe(360_000);
    expect(parseGoDuration('0.5s')).toBe(500);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(parseGoDuration('1500us')).toBe(1.5);
  });

  it('refuses anything else', () => {
    expect(parseGoDuration('')).toBeNull();
    expect(parseGoDuration('6 minutes')).toBeNull();
    expect(parseGoDuration('12')).toBeNull();
    expect(parseGoDuration('1m junk')).toBeNull();
  });
});
