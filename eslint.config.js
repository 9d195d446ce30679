import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import local from './lint/plugin.js';

// Layering, as in VS Code's code-layering rule: src-shared runs in Node, in the Electron main
// process and in the renderer, so it may import nothing that only one of those runtimes has.
const runtimeSpecificImports = {
  patterns: [
    { group: ['node:*'], message: 'src-shared runs everywhere: no Node built-ins.' },
    { group: ['electron', 'electron/*'], message: 'src-shared runs everywhere: no Electron.' },
  ],
  paths: ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'stream', 'events', 'child_process', 'url', 'util', 'buffer'].map(
    (name) => ({ name, message: 'src-shared runs everywhere: no Node built-ins.' }),
  ),
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'bench/portkey/**', 'bench/.build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The house's one-way imports and no cycles (docs/architecture.md); lint/plugin.js says how.
    files: ['src-main/**/*.ts', 'src-shared/**/*.ts'],
    plugins: { local },
    rules: {
      'local/layers': 'error',
      'local/no-import-cycle': 'error',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', runtimeSpecificImports],
      // No DOM: the shared layer must not touch window/document either.
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer'],
    },
  },
  {
    // The window talks to Switchyard through one api module (lib/api.ts and its transports) only.
    files: ['src-renderer/**/*.ts'],
    ignores: ['src-renderer/lib/http-transport.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Call Switchyard through lib/api.ts, not fetch.' }, { name: 'XMLHttpRequest', message: 'Call Switchyard through lib/api.ts.' }],
    },
  },
);
