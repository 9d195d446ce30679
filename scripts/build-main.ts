/**
 * `npm run build`: the main process's TypeScript as plain JavaScript in `dist/`, one bundle per
 * entry, what `npm run serve` (and later the Electron app) runs. Packages stay outside the bundle
 * (`node_modules` is installed beside it; better-sqlite3 and the keyring are native).
 *
 * Why not tsx at run time: tsx compiles with esbuild's `keepNames`, which wraps every closure in an
 * `Object.defineProperty` call, and keeps a loader thread and the compiled sources in memory. Run as
 * a bundle, Switchyard spent about 15% less CPU per request and 40 MB less memory
 * (docs/benchmarks.md).
 */
import { build, type BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** Settings every bundle of Node code shares; the bench bundles its targets with the same ones. */
export const nodeBundleOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  // Stack traces need only the mappings; the sources are beside the bundle (about 6 MB less memory).
  sourcesContent: false,
  // Errors keep readable stacks; a minified bundle would save nothing measurable here.
  minify: false,
  logLevel: 'warning',
};

export async function buildMain(outdir = `${projectRoot}dist`): Promise<void> {
  await build({
    ...nodeBundleOptions,
    absWorkingDir: projectRoot,
    entryPoints: { serve: 'src-main/serve.ts' },
    outdir,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildMain();
}
