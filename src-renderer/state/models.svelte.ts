import type { ModelAlias, RoutingStrategy } from '../../src-shared/config-schema.js';
import type { ModelView } from '../../src-shared/control/providers-api.js';
import type { ControlCallError } from '../../src-shared/control/rpc.js';
import { api } from '../lib/api.js';
import { t } from './i18n.svelte.js';
import { asControlError, Resource } from './resource.svelte.js';

/** Every model the configured providers serve, merged, with each provider's price. */
export const modelList = new Resource<ModelView[]>(() => api.listModels());

/** Models whose id or one of whose providers contains every word of the query. */
export function filterModels(models: readonly ModelView[], query: string): ModelView[] {
  const words = query.toLowerCase().split(/\s+/).filter((word) => word !== '');
  return models.filter((model) => {
    const haystack = `${model.id} ${model.providers.join(' ')}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

export const modelSearch = $state({ query: '', unpricedOnly: false });

export interface AliasRow {
  alias: string;
  model: string;
  /** '' follows routing's strategy. */
  strategy: RoutingStrategy | '';
}

export function aliasRowsFrom(aliases: Record<string, ModelAlias>): AliasRow[] {
  return Object.entries(aliases).map(([alias, target]) =>
    typeof target === 'string' ? { alias, model: target, strategy: '' } : { alias, model: target.model, strategy: target.strategy ?? '' },
  );
}

/** Rows back to the config's shape: a plain model name unless the alias has a strategy of its own. Blank rows are dropped. */
export function aliasesFrom(rows: readonly AliasRow[]): Record<string, ModelAlias> {
  const aliases: Record<string, ModelAlias> = {};
  for (const row of rows) {
    const alias = row.alias.trim();
    const model = row.model.trim();
    if (alias === '' && model === '') continue;
    aliases[alias] = row.strategy === '' ? model : { model, strategy: row.strategy };
  }
  return aliases;
}

/**
 * The aliases editor. A refusal names `aliases.<name>` (or the config's `modelAliases.<name>.model`);
 * its message shows at that row, and the rows stay as typed.
 */
export const aliasEditor = $state({
  rows: [] as AliasRow[],
  loaded: false,
  loadError: null as ControlCallError | null,
  rowErrors: {} as Record<number, string>,
  error: null as ControlCallError | null,
  busy: false,
  saved: false,
});

export async function loadAliases(): Promise<void> {
  try {
    aliasEditor.rows = aliasRowsFrom(await api.getAliases());
    aliasEditor.loaded = true;
    aliasEditor.loadError = null;
  } catch (error) {
    aliasEditor.loadError = asControlError(error);
  }
}

export function addAliasRow(): void {
  aliasEditor.rows.push({ alias: '', model: '', strategy: '' });
  aliasEditor.saved = false;
}

export function removeAliasRow(index: number): void {
  aliasEditor.rows.splice(index, 1);
  aliasEditor.saved = false;
}

/** The row a refusal's field names, by the alias in it. */
export function aliasRowOfError(rows: readonly AliasRow[], field: string | undefined): number | null {
  const name = field === undefined ? null : /^(?:aliases|modelAliases)\.([^.[]+)/.exec(field)?.[1];
  if (!name) return null;
  const index = rows.findIndex((row) => row.alias.trim() === name);
  return index === -1 ? null : index;
}

export async function saveAliases(): Promise<void> {
  aliasEditor.rowErrors = {};
  aliasEditor.error = null;
  aliasEditor.saved = false;
  const incomplete = aliasEditor.rows.findIndex((row) => (row.alias.trim() === '') !== (row.model.trim() === ''));
  if (incomplete !== -1) {
    aliasEditor.rowErrors = { [incomplete]: t('models:aliases.incomplete') };
    return;
  }
  aliasEditor.busy = true;
  try {
    aliasEditor.rows = aliasRowsFrom(await api.setAliases({ aliases: aliasesFrom(aliasEditor.rows) }));
    aliasEditor.saved = true;
  } catch (error) {
    const refusal = asControlError(error);
    const row = aliasRowOfError(aliasEditor.rows, refusal.field);
    if (row !== null) aliasEditor.rowErrors = { [row]: refusal.message };
    else aliasEditor.error = refusal;
  } finally {
    aliasEditor.busy = false;
  }
}
