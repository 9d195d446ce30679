import { describe, expect, it } from 'vitest';
import { KeyHealth } from '../../../src-main/routing/key-health.js';

describe('KeyHealth', () => {
  it('disables a key with its reason and tells the listener once', () => {
    const told: string[][] = [];
    const health = new KeyHealth((providerId, keyId, reason) => told.push([providerId, keyId, reason]));
    health.disable('openai', 'main', 'upstream answered 401');
    health.disable('openai', 'main', 'upstream answered 403');
    expect(health.disabledReason('openai', 'main')).toBe('upstream answered 401');
    expect(told).toEqual([['openai', 'main', 'upstream answered 401']]);
  });

  it('keeps keys of different providers apart', () => {
    const health = new KeyHealth();
    health.disable('openai', 'main', 'bad');
    expect(health.disabledReason('deepseek', 'main')).toBeNull();
    expect(health.disabledReason('openai', 'backup')).toBeNull();
  });

  it('restores a stored state without telling the listener', () => {
    const told: string[] = [];
    const health = new KeyHealth((_provider, keyId) => told.push(keyId));
    health.restore('openai', 'main', 'refused yesterday');
    expect(health.disabledReason('openai', 'main')).toBe('refused yesterday');
    expect(told).toEqual([]);
  });

  it('enables a key again, after which a new failure is reported again', () => {
    const told: string[] = [];
    const health = new KeyHealth((_provider, _key, reason) => told.push(reason));
    health.disable('openai', 'main', 'first');
    health.enable('openai', 'main');
    expect(health.disabledReason('openai', 'main')).toBeNull();
    health.disable('openai', 'main', 'second');
    expect(told).toEqual(['first', 'second']);
  });
});
