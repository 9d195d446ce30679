/**
 * `tsx bench/summarize-profile.ts <file.cpuprofile> [top]`: where a `--cpu-prof` profile (from
 * `npm run bench -- --cpu-prof`) spent its time, without a flame-graph viewer. Prints self time by
 * function and by where the code lives (Switchyard's own folders, fastify, undici, node internals…),
 * and inclusive time for Switchyard's functions. Frames in the bench's bundles are named by the module
 * they came from; their line numbers are the bundle's (bench/.build/, kept until the next run).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [path, topArgument] = process.argv.slice(2);
if (!path) {
  process.stderr.write('usage: tsx bench/summarize-profile.ts <file.cpuprofile> [top]\n');
  process.exit(2);
}
const top = Number(topArgument ?? 30);
const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;

/** Where a frame's code lives, coarse enough to add up. */
function area(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const project = /\/(src-main|src-shared)\/([^/]+)/.exec(url);
  if (project) return `${project[1]}/${project[2]}`;
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1]!;
  if (url.startsWith('node:')) return url.replace(/^node:internal\//, 'node:').split('/').slice(0, 2).join('/');
  return url;
}

/**
 * The bench runs esbuild bundles (bench/.build/*.js). esbuild starts each module's code with a
 * `// src-main/gateway/chat-exchange.ts` line, so a frame's line in the bundle names its module.
 */
const bundleModules = new Map<string, Array<{ line: number; module: string }>>();
function moduleAt(url: string, lineNumber: number): string | null {
  if (!/\/bench\/\.build\/[^/]+\.js$/.test(url)) return null;
  let markers = bundleModules.get(url);
  if (markers === undefined) {
    markers = [];
    try {
      readFileSync(fileURLToPath(url), 'utf8')
        .split('\n')
        .forEach((text, line) => {
          const match = /^\/\/ ((?:src-main|src-shared|bench|scripts)\/\S+\.ts)$/.exec(text);
          if (match) markers!.push({ line, module: match[1]! });
        });
    } catch {
      // The bundle is gone (another run rebuilt or removed it): the frame keeps the bundle's name.
    }
    bundleModules.set(url, markers);
  }
  let found: string | null = null;
  for (const marker of markers) {
    if (marker.line > lineNumber) break;
    found = marker.module;
  }
  return found;
}

/** A frame's source: its module inside a bench bundle, else its URL. */
function sourceOf(frame: ProfileNode['callFrame']): string {
  const module = moduleAt(frame.url, frame.lineNumber);
  return module === null ? frame.url : `/${module}`;
}

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

const selfMicros = new Map<number, number>();
let totalMicros = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + delta);
  totalMicros += delta;
});

const byFunction = new Map<string, number>();
const byArea = new Map<string, number>();
const inclusiveOwn = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const node = nodes.get(id)!;
  const { functionName, lineNumber } = node.callFrame;
  const url = sourceOf(node.callFrame);
  const name = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  const where = area(url, functionName);
  byArea.set(where, (byArea.get(where) ?? 0) + micros);
  // Inclusive time of Switchyard's own functions: each sample counts once per distinct frame above it.
  const seen = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parents.get(current)) {
    const frame = nodes.get(current)!.callFrame;
    const source = sourceOf(frame);
    if (!/\/src-main\//.test(source)) continue;
    const key = `${frame.functionName || '(anonymous)'} ${source.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusiveOwn.set(key, (inclusiveOwn.get(key) ?? 0) + micros);
  }
}

const percent = (micros: number) => `${((100 * micros) / totalMicros).toFixed(1).padStart(5)}%`;
const print = (title: string, entries: Map<string, number>, count: number) => {
  process.stdout.write(`\n${title}\n`);
  for (const [name, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    process.stdout.write(`${percent(micros)}  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}\n`);
  }
};
process.stdout.write(`${path}: ${(totalMicros / 1e6).toFixed(2)} s sampled\n`);
print('self time by area', byArea, top);
print('self time by function', byFunction, top);
print("inclusive time of Switchyard's functions", inclusiveOwn, top);
