import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// `import … from '…'`, `export … from '…'`, side-effect `import '…'` and `import('…')`, type-only
// imports included: a cycle of types still ties two modules into one.
const specifierPattern = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The relative specifiers a source text imports, in order. */
export function relativeSpecifiers(text) {
  const found = [];
  for (const match of text.matchAll(specifierPattern)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier?.startsWith('.')) found.push(specifier);
  }
  return found;
}

/** The file a relative specifier names: TypeScript sources are imported by their `.js` name. */
export function resolveSpecifier(fromFile, specifier) {
  const target = resolve(dirname(fromFile), specifier);
  for (const candidate of [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, resolve(target, 'index.ts')]) {
    if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  }
  return null;
}

/**
 * The project's import graph, read lazily file by file from the sources on disk (ESLint sees one file
 * at a time; a cycle runs through files it is not linting).
 */
export class ImportGraph {
  #edges = new Map();

  importsOf(file) {
    // Keyed by modification time: an editor's ESLint server lives across saves.
    let modified = -1;
    try {
      modified = statSync(file).mtimeMs;
    } catch {
      return [];
    }
    const known = this.#edges.get(file);
    if (known !== undefined && known.modified === modified) return known.targets;
    const targets = relativeSpecifiers(readFileSync(file, 'utf8'))
      .map((specifier) => resolveSpecifier(file, specifier))
      .filter((target) => target !== null);
    this.#edges.set(file, { modified, targets });
    return targets;
  }

  /** A path of imports from `start` back to `goal`, or null: breadth first, so the shortest. */
  pathBetween(start, goal) {
    const previous = new Map([[start, null]]);
    const queue = [start];
    while (queue.length > 0) {
      const file = queue.shift();
      if (file === goal) {
        const path = [];
        for (let step = file; step !== null; step = previous.get(step)) path.unshift(step);
        return path;
      }
      for (const next of this.importsOf(file)) {
        if (!previous.has(next)) {
          previous.set(next, file);
          queue.push(next);
        }
      }
    }
    return null;
  }
}
