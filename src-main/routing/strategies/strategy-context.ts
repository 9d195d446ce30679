import type { ProviderConfig } from '../../../src-shared/config-schema.js';
import type { CatalogPrice } from '../../usage/catalog-price.js';
import type { KeyEntry } from '../route-table.js';
import type { RoutingState } from '../routing-state.js';

/** A guess at one request's size, for pricing it before it is sent. */
export interface ExpectedTokens {
  input: number;
  output: number;
}

/** What a strategy may look at besides the candidates themselves. */
export interface StrategyContext {
  state: RoutingState;
  /**
   * What rotations are counted per: the routed model, with the pinned provider where there is one,
   * so each model's keys take turns on their own.
   */
  route: string;
  /** The model after aliases, as it goes upstream. */
  model: string;
  /** The price `provider` charges for `model`, from the same price book usage is costed with. */
  priceOf(provider: ProviderConfig, model: string): CatalogPrice | null;
  expectedTokens(): ExpectedTokens;
  /** USD the key may still spend: budget left in its period or credit left, whichever is less; +Infinity without either. */
  remainingUsd(entry: KeyEntry): number;
}

export type CandidateOrder = (candidates: readonly KeyEntry[], context: StrategyContext) => KeyEntry[];
