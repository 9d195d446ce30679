// Read by Vite's Svelte plugin, svelte-check and vitest: the window is written in runes mode only.
export default {
  compilerOptions: { runes: true },
};
