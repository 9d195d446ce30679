import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project (or packaged app) root: the nearest folder above `moduleUrl` with a package.json.
 * Searched for rather than a fixed `../../`: a module runs from its own folder under tsx and in the
 * tests, from `dist/` as a bundle (`npm run build`), and from inside the asar, where
 * electron-builder packs `package.json`, `resources/` and `src-renderer/` at the root.
 */
export function projectRoot(moduleUrl: string): string {
  const start = dirname(fileURLToPath(moduleUrl));
  let directory = start;
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no package.json above ${start}`);
    directory = parent;
  }
  return directory;
}
