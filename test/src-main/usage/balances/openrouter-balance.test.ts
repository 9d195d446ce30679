import { describe, expect, it } from 'vitest';
import { openrouterBalanceFetcher, parseOpenRouterBalance } from '../../../../src-main/usage/balances/openrouter-balance.js';
import { FetchJsonError } from '../../../../src-main/upstream/fetch-json.js';
import { readFixture } from './read-fixture.js';

describe('parseOpenRouterBalance', () => {
  it("takes the smaller of the key's limit left and the account's credits left", () => {
    // limit_remaining 74.5; total_credits 100.5 - total_usage 25.75 = 74.75
    expect(parseOpenRouterBalance(readFixture('openrouter-key'), readFixture('openrouter-credits')).amounts).toEqual([{ currency: 'USD', amount: 74.5 }]);
    const credits = { data: { total_credits: 10, total_usage: 9.25 } };
    expect(parseOpenRouterBalance(readFixture('openrouter-key'), credits).amounts).toEqual([{ currency: 'USD', amount: 0.75 }]);
  });

  it('uses the key limit alone when the account credits are not readable', () => {
    expect(parseOpenRouterBalance(readFixture('openrouter-key'), null).amounts).toEqual([{ currency: 'USD', amount: 74.5 }]);
  });

  it('reads limit_remaining null as no limit on the key', () => {
    const key = readFixture('openrouter-key');
    (key.data as Record<string, unknown>).limit = null;
    (key.data as Record<string, unknown>).limit_remaining = null;
    expect(parseOpenRouterBalance(key, null).amounts).toBeNull();
    expect(parseOpenRouterBalance(key, readFixture('openrouter-credits')).amounts).toEqual([{ currency: 'USD', amount: 74.75 }]);
  });

  it('leaves the key label (a hint of the key) out of what is kept', () => {
    const reading = parseOpenRouterBalance(readFixture('openrouter-key'), readFixture('openrouter-credits'));
    expect(JSON.stringify(reading.raw)).not.toContain('sk-or-');
    expect(reading.raw).toEqual({
      key: { limit: 100, limit_remaining: 74.5, limit_reset: 'monthly', usage: 25.5, is_free_tier: false },
      credits: { total_credits: 100.5, total_usage: 25.75 },
    });
  });

  it('refuses answers that are not the documented shape', () => {
    expect(() => parseOpenRouterBalance({ error: { code: 401, message: 'No auth credentials found' } }, null)).toThrow(/OpenRouter/);
    expect(() => parseOpenRouterBalance(readFixture('openrouter-key'), { data: { total_credits: 'many' } })).toThrow(/data\.total_credits/);
  });
});

describe('openrouterBalanceFetcher', () => {
  it('asks /api/v1/key and /api/v1/credits', async () => {
    const paths: string[] = [];
    const reading = await openrouterBalanceFetcher.read(async (path) => {
      paths.push(path);
      return path === '/api/v1/key' ? readFixture('openrouter-key') : readFixture('openrouter-credits');
    });
    expect(paths).toEqual(['/api/v1/key', '/api/v1/credits']);
    expect(reading.amounts).toEqual([{ currency: 'USD', amount: 74.5 }]);
  });

  it('goes on without the credits when the key may not read them (a management key is needed)', async () => {
    for (const status of [401, 403]) {
      const reading = await openrouterBalanceFetcher.read(async (path) => {
        if (path === '/api/v1/credits') throw new FetchJsonError('status', `openrouter.ai answered HTTP ${status}`, status);
        return readFixture('openrouter-key');
      });
      expect(reading.amounts).toEqual([{ currency: 'USD', amount: 74.5 }]);
      expect(reading.raw.credits).toBeNull();
    }
  });

  it('fails when the key itself is refused or the credits answer fails otherwise', async () => {
    const refused = new FetchJsonError('status', 'openrouter.ai answered HTTP 401', 401);
    await expect(
      openrouterBalanceFetcher.read(async () => {
        throw refused;
      }),
    ).rejects.toBe(refused);
    const down = new FetchJsonError('status', 'openrouter.ai answered HTTP 502', 502);
    await expect(
      openrouterBalanceFetcher.read(async (path) => {
        if (path === '/api/v1/credits') throw down;
        return readFixture('openrouter-key');
      }),
    ).rejects.toBe(down);
  });
});
