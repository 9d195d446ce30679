import type { ControlCallError } from '../../src-shared/control/rpc.js';
import type { KeyQuota, QuotaView } from '../../src-shared/control/usage-api.js';
import { api } from '../lib/api.js';
import { asControlError, Resource } from './resource.svelte.js';

export interface QuotasService {
  quotas(): Promise<QuotaView[]>;
  refreshBalances(): Promise<void>;
}

/** Every key's budget, credit, balance and pace, and the vendor balance refresh. */
export class QuotasState {
  readonly views: Resource<QuotaView[]>;
  refreshing = $state(false);
  refreshError = $state<ControlCallError | null>(null);
  #service: QuotasService;

  constructor(service: QuotasService) {
    this.#service = service;
    this.views = new Resource(() => service.quotas());
  }

  load(): Promise<void> {
    return this.views.load();
  }

  /** Asks every vendor for its balance now, then shows the answers. */
  async refreshBalances(): Promise<void> {
    this.refreshing = true;
    this.refreshError = null;
    try {
      await this.#service.refreshBalances();
      await this.views.load();
    } catch (error) {
      this.refreshError = asControlError(error);
    } finally {
      this.refreshing = false;
    }
  }
}

export const quotas = new QuotasState({ quotas: () => api.quotas(), refreshBalances: () => api.refreshBalances() });

/** Keys nearest their limit first, so a glance at the top finds the one to act on. */
export function byUrgency<T extends Pick<KeyQuota, 'level' | 'usedFraction' | 'provider' | 'key'>>(items: readonly T[]): T[] {
  const rank: Record<KeyQuota['level'], number> = { critical: 0, warning: 1, ok: 2, unknown: 3 };
  return [...items].sort(
    (left, right) => rank[left.level] - rank[right.level] || (right.usedFraction ?? -1) - (left.usedFraction ?? -1) || `${left.provider}/${left.key}`.localeCompare(`${right.provider}/${right.key}`),
  );
}
