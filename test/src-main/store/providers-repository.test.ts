import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src-main/store/database.js';
import {
  createProvidersRepository,
  disabledInConfigReason,
  type ProviderInput,
  type ProvidersRepository,
} from '../../../src-main/store/providers-repository.js';

const openaiMain: ProviderInput = {
  id: 'openai-main',
  type: 'openai',
  baseUrl: 'https://api.openai.com/v1',
  models: ['gpt-4o', 'gpt-4o-mini'],
  keys: [
    { id: 'oa-1', priority: 1, budgetUsd: 20, secretHint: 'sk-...aaaa' },
    { id: 'oa-2', priority: 2, weight: 3, creditUsd: 5, secretHint: 'sk-...bbbb' },
  ],
};

const claude: ProviderInput = {
  id: 'claude',
  type: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  keys: [{ id: 'an-1', secretHint: 'sk-...cccc' }],
};

describe('providers repository', () => {
  let database: Database;
  let repository: ProvidersRepository;
  let clock: number;

  beforeEach(() => {
    database = openDatabase(':memory:');
    clock = 1_000;
    repository = createProvidersRepository(database, () => clock);
  });

  afterEach(() => {
    database.close();
  });

  function keyOf(providerId: string, keyId: string) {
    return repository
      .listProviders()
      .find((provider) => provider.id === providerId)
      ?.keys.find((key) => key.id === keyId);
  }

  it('stores providers and key metadata in config order', () => {
    repository.syncProviders([openaiMain, claude]);
    expect(repository.listProviders()).toEqual([
      {
        id: 'openai-main',
        type: 'openai',
        baseUrl: 'https://api.openai.com/v1',
        models: ['gpt-4o', 'gpt-4o-mini'],
        updatedAt: 1_000,
        keys: [
          {
            id: 'oa-1',
            priority: 1,
            weight: null,
            budgetUsd: 20,
            creditUsd: null,
            disabled: false,
            disabledReason: null,
            secretHint: 'sk-...aaaa',
          },
          {
            id: 'oa-2',
            priority: 2,
            weight: 3,
            budgetUsd: null,
            creditUsd: 5,
            disabled: false,
            disabledReason: null,
            secretHint: 'sk-...bbbb',
          },
        ],
      },
      {
        id: 'claude',
        type: 'anthropic',
        baseUrl: 'https://api.anthropic.com',
        // Left out of the config: the model list is to be fetched.
        models: null,
        updatedAt: 1_000,
        keys: [
          {
            id: 'an-1',
            priority: null,
            weight: null,
            budgetUsd: null,
            creditUsd: null,
            disabled: false,
            disabledReason: null,
            secretHint: 'sk-...cccc',
          },
        ],
      },
    ]);
  });

  it('replaces the whole set: providers and keys no longer in the config go', () => {
    repository.syncProviders([openaiMain, claude]);
    clock = 2_000;
    repository.syncProviders([{ ...openaiMain, keys: [openaiMain.keys[1]!] }]);
    const providers = repository.listProviders();
    expect(providers.map((provider) => provider.id)).toEqual(['openai-main']);
    expect(providers[0]!.keys.map((key) => key.id)).toEqual(['oa-2']);
    expect(providers[0]!.updatedAt).toBe(2_000);
    expect(database.prepare('SELECT COUNT(*) AS count FROM provider_keys').get()).toEqual({ count: 1 });
  });

  it('keeps the order of the latest config', () => {
    repository.syncProviders([openaiMain, claude]);
    repository.syncProviders([claude, openaiMain]);
    expect(repository.listProviders().map((provider) => provider.id)).toEqual(['claude', 'openai-main']);
  });

  it('disables and re-enables a key', () => {
    repository.syncProviders([openaiMain]);
    expect(repository.setKeyDisabled('openai-main', 'oa-1', 'upstream answered 401')).toBe(true);
    expect(keyOf('openai-main', 'oa-1')).toMatchObject({ disabled: true, disabledReason: 'upstream answered 401' });
    expect(keyOf('openai-main', 'oa-2')).toMatchObject({ disabled: false });

    expect(repository.setKeyDisabled('openai-main', 'oa-1', null)).toBe(true);
    expect(keyOf('openai-main', 'oa-1')).toMatchObject({ disabled: false, disabledReason: null });
  });

  it('says so when the key to disable does not exist', () => {
    repository.syncProviders([openaiMain]);
    expect(repository.setKeyDisabled('openai-main', 'nope', 'x')).toBe(false);
  });

  it('keeps a run-time disable across a sync while the secret is unchanged', () => {
    repository.syncProviders([openaiMain]);
    repository.setKeyDisabled('openai-main', 'oa-1', 'upstream answered 401');
    repository.syncProviders([openaiMain]);
    expect(keyOf('openai-main', 'oa-1')).toMatchObject({ disabled: true, disabledReason: 'upstream answered 401' });
  });

  it('clears a run-time disable when the key gets a new secret', () => {
    repository.syncProviders([openaiMain]);
    repository.setKeyDisabled('openai-main', 'oa-1', 'upstream answered 401');
    const rotated = { ...openaiMain, keys: [{ ...openaiMain.keys[0]!, secretHint: 'sk-...zzzz' }, openaiMain.keys[1]!] };
    repository.syncProviders([rotated]);
    expect(keyOf('openai-main', 'oa-1')).toMatchObject({ disabled: false, disabledReason: null, secretHint: 'sk-...zzzz' });
  });

  it('follows the config for keys the config disables', () => {
    const disabledInConfig = { ...openaiMain, keys: [{ ...openaiMain.keys[0]!, disabled: true }] };
    repository.syncProviders([disabledInConfig]);
    expect(keyOf('openai-main', 'oa-1')).toMatchObject({ disabled: true, disabledReason: disabledInConfigReason });

    // Removing `disabled` from the config turns the key back on: the config disabled it, not a 401.
    repository.syncProviders([openaiMain]);
    expect(keyOf('openai-main', 'oa-1')).toMatchObject({ disabled: false, disabledReason: null });
  });

  it('does not let a removed and re-added key carry its old disable', () => {
    repository.syncProviders([openaiMain]);
    repository.setKeyDisabled('openai-main', 'oa-1', 'upstream answered 401');
    repository.syncProviders([claude]);
    repository.syncProviders([openaiMain]);
    expect(keyOf('openai-main', 'oa-1')).toMatchObject({ disabled: false });
  });

  it('leaves the stored set untouched when a sync fails part-way', () => {
    repository.syncProviders([openaiMain]);
    const duplicateKeys = { ...claude, keys: [claude.keys[0]!, claude.keys[0]!] };
    expect(() => repository.syncProviders([claude, duplicateKeys])).toThrow();
    expect(repository.listProviders().map((provider) => provider.id)).toEqual(['openai-main']);
  });
});
