import { describe, expect, it } from 'vitest';
import { compareCatalogs } from '../../../src-main/usage/catalog-changes.js';

describe('compareCatalogs', () => {
  const before = {
    openai: {
      'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25, maxOutputTokens: 16384 },
      'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
      'gone': { inputPerMTok: 1, outputPerMTok: 1 },
    },
    google: {
      'gemini-2.5-pro': {
        inputPerMTok: 1.25,
        outputPerMTok: 10,
        longContext: { thresholdTokens: 200_000, inputPerMTok: 2.5, outputPerMTok: 15 },
      },
    },
  };

  it('counts the same catalog as unchanged', () => {
    expect(compareCatalogs(before, before)).toEqual({ models: 4, added: 0, removed: 0, changed: 0 });
  });

  it('counts added, removed and changed prices; output limits are not prices', () => {
    const after = {
      openai: {
        'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25, maxOutputTokens: 32768 },
        'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.075 },
        'gpt-5': { inputPerMTok: 1.25, outputPerMTok: 10 },
      },
      google: {
        'gemini-2.5-pro': {
          inputPerMTok: 1.25,
          outputPerMTok: 10,
          longContext: { thresholdTokens: 272_000, inputPerMTok: 2.5, outputPerMTok: 15 },
        },
      },
    };
    expect(compareCatalogs(before, after)).toEqual({ models: 4, added: 1, removed: 1, changed: 2 });
  });
});
