import { describe, expect, it } from 'vitest';
import { aliasStrategy, aliasTarget, aliasTargets } from '../../src-shared/model-alias.js';

describe('model aliases', () => {
  it('reads both forms: a model name, or a model with a strategy', () => {
    expect(aliasTarget('gpt-4o')).toBe('gpt-4o');
    expect(aliasStrategy('gpt-4o')).toBeNull();
    expect(aliasTarget({ model: 'gpt-4o-mini', strategy: 'latency' })).toBe('gpt-4o-mini');
    expect(aliasStrategy({ model: 'gpt-4o-mini', strategy: 'latency' })).toBe('latency');
    expect(aliasStrategy({ model: 'gpt-4o-mini' })).toBeNull();
  });

  it('flattens an alias table to names and targets', () => {
    expect(aliasTargets({ 'gpt-4': 'gpt-4o', fast: { model: 'gpt-4o-mini', strategy: 'cost' } })).toEqual({ 'gpt-4': 'gpt-4o', fast: 'gpt-4o-mini' });
  });
});
