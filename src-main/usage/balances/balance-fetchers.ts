import type { BalanceSource } from '../../../src-shared/balance-sources.js';
import type { ProviderConfig } from '../../../src-shared/config-schema.js';
import type { BalanceFetcher } from './balance-reading.js';
import { deepseekBalanceFetcher } from './deepseek-balance.js';
import { moonshotBalanceFetcher } from './moonshot-balance.js';
import { openrouterBalanceFetcher } from './openrouter-balance.js';
import { siliconflowBalanceFetcher } from './siliconflow-balance.js';
import { parseBaseUrl } from '../../providers/shared/parsed-base-url.js';

/** How each vendor tells a key's remaining credit. */
export const balanceFetchers = {
  openrouter: openrouterBalanceFetcher,
  deepseek: deepseekBalanceFetcher,
  'moonshot-cn': moonshotBalanceFetcher('CNY', 'https://platform.moonshot.cn/docs/api/balance'),
  'moonshot-ai': moonshotBalanceFetcher('USD', 'https://platform.moonshot.ai/docs/api/balance'),
  'siliconflow-cn': siliconflowBalanceFetcher('CNY', 'https://docs.siliconflow.cn/cn/api-reference/userinfo/get-user-info'),
  'siliconflow-com': siliconflowBalanceFetcher('USD', 'https://docs.siliconflow.com/en/api-reference/userinfo/get-user-info'),
} as const satisfies Record<BalanceSource, BalanceFetcher>;

/** The vendor API hosts whose balance endpoint Switchyard knows, and which one each is. */
const balanceSourcesByHost: ReadonlyArray<readonly [host: string, source: BalanceSource]> = [
  ['openrouter.ai', 'openrouter'],
  ['api.deepseek.com', 'deepseek'],
  ['api.moonshot.cn', 'moonshot-cn'],
  ['api.moonshot.ai', 'moonshot-ai'],
  ['api.siliconflow.cn', 'siliconflow-cn'],
  ['api.siliconflow.com', 'siliconflow-com'],
];

const sourceNames: ReadonlySet<string> = new Set(Object.keys(balanceFetchers));

/**
 * Which balance API answers for a provider: its `balance` field when set (`none` turns it off), else
 * its preset when that is a vendor with one, else its base URL's host. Null when none does.
 */
export function balanceSourceFor(provider: Pick<ProviderConfig, 'balance' | 'baseUrl'> & { preset?: string }): BalanceSource | null {
  if (provider.balance === 'none') return null;
  if (provider.balance !== undefined) return provider.balance;
  if (provider.preset !== undefined && sourceNames.has(provider.preset)) return provider.preset as BalanceSource;
  const host = parseBaseUrl(provider.baseUrl)?.hostname ?? '';
  return balanceSourcesByHost.find(([suffix]) => host === suffix || host.endsWith(`.${suffix}`))?.[1] ?? null;
}
