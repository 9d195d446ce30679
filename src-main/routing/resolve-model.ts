import type { RoutingStrategy } from '../../src-shared/config-schema.js';
import { aliasStrategy, aliasTarget } from '../../src-shared/model-alias.js';
import type { RouteTable } from './route-table.js';

export interface ResolvedModel {
  /** The model name after aliases, without a provider pin. */
  model: string;
  /** Set when the client pinned one provider with `providerId/model`. */
  pinnedProvider: string | null;
  /**
   * The strategy of the alias the client used; along a chain the alias nearest the client's name
   * wins. Null when no alias on the way names one: then `routing.strategy` applies.
   */
  strategy: RoutingStrategy | null;
}

/**
 * Aliases, then a provider pin. The config refuses alias cycles, so following aliases ends; the bound is a
 * second guard. `vendor/model` names that are not a provider id stay whole: OpenRouter's
 * `anthropic/claude-sonnet-4.5` is one model name.
 */
export function resolveModel(table: RouteTable, requested: string): ResolvedModel {
  let model = requested;
  let strategy: RoutingStrategy | null = null;
  const aliases = table.config.modelAliases;
  for (let hops = 0; hops < 16 && Object.hasOwn(aliases, model); hops++) {
    const alias = aliases[model]!;
    strategy ??= aliasStrategy(alias);
    model = aliasTarget(alias);
  }
  const slash = model.indexOf('/');
  if (slash > 0) {
    const providerId = model.slice(0, slash);
    if (table.providers.has(providerId)) return { model: model.slice(slash + 1), pinnedProvider: providerId, strategy };
  }
  return { model, pinnedProvider: null, strategy };
}
