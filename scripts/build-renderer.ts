/**
 * The window's build: Vite turns src-renderer/ into dist/renderer/, then the first screen's
 * JavaScript (the entry chunk and what it imports statically, gzipped) is measured against its
 * 150 KB budget, and the build fails past it. Later screens are lazy chunks, outside the budget.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const rendererOutDir = join(projectRoot, 'dist', 'renderer');
export const firstScreenBudgetBytes = 150 * 1024;

export interface FirstScreenSize {
  files: string[];
  gzipBytes: number;
}

export async function buildRenderer(): Promise<FirstScreenSize> {
  const output = (await build({ configFile: join(projectRoot, 'vite.config.ts'), logLevel: 'warn' })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const chunks = (Array.isArray(output) ? output.flatMap((part) => part.output) : output.output).filter(
    (item): item is Rollup.OutputChunk => item.type === 'chunk',
  );
  const size = measureFirstScreen(chunks);
  if (size.gzipBytes > firstScreenBudgetBytes) {
    throw new Error(`the first screen's JavaScript is ${kilobytes(size.gzipBytes)} gzip, over its ${kilobytes(firstScreenBudgetBytes)} budget: ${size.files.join(', ')}`);
  }
  return size;
}

/** The page the window opens on; its chunk is loaded at once, so it counts as first screen. */
const firstPageModule = 'src-renderer/pages/DashboardPage.svelte';

/**
 * The entry chunk, the dashboard's chunk, and their static imports, transitively: what the browser
 * loads before the first screen is drawn. The charts library, imported lazily, is not in it.
 */
export function measureFirstScreen(chunks: Rollup.OutputChunk[]): FirstScreenSize {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const seen = new Set<string>();
  const visit = (fileName: string) => {
    if (seen.has(fileName)) return;
    seen.add(fileName);
    for (const imported of byName.get(fileName)?.imports ?? []) visit(imported);
  };
  for (const chunk of chunks) {
    if (chunk.isEntry || chunk.facadeModuleId?.replaceAll('\\', '/').endsWith(firstPageModule)) visit(chunk.fileName);
  }
  const files = [...seen].sort();
  const gzipBytes = files.reduce((total, fileName) => total + gzipSync(readFileSync(join(rendererOutDir, fileName))).length, 0);
  return { files, gzipBytes };
}

export function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Whether dist/renderer has a built window (the gateway serves a hint page without one). */
export function rendererBuilt(): boolean {
  try {
    return statSync(join(rendererOutDir, 'index.html')).isFile();
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const size = await buildRenderer();
  console.log(`window built in dist/renderer; first screen ${kilobytes(size.gzipBytes)} gzip (budget ${kilobytes(firstScreenBudgetBytes)})`);
}
