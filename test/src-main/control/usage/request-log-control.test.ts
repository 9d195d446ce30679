import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createControlClient, createMemoryTransport } from '../../../../src-shared/control/rpc.js';
import type { ControlService } from '../../../../src-shared/control/control-service.js';
import { createControlEndpoint } from '../../../../src-main/control/control-endpoint.js';
import { createControlEvents } from '../../../../src-main/control/control-events.js';
import { createUsageControl } from '../../../../src-main/control/usage/usage-control.js';
import { openDatabase, type Database } from '../../../../src-main/store/database.js';
import { createRequestLogRepository, type RequestLogRepository } from '../../../../src-main/store/request-log-repository.js';
import { createUsageRepository } from '../../../../src-main/store/usage-repository.js';
import { fakeControlService } from '../../../support/control-fakes.js';
import { usageEvent } from '../../../support/usage-event.js';

describe('requestLog and requestDetail over the in-memory transport', () => {
  let database: Database;
  let requestLog: RequestLogRepository;
  let client: ControlService;
  let flushes = 0;

  beforeEach(() => {
    database = openDatabase(':memory:');
    requestLog = createRequestLogRepository(database);
    flushes = 0;
    const usage = createUsageControl({ requestLog: { requestLog, flushed: async () => void (flushes += 1) } });
    const endpoint = createControlEndpoint({ service: fakeControlService(usage), events: createControlEvents(), logError: () => {} });
    client = createControlClient(createMemoryTransport(endpoint));
  });

  afterEach(() => database.close());

  function insert(count: number, make: (index: number) => Parameters<typeof usageEvent>[0]): void {
    createUsageRepository(database).insertUsageEvents(Array.from({ length: count }, (_, index) => usageEvent(make(index))));
  }

  it('pages newest first with a cursor, counts every match, and waits for queued events first', async () => {
    insert(120, (index) => ({ time: 1_000 + index }));
    const first = await client.requestLog({});
    expect(flushes).toBe(1);
    expect(first.total).toBe(120);
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]!.time).toBe(1_119);
    expect(first.rows[49]!.time).toBe(1_070);
    const second = await client.requestLog({ before: first.nextBefore!, limit: 60 });
    expect(second.rows.map((row) => row.time)).toEqual(Array.from({ length: 60 }, (_, index) => 1_069 - index));
    const last = await client.requestLog({ before: second.nextBefore!, limit: 60 });
    expect(last.rows).toHaveLength(10);
    expect(last.nextBefore).toBeNull();
    expect(last.total).toBe(120);
  });

  it('filters by time, client, provider, model asked or used, outcome and free text', async () => {
    insert(1, () => ({ time: 10, client: 'editor', provider: 'openai-main', modelRequested: 'fast', modelUsed: 'gpt-4o-mini' }));
    insert(1, () => ({ time: 20, client: 'cli', provider: 'anthropic', keyId: 'team-key', modelRequested: 'claude', modelUsed: 'claude-sonnet-4', status: 529, error: 'upstream answered 529' }));
    insert(1, () => ({ time: 30, client: 'editor', provider: 'anthropic', modelRequested: 'claude', modelUsed: 'claude-sonnet-4', costUsd: null }));
    // A failed-over attempt belongs to the request after it: not a row of its own in the log.
    insert(1, () => ({ time: 30, client: 'editor', provider: 'openai-main', status: 500, final: false }));
    const times = async (query: Parameters<ControlService['requestLog']>[0]) => (await client.requestLog(query)).rows.map((row) => row.time);

    expect(await times({})).toEqual([30, 20, 10]);
    expect(await times({ from: 15, to: 30 })).toEqual([20]);
    expect(await times({ client: 'editor' })).toEqual([30, 10]);
    expect(await times({ provider: 'anthropic' })).toEqual([30, 20]);
    expect(await times({ model: 'fast' })).toEqual([10]);
    expect(await times({ model: 'claude-sonnet-4' })).toEqual([30, 20]);
    expect(await times({ outcome: 'error' })).toEqual([20]);
    expect(await times({ outcome: 'ok' })).toEqual([30, 10]);
    expect(await times({ search: 'TEAM' })).toEqual([20]);
    expect(await times({ search: '529' })).toEqual([20]);
    expect(await times({ search: 'mini' })).toEqual([10]);
    // LIKE's wildcards are what the user typed, not patterns.
    expect(await times({ search: '%' })).toEqual([]);
    const unpriced = (await client.requestLog({ client: 'editor', provider: 'anthropic' })).rows[0]!;
    expect(unpriced.costUsd).toBeNull();
    expect((await client.requestLog({ outcome: 'error' })).total).toBe(1);
  });

  it('answers one request with its bodies when they were logged, and item_not_found for an unknown id', async () => {
    insert(2, (index) => ({ time: 100 + index }));
    const [newer, older] = (await client.requestLog({})).rows;
    requestLog.insertBodies([{ usageId: newer!.id, time: 101, request: '{"model":"gpt-4"}', response: '{"id":"x"}', requestTruncated: false, responseTruncated: true }]);
    expect(await client.requestDetail({ id: newer!.id })).toMatchObject({
      id: newer!.id,
      reasoningTokens: 8,
      cacheReadTokens: 40,
      requestBody: '{"model":"gpt-4"}',
      responseBody: '{"id":"x"}',
      responseTruncated: true,
    });
    expect(await client.requestDetail({ id: older!.id })).toMatchObject({ requestBody: null, responseBody: null });
    await expect(client.requestDetail({ id: 9_999 })).rejects.toMatchObject({ code: 'item_not_found', field: 'id' });
  });

  it('uses an index for each filter and for the page order, so a page stays quick on a million rows', () => {
    const plan = (sql: string, ...values: unknown[]) =>
      database
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...values)
        .map((row) => row.detail)
        .join('\n');
    const page = (where: string) => `SELECT id FROM usage_events WHERE final = 1 AND ${where} AND id < ? ORDER BY id DESC LIMIT ?`;
    expect(plan(page('client = ?'), 'editor', 10, 51)).toMatch(/INDEX usage_events_client \(client=\? AND final=\?/);
    expect(plan(page('provider = ?'), 'anthropic', 10, 51)).toMatch(/INDEX usage_events_provider \(provider=\? AND final=\?/);
    expect(plan(page('(model_requested = ? OR model_used = ?)'), 'm', 'm', 10, 51)).toMatch(/usage_events_model_requested[\s\S]*usage_events_model_used/);
    // Unfiltered, a page is a walk back along the primary key: no sort of the whole table.
    expect(plan(page('1 = 1'), 10, 51)).not.toMatch(/TEMP B-TREE/);
  });
});
