import type { RequestDetail, RequestLogQuery, RequestLogRow } from '../../src-shared/control/usage-api.js';
import type { Database } from './database.js';

export const defaultRequestLogLimit = 50;

/** A request's bodies as they are stored: already redacted, already capped. */
export interface StoredBodies {
  usageId: number;
  time: number;
  request: string | null;
  response: string | null;
  requestTruncated: boolean;
  responseTruncated: boolean;
}

export interface ClientUsage {
  client: string;
  requests: number;
  costUsd: number;
  lastUsedAt: number | null;
}

interface UsageEventRecord {
  id: number;
  time: number;
  client: string | null;
  model_requested: string | null;
  model_used: string | null;
  provider: string | null;
  key_id: string | null;
  status: number;
  latency_ms: number;
  first_byte_ms: number | null;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost_usd: number | null;
  stream: number;
  endpoint: string;
  error: string | null;
}

const logColumns = `id, time, client, model_requested, model_used, provider, key_id, status, latency_ms, first_byte_ms,
  input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens, cost_usd, stream, endpoint, error`;

export function toRequestLogRow(record: UsageEventRecord): RequestLogRow {
  return {
    id: record.id,
    time: record.time,
    client: record.client,
    modelRequested: record.model_requested,
    modelUsed: record.model_used,
    provider: record.provider,
    key: record.key_id,
    status: record.status,
    latencyMs: record.latency_ms,
    firstByteMs: record.first_byte_ms,
    inputTokens: record.input_tokens,
    outputTokens: record.output_tokens,
    cacheReadTokens: record.cached_input_tokens,
    cacheWriteTokens: record.cache_write_tokens,
    costUsd: record.cost_usd,
    stream: record.stream === 1,
    endpoint: record.endpoint,
    error: record.error,
  };
}

/** `%` and `_` in what the user typed are meant literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * The WHERE clause of a log query and its values. Only `final` rows: the log lists requests as their
 * clients saw them, the same count the dashboard calls requests (a failed-over attempt is part of
 * the request that followed it).
 */
