import { relative, resolve, sep } from 'node:path';
import { ImportGraph, resolveSpecifier } from './import-graph.js';
import { mainLayers } from './layers.js';

const projectRoot = resolve(import.meta.dirname, '..');

/** Where a file sits in the house: src-main/<layer>, a src-main entry file, src-shared, or elsewhere. */
function placeOf(file) {
  const parts = relative(projectRoot, file).split(sep);
  if (parts[0] === 'src-shared') return { kind: 'shared', name: 'src-shared/' };
  if (parts[0] === 'src-renderer') return { kind: 'renderer', name: 'src-renderer/' };
  if (parts[0] !== 'src-main') return { kind: 'outside', name: parts[0] ?? '' };
  if (parts.length === 2) return { kind: 'entry', name: `src-main/${parts[1]}` };
  const rank = mainLayers.indexOf(parts[1]);
  return rank === -1 ? { kind: 'unknown', name: `src-main/${parts[1]}/` } : { kind: 'layer', name: `${parts[1]}/`, rank };
}

/** Every import-like node with a string source: static imports, re-exports and `import()`. */
function visitSources(report) {
  const check = (node) => {
    if (node.source && typeof node.source.value === 'string') report(node, node.source.value);
  };
  return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
}

/** Why a file at `from` may not import one at `to`, or null when it may. */
function layerProblem(from, to) {
  if (to.kind === 'unknown' || from.kind === 'unknown') {
    return `${to.kind === 'unknown' ? to.name : from.name} is not a layer of the house: add it to lint/layers.js and docs/architecture.md`;
  }
  if (to.kind === 'shared') return null;
  switch (from.kind) {
    case 'shared':
      return `src-shared/ runs everywhere and imports only src-shared/, not ${to.name}`;
    case 'layer':
      if (to.kind !== 'layer') return `${from.name} must not import ${to.name}`;
      if (to.rank <= from.rank) return null;
      return `${from.name} must not import ${to.name}, which sits above it; it may import ${mainLayers.slice(0, from.rank).map((name) => `${name}/`).join(', ') || 'no other folder'} and src-shared/`;
    case 'entry':
      if (to.kind === 'layer' && to.name === 'app/') return `${from.name} runs without Electron and must not import app/`;
      return to.kind === 'layer' ? null : `${from.name} must not import ${to.name}`;
    default:
      // Tests, scripts and the bench may reach into any layer.
      return null;
  }
}

const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'Each folder of src-main/ imports only folders listed before it (docs/architecture.md), and src-shared/; only app/ imports electron.' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = placeOf(file);
    const rule = (message) => `[layers] ${message} (docs/architecture.md)`;
    return visitSources((node, specifier) => {
      if (specifier === 'electron' || specifier.startsWith('electron/')) {
        // Tests stand a fake electron module in; the rule is about what ships.
        if (from.kind !== 'outside' && !(from.kind === 'layer' && from.name === 'app/')) {
          context.report({ node, message: rule(`${from.name} must not import electron: only src-main/app/ runs in Electron`) });
        }
        return;
      }
      if (!specifier.startsWith('.')) return;
      const target = resolveSpecifier(file, specifier);
      if (target === null) return;
      const problem = layerProblem(from, placeOf(target));
      if (problem !== null) context.report({ node, message: rule(problem) });
    });
  },
};

// One graph for the lint run; it re-reads a file only when the file changed.
const graph = new ImportGraph();

const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'No import cycles, type-only imports included.' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    return visitSources((node, specifier) => {
      if (!specifier.startsWith('.')) return;
      const target = resolveSpecifier(file, specifier);
      if (target === null) return;
      const path = graph.pathBetween(target, file);
      if (path === null) return;
      const names = [file, ...path].map((step) => relative(projectRoot, step)).join(' → ');
      context.report({ node, message: `[no-import-cycle] this import closes a cycle: ${names}. Move what both need into a module of its own.` });
    });
  },
};

export default { rules: { layers, 'no-import-cycle': noImportCycle } };
