import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { CatalogPrice, PriceCatalogFile } from './catalog-price.js';
import { projectRoot } from '../store/project-root.js';
import { withPublishedTier } from './published-price-tiers.js';

export interface PriceCatalog {
  readonly generated: string | null;
  readonly vendors: readonly string[];
  /**
   * The catalog price of `model`, looked up first at the vendors the provider hints at, then at
   * the first-party vendors, then anywhere. Accepts `vendor/model` ids (OpenRouter style), prices a
   * bare id a first party does not list at a relay's `vendor/model`, and falls back from a dated id
   * (`gpt-4o-2024-08-06`) to the undated one only when no vendor lists the dated id. Null when
   * nothing matches: the caller shows "no price", never $0.
   */
  lookup(model: string, vendorHints: readonly string[]): CatalogPrice | null;
  /**
   * The most output tokens `model` may produce in one answer, found as `lookup` finds prices (a
   * vendor that lists the model without a limit is passed over); null when no vendor says. Fills
   * Anthropic's required `max_tokens` for clients that send none.
   */
  outputLimit(model: string, vendorHints: readonly string[]): number | null;
}

/** `resources/price-catalog.json` under the project root (see projectRoot). */
export function bundledCatalogPath(): string {
  return join(projectRoot(import.meta.url), 'resources', 'price-catalog.json');
}

/** Vendors whose own price list wins over a relay's when the provider gives no hint. */
export const firstPartyVendors = [
  'openai',
  'anthropic',
  'google',
  'deepseek',
  'xai',
  'mistral',
  'moonshotai',
  'alibaba',
  'zhipuai',
] as const;

/** Model-id prefixes (OpenRouter, SiliconFlow) that name a catalog vendor under another spelling. */
const vendorPrefixAliases: Readonly<Record<string, string>> = {
  'x-ai': 'xai',
  mistralai: 'mistral',
  qwen: 'alibaba',
  'z-ai': 'zhipuai',
  'zai-org': 'zhipuai',
  thudm: 'zhipuai',
  'deepseek-ai': 'deepseek',
  minimaxai: 'minimax',
  'stepfun-ai': 'stepfun',
  xiaomimimo: 'xiaomi',
};

const perMillionTokens = z.number().nonnegative();

const priceFields = {
  inputPerMTok: perMillionTokens,
  outputPerMTok: perMillionTokens,
  cachedInputPerMTok: perMillionTokens.optional(),
  cacheWritePerMTok: perMillionTokens.optional(),
};

// Lenient where it costs nothing: metadata is optional and unknown fields are dropped, so a
// catalog built by a newer script still loads. A malformed price is still an error: it would bill.
const catalogFileSchema = z.object({
  source: z.string().optional(),
  license: z.string().optional(),
  generated: z.string().optional(),
  vendors: z.record(
    z.string(),
    z.record(
      z.string(),
      z.object({
        ...priceFields,
        longContext: z.object({ thresholdTokens: z.number().int().nonnegative(), ...priceFields }).optional(),
        maxOutputTokens: z.number().int().positive().optional(),
      }),
    ),
  ),
});

