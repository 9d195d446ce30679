import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from '../../../src-main/gateway/metrics.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Exposition {
  help: Map<string, string>;
  types: Map<string, string>;
  samples: Sample[];
}

/** A strict reader of the text exposition format 0.0.4: anything it does not understand fails the test. */
function parseExposition(text: string): Exposition {
  expect(text.endsWith('\n')).toBe(true);
  const exposition: Exposition = { help: new Map(), types: new Map(), samples: [] };
  for (const line of text.slice(0, -1).split('\n')) {
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (comment) {
      (comment[1] === 'HELP' ? exposition.help : exposition.types).set(comment[2]!, comment[3]!);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not an exposition line: ${JSON.stringify(line)}`);
    exposition.samples.push({ name: sample[1]!, labels: parseLabels(sample[2] ?? ''), value: Number(sample[3]) });
  }
  return exposition;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest.length > 0) {
    const match = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\\\|\\"|\\n)*)"(,|$)/.exec(rest);
    if (!match) throw new Error(`malformed labels: ${JSON.stringify(text)}`);
    labels[match[1]!] = match[2]!.replace(/\\(\\|"|n)/g, (_all, escaped: string) => (escaped === 'n' ? '\n' : escaped));
    rest = rest.slice(match[0].length);
  }
  return labels;
}

function samplesOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): Sample[] {
  return exposition.samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
}

function valueOf(exposition: Exposition, name: string, labels: Record<string, string>): number {
  const found = samplesOf(exposition, name, labels);
  expect(found, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
  return found[0]!.value;
}

describe('GatewayMetrics', () => {
  it('declares every family with HELP and TYPE even before any request', () => {
    const exposition = parseExposition(new GatewayMetrics().render());
    expect(Object.fromEntries(exposition.types)).toEqual({
      switchyard_requests_total: 'counter',
      switchyard_errors_total: 'counter',
      switchyard_in_flight_requests: 'gauge',
      switchyard_request_duration_seconds: 'histogram',
    });
    expect([...exposition.help.keys()].sort()).toEqual([...exposition.types.keys()].sort());
    expect(exposition.samples).toEqual([]);
  });

  it('counts requests and errors (status 400 and above) per provider and model', () => {
    const metrics = new GatewayMetrics();
    metrics.observe('openai', 'gpt-4o', 200, 10);
    metrics.observe('openai', 'gpt-4o', 429, 10);
    metrics.observe('openai', 'gpt-4o', 399, 10);
    metrics.observe('deepseek', 'deepseek-chat', 502, 10);
    const exposition = parseExposition(metrics.render());
    expect(valueOf(exposition, 'switchyard_requests_total', { provider: 'openai', model: 'gpt-4o' })).toBe(3);
    expect(valueOf(exposition, 'switchyard_errors_total', { provider: 'openai', model: 'gpt-4o' })).toBe(1);
    expect(valueOf(exposition, 'switchyard_requests_total', { provider: 'deepseek', model: 'deepseek-chat' })).toBe(1);
    expect(valueOf(exposition, 'switchyard_errors_total', { provider: 'deepseek', model: 'deepseek-chat' })).toBe(1);
  });

  it('keeps histogram buckets cumulative, with +Inf equal to the count and the sum in seconds', () => {
    const metrics = new GatewayMetrics();
    for (const latencyMs of [3, 40, 700, 1000, 200_000]) metrics.observe('p', 'm', 200, latencyMs);
    const exposition = parseExposition(metrics.render());
    const buckets = Object.fromEntries(
      samplesOf(exposition, 'switchyard_request_duration_seconds_bucket', { provider: 'p', model: 'm' }).map((sample) => [sample.labels.le, sample.value]),
    );
    expect(buckets).toEqual({
      '0.005': 1,
      '0.01': 1,
      '0.025': 1,
      '0.05': 2,
      '0.1': 2,
      '0.25': 2,
      '0.5': 2,
      '1': 4,
      '2.5': 4,
      '5': 4,
      '10': 4,
      '30': 4,
      '60': 4,
      '120': 4,
      '+Inf': 5,
    });
    expect(valueOf(exposition, 'switchyard_request_duration_seconds_count', { provider: 'p', model: 'm' })).toBe(5);
    expect(valueOf(exposition, 'switchyard_request_duration_seconds_sum', { provider: 'p', model: 'm' })).toBeCloseTo(201.743, 9);
  });

  it('never lets a bucket count fall below the one before it, whatever the latencies', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 300_000, noNaN: true }), { minLength: 1, maxLength: 50 }), (latencies) => {
        const metrics = new GatewayMetrics();
        for (const latency of latencies) metrics.observe('p', 'm', 200, latency);
        const buckets = samplesOf(parseExposition(metrics.render()), 'switchyard_request_duration_seconds_bucket');
        const bounds = buckets.map((sample) => (sample.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(sample.labels.le)));
        expect(bounds).toEqual([...bounds].sort((a, b) => a - b));
        for (let index = 1; index < buckets.length; index++) expect(buckets[index]!.value).toBeGreaterThanOrEqual(buckets[index - 1]!.value);
        expect(buckets.at(-1)!.value).toBe(latencies.length);
        // Each bucket holds exactly the observations at or under its bound.
        buckets.forEach((sample, index) => {
          expect(sample.value).toBe(latencies.filter((latency) => latency / 1000 <= bounds[index]!).length);
        });
      }),
    );
  });

  it('escapes backslash, double quote and newline in label values', () => {
    const metrics = new GatewayMetrics();
    const provider = 'relay "eu"\\west';
    const model = 'vendor/model\nname';
    metrics.observe(provider, model, 200, 1);
    const text = metrics.render();
    expect(text).toContain('provider="relay \\"eu\\"\\\\west",model="vendor/model\\nname"');
    const exposition = parseExposition(text);
    expect(valueOf(exposition, 'switchyard_requests_total', { provider, model })).toBe(1);
  });

  it('tracks requests in flight, and ending one twice counts once', () => {
    const metrics = new GatewayMetrics();
    const endFirst = metrics.start('p', 'm');
    const endSecond = metrics.start('p', 'm');
    metrics.start('q', 'm');
    endFirst();
    endFirst();
    let exposition = parseExposition(metrics.render());
    expect(valueOf(exposition, 'switchyard_in_flight_requests', { provider: 'p', model: 'm' })).toBe(1);
    expect(valueOf(exposition, 'switchyard_in_flight_requests', { provider: 'q', model: 'm' })).toBe(1);
    endSecond();
    exposition = parseExposition(metrics.render());
    expect(valueOf(exposition, 'switchyard_in_flight_requests', { provider: 'p', model: 'm' })).toBe(0);
  });
});
