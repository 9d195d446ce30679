import type { ExportedFile } from '../../../src-shared/control/settings-api.js';
import type { UsageHistoryRow } from '../../store/usage-history.js';
import { fileDate } from './file-date.js';

const columns = [
  'time',
  'client',
  'modelRequested',
  'modelUsed',
  'provider',
  'keyId',
  'status',
  'latencyMs',
  'firstByteMs',
  'inputTokens',
  'outputTokens',
  'cachedInputTokens',
  'cacheWriteTokens',
  'reasoningTokens',
  'costUsd',
  'stream',
  'endpoint',
  'final',
  'error',
] as const satisfies ReadonlyArray<keyof UsageHistoryRow>;

/** A row as exported: the time in ISO 8601, an unpriced request's cost null (empty in CSV), never 0. */
type ExportedRow = Omit<UsageHistoryRow, 'time'> & { time: string };

export function exportUsageFile(rows: Iterable<UsageHistoryRow>, format: 'csv' | 'json', now: number): ExportedFile {
  const fileName = `switchyard-usage-${fileDate(now)}.${format}`;
  const exported = (function* () {
    for (const row of rows) yield { ...row, time: new Date(row.time).toISOString() } satisfies ExportedRow;
  })();
  if (format === 'json') return { fileName, mimeType: 'application/json', content: `${JSON.stringify([...exported], null, 2)}\n` };
  const lines = [columns.join(',')];
  for (const row of exported) lines.push(columns.map((column) => csvField(row[column])).join(','));
  // The byte-order mark tells Excel the file is UTF-8, or it reads Chinese model names as mojibake;
  // CRLF is RFC 4180's line end.
  return { fileName, mimeType: 'text/csv', content: `\uFEFF${lines.join('\r\n')}\r\n` };
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled; null is empty. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  // A leading =, +, - or @ would make a spreadsheet run the cell as a formula (an error text is
  // upstream words): such text is quoted and led by an apostrophe, as OWASP advises.
  const guarded = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) || guarded !== text ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}
