/** The most a rate-limit hint may keep a key out: a mangled date must not bench a key for years. */
export const maximumRetryAfterMs = 24 * 60 * 60 * 1000;

type HeaderValue = string | string[] | undefined;

const decimal = /^\d+(\.\d+)?$/;

/**
 * How long an upstream asked not to be called again, in milliseconds; null when it did not say.
 * Read in order: `retry-after-ms` (OpenAI and Azure, fractional milliseconds), `retry-after` (RFC
 * 9110 §10.2.3: delay-seconds or an HTTP-date), and OpenAI's `x-ratelimit-reset-requests` (a Go
 * duration such as `6m0s`), which only means "wait" when `x-ratelimit-remaining-requests` is 0 —
 * OpenAI sends it on every answer.
 */
export function retryAfterMs(headers: Readonly<Record<string, HeaderValue>>, now: number): number | null {
  const milliseconds = single(headers['retry-after-ms'])?.trim();
  if (milliseconds !== undefined && decimal.test(milliseconds)) return clamp(Number(milliseconds));

  const retryAfter = single(headers['retry-after'])?.trim();
  if (retryAfter !== undefined && retryAfter !== '') {
    if (decimal.test(retryAfter)) return clamp(Number(retryAfter) * 1000);
    // An HTTP-date names its weekday and month; a bare number Date.parse would take for a year is none.
    const date = /[A-Za-z]/.test(retryAfter) ? Date.parse(retryAfter) : Number.NaN;
    if (Number.isFinite(date)) return clamp(date - now);
  }

  if (single(headers['x-ratelimit-remaining-requests'])?.trim() === '0') {
    const reset = parseGoDuration(single(headers['x-ratelimit-reset-requests']) ?? '');
    if (reset !== null) return clamp(reset);
  }
  return null;
}

function single(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function clamp(milliseconds: number): number {
  return Math.min(Math.max(0, Math.ceil(milliseconds)), maximumRetryAfterMs);
}

const durationUnitsMs: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };

/** `1h2m3.5s`, `6m0s`, `20ms` (Go's `time.Duration` text, as OpenAI's rate-limit headers carry it). */
export function parseGoDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const part = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/y;
  let total = 0;
  let index = 0;
  while (index < trimmed.length) {
    part.lastIndex = index;
    const match = part.exec(trimmed);
    if (match === null) return null;
    total += Number(match[1]) * durationUnitsMs[match[2]!]!;
    index = part.lastIndex;
  }
  return total;
}
