/** The targets the bench compares, and how each is started and addressed. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchClientKey, benchUpstreamKey, convertedModel, sameFormatModel } from './bench-settings.js';
import type { BenchChild } from './processes.js';
import { spawnNode, waitForReady } from './processes.js';
import { startPortkey } from './portkey.js';

export type TargetId = 'direct' | 'bare' | 'switchyard' | 'switchyard-converted' | 'portkey';

export const targetLabels: Record<TargetId, string> = {
  direct: '1. direct to the mock',
  bare: '2. bare fastify + undici pass-through',
  switchyard: '3. Switchyard, same format (OpenAI → openai)',
  'switchyard-converted': '4. Switchyard, converted (OpenAI → anthropic)',
  portkey: '5. Portkey gateway 1.15.2',
};

export interface RunningTarget {
  id: TargetId | 'switchyard-usage-off';
  /** The process whose CPU and memory are this target's (for `direct`, the mock itself). */
  child: BenchChild;
  url: string;
  headers: Record<string, string>;
  model: string;
  /** The chat endpoint. */
  endpoint: string;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export interface StartContext {
  mockUrl: string;
  cpu: number | null;
  cpuProfileDirectory: string | null;
  echoStderr: boolean;
}

const openaiHeaders = (key: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${key}` });

/** Node's --cpu-prof into a folder per target (the usage writer thread writes a profile of its own). */
function profileArguments(context: StartContext, id: string): string[] {
  return context.cpuProfileDirectory ? ['--cpu-prof', '--cpu-prof-dir', join(context.cpuProfileDirectory, id)] : [];
}

export async function startBare(context: StartContext): Promise<RunningTarget> {
  const child = spawnNode('bare', here('./targets/bare-passthrough.ts'), [context.mockUrl], {
    cpu: context.cpu,
    typescript: true,
    probe: true,
    // Profiled beside Switchyard, for comparison.
    execArgv: profileArguments(context, 'bare'),
    echoStderr: context.echoStderr,
  });
  const url = await waitForReady(child);
  return { id: 'bare', child, url, headers: openaiHeaders(benchUpstreamKey), model: sameFormatModel, endpoint: `${url}/v1/chat/completions` };
}

/** One Switchyard process; `converted` only changes which model the bench asks it for. */
export async function startSwitchyard(
  context: StartContext,
  id: 'switchyard' | 'switchyard-converted' | 'switchyard-usage-off',
): Promise<RunningTarget> {
  const child = spawnNode(id, here('./targets/switchyard-target.ts'), [context.mockUrl], {
    cpu: context.cpu,
    typescript: true,
    probe: true,
    execArgv: profileArguments(context, id),
    env: { ...process.env, BENCH_USAGE_RECORDING: id === 'switchyard-usage-off' ? 'off' : 'on' },
    echoStderr: context.echoStderr,
  });
  const url = await waitForReady(child);
  return {
    id,
    child,
    url,
    headers: openaiHeaders(benchClientKey),
    model: id === 'switchyard-converted' ? convertedModel : sameFormatModel,
    endpoint: `${url}/v1/chat/completions`,
  };
}

export async function startPortkeyTarget(context: StartContext, mockUrl: string): Promise<RunningTarget> {
  const { child, url } = await startPortkey(context.cpu, context.echoStderr);
  return {
    id: 'portkey',
    child,
    url,
    // Portkey's own way of pointing at an OpenAI-compatible host: provider and custom host headers.
    headers: { ...openaiHeaders(benchUpstreamKey), 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${mockUrl}/v1` },
    model: sameFormatModel,
    endpoint: `${url}/v1/chat/completions`,
  };
}

export function directTarget(mock: BenchChild, mockUrl: string): RunningTarget {
  return { id: 'direct', child: mock, url: mockUrl, headers: openaiHeaders(benchUpstreamKey), model: sameFormatModel, endpoint: `${mockUrl}/v1/chat/completions` };
}

/** What a client sends: a small chat request, as an SDK writes it (no stream_options). */
export function chatBody(model: string, stream: boolean): string {
  return JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 64, ...(stream ? { stream: true } : {}) });
}
