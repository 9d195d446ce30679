import { readFileSync } from 'node:fs';

/** A documented balance answer from ./fixtures, parsed; a fresh copy each call, so tests may change it. */
export function readFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}