/** Reads and checks a catalog file; the bundled one unless a path is given. */
export function loadPriceCatalog(path: string = bundledCatalogPath()): PriceCatalog {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the price catalog ${path}: ${(error as Error).message}`, { cause: error });
  }
  return createPriceCatalog(data);
}

/** One model of one vendor: the price `lookup` answers (without the limit) and the output limit. */
interface CatalogEntry {
  price: CatalogPrice;
  maxOutputTokens: number | undefined;
}

interface VendorPrices {
  exact: ReadonlyMap<string, CatalogEntry>;
  /** By lower-cased id: clients write `deepseek-v3` for SiliconFlow's `DeepSeek-V3`. */
  folded: ReadonlyMap<string, CatalogEntry>;
  /** Prefixed ids by their lower-cased last segment: OpenRouter's `x-ai/grok-4` as `grok-4`. */
  byBareName: ReadonlyMap<string, CatalogEntry>;
}

export function createPriceCatalog(data: unknown): PriceCatalog {
  const file: PriceCatalogFile = catalogFileSchema.parse(data);
  const vendorIds = Object.keys(file.vendors).sort();
  const pricesByVendor = new Map<string, VendorPrices>();
  for (const vendor of vendorIds) {
    const exact = new Map<string, CatalogEntry>();
    const folded = new Map<string, CatalogEntry>();
    const byBareName = new Map<string, CatalogEntry>();
    // Fewest segments first, so `moonshotai/Kimi-K2.5` names `kimi-k2.5` before `Pro/moonshotai/…`.
    const models = Object.keys(file.vendors[vendor]!).sort(
      (left, right) => left.split('/').length - right.split('/').length || (left < right ? -1 : left > right ? 1 : 0),
    );
    for (const model of models) {
      const { maxOutputTokens, ...listed } = file.vendors[vendor]![model]!;
      const entry: CatalogEntry = { price: withPublishedTier(vendor, model, listed), maxOutputTokens };
      exact.set(model, entry);
      if (!folded.has(model.toLowerCase())) folded.set(model.toLowerCase(), entry);
      const bareName = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
      if (bareName !== model.toLowerCase() && !byBareName.has(bareName)) byBareName.set(bareName, entry);
    }
    pricesByVendor.set(vendor, { exact, folded, byBareName });
  }
  const firstParty: readonly string[] = firstPartyVendors;
  const fallbackOrder = [
    ...firstParty.filter((vendor) => pricesByVendor.has(vendor)),
    ...vendorIds.filter((vendor) => !firstParty.includes(vendor)),
  ];

  function entryAt(vendor: string, model: string): CatalogEntry | undefined {
    const prices = pricesByVendor.get(vendor);
    return prices?.exact.get(model) ?? prices?.folded.get(model.toLowerCase());
  }

  /** What `pick` says of the first entry, in lookup order, of which it says anything. */
  function find<T>(forms: readonly string[], preferred: readonly string[], pick: (entry: CatalogEntry) => T | undefined): T | null {
    const valueAt = (vendor: string, form: string): T | undefined => {
      const entry = entryAt(vendor, form);
      return entry ? pick(entry) : undefined;
    };
    // The provider's own vendors (and the one the id's prefix names) get every spelling first: a
    // hinted vendor's price for `gpt-4o` beats a relay's price for the literal `openai/gpt-4o`.
    for (const vendor of preferred) {
      for (const form of forms) {
        const value = valueAt(vendor, form);
        if (value) return value;
      }
    }
    // Elsewhere the id as written wins over a prefix-stripped one, so SiliconFlow's
    // `deepseek-ai/DeepSeek-V3` is not priced as some other vendor's `deepseek-v3`.
    const others = fallbackOrder.filter((vendor) => !preferred.includes(vendor));
    for (const form of forms) {
      for (const vendor of others) {
        const value = valueAt(vendor, form);
        if (value) return value;
      }
    }
    // Last, a relay's prefixed id for a bare one: `grok-4` at OpenRouter's `x-ai/grok-4` when the
    // first party's own list lacks it. Relays resell at or near list price.
    const bareName = forms[forms.length - 1]!.toLowerCase();
    for (const vendor of [...preferred, ...others]) {
      const entry = pricesByVendor.get(vendor)?.byBareName.get(bareName);
      const value = entry ? pick(entry) : undefined;
      if (value) return value;
    }
    return null;
  }

  function search<T>(model: string, vendorHints: readonly string[], pick: (entry: CatalogEntry) => T | undefined): T | null {
    const forms = idForms(model);
    const preferred = unique([...vendorHints, ...forms.slice(0, -1).map(prefixVendor)]).filter((vendor) => pricesByVendor.has(vendor));
    const found = find(forms, preferred, pick);
    if (found) return found;
    const undated = unique(forms.map(withoutDate)).filter((form) => !forms.includes(form));
    return undated.length > 0 ? find(undated, preferred, pick) : null;
  }

  // Every priced request asks (and every converted one for Anthropic's max_tokens), and a search
  // builds several arrays and sets; the catalog never changes (a sync makes a new one), so answers
  // are kept per hint list (providerVendorHints hands out one list per provider) and model name.
  const lookup = memoizeByHints((model, vendorHints) => search(model, vendorHints, (entry) => entry.price));
  const outputLimit = memoizeByHints((model, vendorHints) => search(model, vendorHints, (entry) => entry.maxOutputTokens));

  return {
    generated: file.generated ?? null,
    vendors: vendorIds,
    lookup,
    outputLimit,
  };
}

/** Answers of `find` kept per hint list and model name, up to a bound per list. */
function memoizeByHints<T>(find: (model: string, vendorHints: readonly string[]) => T): (model: string, vendorHints: readonly string[]) => T {
  const answersByHints = new WeakMap<readonly string[], Map<string, T>>();
  return (model, vendorHints) => {
    let answers = answersByHints.get(vendorHints);
    if (answers === undefined) {
      answers = new Map();
      answersByHints.set(vendorHints, answers);
    }
    if (answers.has(model)) return answers.get(model)!;
    const answer = find(model, vendorHints);
    if (answers.size >= 1_000) answers.clear();
    answers.set(model, answer);
    return answer;
  };
}

/** `Pro/zai-org/GLM-5.1` → itself, `zai-org/GLM-5.1`, `GLM-5.1`: the id with ever fewer prefixes. */
function idForms(model: string): string[] {
  const forms = [model];
  let rest = model;
  for (let slash = rest.indexOf('/'); slash > 0 && slash < rest.length - 1; slash = rest.indexOf('/')) {
    rest = rest.slice(slash + 1);
    forms.push(rest);
  }
  return forms;
}

/** The vendor a prefixed form names: `anthropic/claude-…` → `anthropic`, `x-ai/grok-4` → `xai`. */
function prefixVendor(form: string): string {
  const prefix = form.slice(0, form.indexOf('/')).toLowerCase();
  return vendorPrefixAliases[prefix] ?? prefix;
}

/** Strips a release date, `-2024-08-06` or `-20241022`, that vendors append to a pinned snapshot. */
function withoutDate(model: string): string {
  return model.replace(/-(?:\d{4}-\d{2}-\d{2}|\d{8})$/, '');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
