import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src-shared/config-schema.js';
import { KeyBreaker } from '../../../src-main/routing/key-breaker.js';
import { KeyHealth } from '../../../src-main/routing/key-health.js';
import { buildRouteTable, keyName, type KeyEntry } from '../../../src-main/routing/route-table.js';
import { runFailover, type AttemptOutcome } from '../../../src-main/routing/run-failover.js';
import { selectCandidates } from '../../../src-main/routing/select-candidates.js';

// runFailover's `failedOver` hook: told when an answer came from another provider than the key that
// failed first, so the window can say traffic moved; silent otherwise.

const failure = (status: number): AttemptOutcome<null> => ({
  kind: 'failed',
  failure: { status, message: `upstream answered ${status}`, retryable: true, keyRejected: status === 401, retryAfterMs: null, firstByteMs: 5, upstream: null, send: null },
});

async function walk(outcomes: Record<string, AttemptOutcome<null>>): Promise<string[]> {
  const table = buildRouteTable(
    configSchema.parse({
      providers: [
        { id: 'primary', type: 'openai', baseUrl: 'https://a.example.com/v1', models: ['m'], keys: [{ id: 'k1', secret: 'a' }, { id: 'k2', secret: 'b' }] },
        { id: 'backup', type: 'openai', baseUrl: 'https://b.example.com/v1', models: ['m'], keys: [{ id: 'k1', secret: 'c' }] },
      ],
    }),
    new Map(),
  );
  const health = new KeyHealth();
  const breaker = new KeyBreaker({ settings: () => ({ failureThreshold: 3, cooldownMs: 30_000 }) });
  const selection = selectCandidates(table, 'm', null, { health, spentUsd: () => 0, serves: () => true, admits: () => true });
  const moves: string[] = [];
  await runFailover<null, null>({
    table,
    model: 'm',
    endpoint: 'chat',
    selection,
    candidates: selection.candidates,
    retries: 3,
    breaker,
    health,
    warn: () => {},
    failedOver: (from: KeyEntry, to: KeyEntry) => void moves.push(`${keyName(from)} -> ${keyName(to)}`),
    attempts: {
      prepare: () => ({ kind: 'ready', plan: null }),
      send: async (entry) => outcomes[keyName(entry)] ?? { kind: 'answered' },
      retried: () => {},
    },
  });
  return moves;
}

describe('the failover hook', () => {
  it('is told when another provider answered after the first key failed', async () => {
    expect(await walk({ 'primary/k1': failure(503), 'primary/k2': failure(429) })).toEqual(['primary/k1 -> backup/k1']);
    expect(await walk({ 'primary/k1': failure(401), 'primary/k2': failure(401) })).toEqual(['primary/k1 -> backup/k1']);
  });

  it('is silent when the same provider’s next key answered, or nothing failed', async () => {
    expect(await walk({ 'primary/k1': failure(503) })).toEqual([]);
    expect(await walk({})).toEqual([]);
  });
});
