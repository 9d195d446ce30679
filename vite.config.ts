import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The window: src-renderer/ built into dist/renderer/, which the gateway serves at `/` and the tray
 * app loads. Relative asset paths, so the same files work over http:// and from disk in Electron.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
  base: './',
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The budget (first screen under 150 KB gzip) is checked by scripts/build-renderer.ts.
    reportCompressedSize: false,
    chunkSizeWarningLimit: 600,
  },
});
