import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration tests start real servers on loopback; two cores leave no room for wide parallelism.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['test/**/*.test.ts'], exclude: ['test/src-renderer/**', 'node_modules/**'] },
      },
      {
        // The window's state modules: Svelte's runes compiled as in the build, a DOM from happy-dom.
        extends: true,
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: { name: 'renderer', include: ['test/src-renderer/**/*.test.ts'], environment: 'happy-dom' },
      },
    ],
  },
});
