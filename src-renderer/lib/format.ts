import { locale } from '../state/i18n.svelte.js';

/**
 * Numbers, money and dates in the window's language, through Intl. Money is exact cost: small sums
 * keep their cents' fractions instead of rounding to $0.00.
 */

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locale.current).format(value);
}

export function formatCompact(value: number): string {
  return new Intl.NumberFormat(locale.current, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

export function formatMoney(value: number, currency = 'USD'): string {
  const abs = Math.abs(value);
  const digits = abs === 0 || abs >= 1 ? 2 : abs >= 0.01 ? 4 : 6;
  return new Intl.NumberFormat(locale.current, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: digits }).format(value);
}

export function formatPercent(fraction: number): string {
  return new Intl.NumberFormat(locale.current, { style: 'percent', maximumFractionDigits: 1 }).format(fraction);
}

export function formatDateTime(value: number | string): string {
  return new Intl.DateTimeFormat(locale.current, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(value));
}

export function formatTime(value: number | string): string {
  return new Intl.DateTimeFormat(locale.current, { timeStyle: 'medium' }).format(new Date(value));
}

export function formatDate(value: number | string): string {
  return new Intl.DateTimeFormat(locale.current, { dateStyle: 'medium' }).format(new Date(value));
}

/** "3 minutes ago", "in 2 days". */
export function formatRelative(value: number | string, now = Date.now()): string {
  const seconds = Math.round((new Date(value).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale.current, { numeric: 'auto' });
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(seconds, 'second');
}

export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1_000) return `${formatNumber(Math.round(milliseconds))} ms`;
  return `${new Intl.NumberFormat(locale.current, { maximumFractionDigits: 2 }).format(milliseconds / 1000)} s`;
}

/** A time series bucket's start, as wide as the bucket: a time for minutes and hours, a day otherwise. */
export function formatBucket(value: number, granularity: 'minute' | 'hour' | 'day' | 'week'): string {
  const options: Intl.DateTimeFormatOptions = granularity === 'minute' || granularity === 'hour' ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat(locale.current, options).format(new Date(value));
}

/** A weekday's short name, 0 = Sunday as `Date.getDay()` counts. */
export function formatWeekday(day: number): string {
  // 7 January 2024 was a Sunday.
  return new Intl.DateTimeFormat(locale.current, { weekday: 'short' }).format(new Date(2024, 0, 7 + day));
}

/** An hour of the day as the language writes it ("14:00"). */
export function formatHour(hour: number): string {
  return new Intl.DateTimeFormat(locale.current, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(2024, 0, 7, hour));
}
