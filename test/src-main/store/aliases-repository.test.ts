import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAliasesRepository, type AliasesRepository } from '../../../src-main/store/aliases-repository.js';
import { openDatabase, type Database } from '../../../src-main/store/database.js';

describe('aliases repository', () => {
  let database: Database;
  let repository: AliasesRepository;

  beforeEach(() => {
    database = openDatabase(':memory:');
    repository = createAliasesRepository(database);
  });

  afterEach(() => {
    database.close();
  });

  it('starts empty', () => {
    expect(repository.listAliases()).toEqual({});
  });

  it('stores the aliases as given', () => {
    repository.replaceAliases({ 'gpt-4': 'gpt-4o', fast: 'gem/gemini-2.5-flash' });
    expect(repository.listAliases()).toEqual({ 'gpt-4': 'gpt-4o', fast: 'gem/gemini-2.5-flash' });
  });

  it('replaces the whole set, dropping aliases no longer given', () => {
    repository.replaceAliases({ 'gpt-4': 'gpt-4o', old: 'gpt-3.5-turbo' });
    repository.replaceAliases({ 'gpt-4': 'gpt-4.1' });
    expect(repository.listAliases()).toEqual({ 'gpt-4': 'gpt-4.1' });
  });
});