function filterClause(query: RequestLogQuery): { sql: string; values: (string | number)[] } {
  const conditions = ['final = 1'];
  const values: (string | number)[] = [];
  if (query.from !== undefined) {
    conditions.push('time >= ?');
    values.push(query.from);
  }
  if (query.to !== undefined) {
    conditions.push('time < ?');
    values.push(query.to);
  }
  if (query.client !== undefined) {
    conditions.push('client = ?');
    values.push(query.client);
  }
  if (query.provider !== undefined) {
    conditions.push('provider = ?');
    values.push(query.provider);
  }
  if (query.model !== undefined) {
    conditions.push('(model_requested = ? OR model_used = ?)');
    values.push(query.model, query.model);
  }
  if (query.outcome === 'ok') conditions.push('status BETWEEN 200 AND 299');
  if (query.outcome === 'error') conditions.push('status NOT BETWEEN 200 AND 299');
  const search = query.search?.trim();
  if (search) {
    const columns = ['model_requested', 'model_used', 'client', 'provider', 'key_id', 'error'];
    conditions.push(`(${columns.map((column) => `${column} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
    values.push(...columns.map(() => likePattern(search)));
  }
  return { sql: conditions.join(' AND '), values };
}

export function createRequestLogRepository(database: Database) {
  const selectDetail = database.prepare<[number], UsageEventRecord>(`SELECT ${logColumns} FROM usage_events WHERE id = ?`);
  const selectBodies = database.prepare<[number], { request_body: string | null; response_body: string | null; request_truncated: number; response_truncated: number }>(
    'SELECT request_body, response_body, request_truncated, response_truncated FROM request_bodies WHERE usage_id = ?',
  );
  const insertBody = database.prepare(`
    INSERT OR REPLACE INTO request_bodies (usage_id, time, request_body, response_body, request_truncated, response_truncated)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const deleteBodiesBefore = database.prepare('DELETE FROM request_bodies WHERE time < ?');
  const deleteUsageBefore = database.prepare('DELETE FROM usage_events WHERE time < ?');
  const deleteOrphanBodies = database.prepare('DELETE FROM request_bodies WHERE usage_id NOT IN (SELECT id FROM usage_events)');
  const selectClientUsage = database.prepare<[], { client: string; requests: number; cost: number | null; last_used: number | null }>(`
    SELECT client, COUNT(*) AS requests, SUM(cost_usd) AS cost, MAX(time) AS last_used
    FROM usage_events WHERE client IS NOT NULL AND final = 1 GROUP BY client`);
  // Statements by their SQL: a filter combination is prepared once, not on every page.
  const prepared = new Map<string, ReturnType<typeof database.prepare<unknown[]>>>();
  const statement = (sql: string) => {
    let found = prepared.get(sql);
    if (found === undefined) {
      found = database.prepare<unknown[]>(sql);
      prepared.set(sql, found);
    }
    return found;
  };

  /** One page, newest first, and how many rows match the filters in all. */
  function page(query: RequestLogQuery): { rows: RequestLogRow[]; nextBefore: number | null; total: number } {
    const limit = query.limit ?? defaultRequestLogLimit;
    const filter = filterClause(query);
    const cursor = query.before === undefined ? '' : ' AND id < ?';
    const cursorValues = query.before === undefined ? [] : [query.before];
    // One row more than the page shows says whether an older page exists.
    const records = statement(`SELECT ${logColumns} FROM usage_events WHERE ${filter.sql}${cursor} ORDER BY id DESC LIMIT ?`).all(
      ...filter.values,
      ...cursorValues,
      limit + 1,
    ) as UsageEventRecord[];
    const total = (statement(`SELECT COUNT(*) AS total FROM usage_events WHERE ${filter.sql}`).get(...filter.values) as { total: number }).total;
    const rows = records.slice(0, limit).map(toRequestLogRow);
    return { rows, nextBefore: records.length > limit ? rows[rows.length - 1]!.id : null, total };
  }

  function detail(id: number): RequestDetail | null {
    const record = selectDetail.get(id);
    if (record === undefined) return null;
    const bodies = selectBodies.get(id);
    return {
      ...toRequestLogRow(record),
      reasoningTokens: record.reasoning_tokens,
      requestBody: bodies?.request_body ?? null,
      responseBody: bodies?.response_body ?? null,
      requestTruncated: bodies ? bodies.request_truncated === 1 : undefined,
      responseTruncated: bodies ? bodies.response_truncated === 1 : undefined,
    };
  }

  const insertBodies = database.transaction((list: readonly StoredBodies[]) => {
    for (const bodies of list) {
      insertBody.run(bodies.usageId, bodies.time, bodies.request, bodies.response, bodies.requestTruncated ? 1 : 0, bodies.responseTruncated ? 1 : 0);
    }
  });

  /** Deletes bodies older than `bodiesBefore` and usage rows older than `usageBefore` (null keeps them). */
  const prune = database.transaction((limits: { bodiesBefore: number; usageBefore: number | null }) => {
    let bodies = deleteBodiesBefore.run(limits.bodiesBefore).changes;
    let usage = 0;
    if (limits.usageBefore !== null) {
      usage = deleteUsageBefore.run(limits.usageBefore).changes;
      if (usage > 0) bodies += deleteOrphanBodies.run().changes;
    }
    return { bodies, usage };
  });

  function clientUsage(): ClientUsage[] {
    return selectClientUsage.all().map((row) => ({ client: row.client, requests: row.requests, costUsd: row.cost ?? 0, lastUsedAt: row.last_used }));
  }

  return {
    page,
    detail,
    insertBodies: (list: readonly StoredBodies[]) => insertBodies(list),
    prune: (limits: { bodiesBefore: number; usageBefore: number | null }): { bodies: number; usage: number } => prune(limits),
    clientUsage,
  };
}

export type RequestLogRepository = ReturnType<typeof createRequestLogRepository>;
