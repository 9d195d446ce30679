import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src-shared/config-schema.js';
import { KeyBreaker } from '../../../src-main/routing/key-breaker.js';
import { KeyHealth } from '../../../src-main/routing/key-health.js';
import { buildRouteTable } from '../../../src-main/routing/route-table.js';
import { keyRejectedError, noCandidateError, secondsUntilFirstReopens } from '../../../src-main/routing/routing-refusal.js';
import { selectCandidates } from '../../../src-main/routing/select-candidates.js';

const table = buildRouteTable(
  configSchema.parse({
    providers: [
      {
        id: 'openai-main',
        type: 'openai',
        baseUrl: 'https://api.openai.com/v1',
        models: ['gpt-4o'],
        keys: [
          { id: 'oa-1', secret: 'literal' },
          { id: 'oa-2', secret: 'literal', disabled: true },
        ],
      },
    ],
  }),
  new Map(),
);

describe('noCandidateError', () => {
  it('names every disabled key, why it is disabled, and how to bring it back', () => {
    const health = new KeyHealth();
    health.disable('openai-main', 'oa-1', 'upstream answered 401: the key was refused');
    const selection = selectCandidates(table, 'gpt-4o', null, { health, spentUsd: () => 0, serves: () => true });

    const refusal = noCandidateError(table, 'gpt-4o', selection, 'chat');

    expect(refusal).toMatchObject({ status: 503, code: 'no_enabled_key' });
    expect(refusal.message).toContain('openai-main/oa-1 (upstream answered 401: the key was refused), openai-main/oa-2 (disabled in the config)');
    expect(refusal.message).toContain('new secret');
    expect(refusal.message).toContain('"disabled": true is removed');
  });

  it('answers model_not_found, saying so when no provider is configured at all', () => {
    const empty = buildRouteTable(configSchema.parse({}), new Map());
    const selection = { candidates: [], skippedForMoney: 0, skippedDisabled: 0 };
    expect(noCandidateError(table, 'nope', selection, 'chat')).toMatchObject({ status: 404, code: 'model_not_found', message: 'The model "nope" is not served by any configured provider.' });
    expect(noCandidateError(empty, 'nope', selection, 'chat').message).toContain('No providers are configured yet.');
  });

  it('answers conversion_not_supported when the keys that serve the model are out of the route\'s reach', () => {
    const refusal = noCandidateError(table, 'gpt-4o', { candidates: [table.keys[0]!], skippedForMoney: 0, skippedDisabled: 0 }, 'embeddings');
    expect(refusal).toMatchObject({ status: 400, code: 'conversion_not_supported' });
    expect(refusal.message).toContain('only by openai providers');
  });
});

describe('keyRejectedError', () => {
  it('is a 502 that names every refused key and keeps the vendor message apart', () => {
    const upstream = { status: 403, message: 'Country, region, or territory not supported' };
    const refusal = keyRejectedError([table.keys[0]!, table.keys[1]!], upstream);
    expect(refusal).toMatchObject({ status: 502, code: 'provider_key_rejected', upstream });
    expect(refusal.message).toMatch(/^The provider keys openai-main\/oa-1, openai-main\/oa-2 were refused by the upstream \(HTTP 403\) and are now disabled/);
    expect(refusal.message).not.toContain('Country');
  });
});

describe('secondsUntilFirstReopens', () => {
  it('is the time until the soonest cooling-down key may be tried, and null when none cools down', () => {
    const clock = { now: 1_000 };
    const breaker = new KeyBreaker({ now: () => clock.now });
    breaker.tryAcquire('openai-main', 'oa-1')!.failed('upstream answered 429', 9_000);
    breaker.tryAcquire('openai-main', 'oa-2')!.failed('upstream answered 429', 4_000);
    clock.now += 1_000;
    expect(secondsUntilFirstReopens(breaker, table.keys)).toBe(3);
    expect(secondsUntilFirstReopens(breaker, [])).toBeNull();
  });
});
