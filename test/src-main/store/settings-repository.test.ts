import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src-main/store/database.js';
import { createSettingsRepository, type SettingsRepository } from '../../../src-main/store/settings-repository.js';

describe('settings repository', () => {
  let database: Database;
  let repository: SettingsRepository;

  beforeEach(() => {
    database = openDatabase(':memory:');
    repository = createSettingsRepository(database);
  });

  afterEach(() => {
    database.close();
  });

  it('answers null for a setting never set', () => {
    expect(repository.getSetting('routing.strategy')).toBeNull();
  });

  it('returns what was set, and the latest value after an overwrite', () => {
    repository.setSetting('routing.strategy', 'cost');
    expect(repository.getSetting('routing.strategy')).toBe('cost');
    repository.setSetting('routing.strategy', 'latency');
    expect(repository.getSetting('routing.strategy')).toBe('latency');
  });

  it('keeps an empty string apart from an unset setting', () => {
    repository.setSetting('note', '');
    expect(repository.getSetting('note')).toBe('');
  });
});
