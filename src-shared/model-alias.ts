import type { ModelAlias, RoutingStrategy } from './config-schema.js';

/** The model (or further alias) an alias stands for. */
export function aliasTarget(alias: ModelAlias): string {
  return typeof alias === 'string' ? alias : alias.model;
}

/** The strategy an alias routes with; null where it leaves that to `routing.strategy`. */
export function aliasStrategy(alias: ModelAlias): RoutingStrategy | null {
  return typeof alias === 'string' ? null : (alias.strategy ?? null);
}

/** `modelAliases` as plain `alias → target` pairs, for storage and display. */
export function aliasTargets(aliases: Readonly<Record<string, ModelAlias>>): Record<string, string> {
  return Object.fromEntries(Object.entries(aliases).map(([name, alias]) => [name, aliasTarget(alias)]));
}
