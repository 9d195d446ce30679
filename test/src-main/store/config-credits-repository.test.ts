import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfigCreditsRepository } from '../../../src-main/store/config-credits-repository.js';
import { openDatabase, type Database } from '../../../src-main/store/database.js';

describe('config credits repository', () => {
  let database: Database;
  beforeEach(() => {
    database = openDatabase(':memory:');
  });
  afterEach(() => {
    database.close();
  });

  it('dates a new figure now, keeps the date of an unchanged one, redates a changed one, and forgets a removed one', () => {
    const repository = createConfigCreditsRepository(database);
    expect(
      repository.syncConfigCredits(
        [
          { providerId: 'a', keyId: 'k1', creditUsd: 10 },
          { providerId: 'a', keyId: 'k2', creditUsd: 5 },
        ],
        1_000,
      ),
    ).toEqual([
      { providerId: 'a', keyId: 'k1', creditUsd: 10, setAt: 1_000 },
      { providerId: 'a', keyId: 'k2', creditUsd: 5, setAt: 1_000 },
    ]);
    expect(
      repository.syncConfigCredits(
        [
          { providerId: 'a', keyId: 'k1', creditUsd: 10 },
          { providerId: 'b', keyId: 'k3', creditUsd: 1 },
        ],
        2_000,
      ),
    ).toEqual([
      { providerId: 'a', keyId: 'k1', creditUsd: 10, setAt: 1_000 },
      { providerId: 'b', keyId: 'k3', creditUsd: 1, setAt: 2_000 },
    ]);
    // k2 was removed in between: written again, it is a new figure.
    expect(
      repository.syncConfigCredits(
        [
          { providerId: 'a', keyId: 'k1', creditUsd: 7.5 },
          { providerId: 'a', keyId: 'k2', creditUsd: 5 },
        ],
        3_000,
      ),
    ).toEqual([
      { providerId: 'a', keyId: 'k1', creditUsd: 7.5, setAt: 3_000 },
      { providerId: 'a', keyId: 'k2', creditUsd: 5, setAt: 3_000 },
    ]);
    expect(database.prepare('SELECT COUNT(*) AS count FROM config_credits').get()).toEqual({ count: 2 });
  });

  it('keeps the dates for a repository opened again on the same database', () => {
    const first = createConfigCreditsRepository(database);
    first.syncConfigCredits([{ providerId: 'a', keyId: 'k1', creditUsd: 10 }], 1_000);
    const second = createConfigCreditsRepository(database);
    expect(second.syncConfigCredits([{ providerId: 'a', keyId: 'k1', creditUsd: 10 }], 9_000)).toEqual([
      { providerId: 'a', keyId: 'k1', creditUsd: 10, setAt: 1_000 },
    ]);
  });
});
