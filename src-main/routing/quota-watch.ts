import type { NotificationKind } from '../../src-shared/control/settings-api.js';
import { budgetPeriodStart } from '../usage/budget-period.js';
import type { MoneySources } from './key-money.js';
import { keyName, type KeyEntry, type RouteTable } from './route-table.js';

export interface QuotaThresholds {
  warning: number;
  critical: number;
}

/** Where a key's crossed thresholds are remembered, so a restart does not raise them again. */
export interface QuotaArms {
  quotaArm(subject: string, level: string): string | null;
  setQuotaArm(subject: string, level: string, armedFor: string): void;
}

export interface QuotaWatchOptions {
  routeTable(): RouteTable;
  money: MoneySources;
  /** The credit figure the ledger holds for the key (config or fetched balance); null when none. */
  creditFigure(providerId: string, keyId: string): { usd: number } | null;
  /** The thresholds for `provider/key` (its own, else the general ones), in percent. */
  thresholds(subject: string): QuotaThresholds;
  arms: QuotaArms;
  raise(kind: NotificationKind, subject: string, values: Record<string, string | number>): void;
  now?: () => number;
}

interface QuotaUse {
  percent: number;
  limit: 'budget' | 'credit';
  /**
   * What a crossing belongs to: a budget's crossing to its amount and period (a new period or a
   * changed budget raises it again); a credit's to the credit as such, re-armed once a top-up brings
   * it back under the threshold — a balance fetched every few minutes must not raise it each time.
   */
  armedFor: string;
}

const levels = [
  { level: 'critical', kind: 'quota-critical' },
  { level: 'warning', kind: 'quota-warning' },
] as const;

/**
 * Raises a notification when a key's spend crosses its warning or critical share of its budget or
 * credit: asked after each priced request of that key, so it reads only that key's figures (from
 * memory) and touches the store only when a threshold is crossed or cleared.
 */
export class QuotaWatch {
  private readonly now: () => number;
  /** The arms read from or written to the store, so a key past its threshold costs no query per request. */
  private readonly arms = new Map<string, string | null>();
  private indexed: { table: RouteTable; keys: Map<string, KeyEntry> } | null = null;

  constructor(private readonly options: QuotaWatchOptions) {
    this.now = options.now ?? Date.now;
  }

  check(providerId: string, keyId: string): void {
    const entry = this.entryOf(`${providerId}/${keyId}`);
    if (entry === undefined) return;
    const use = this.quotaUse(entry);
    if (use === null) return;
    const subject = keyName(entry);
    const thresholds = this.options.thresholds(subject);
    let raised = false;
    for (const { level, kind } of levels) {
      const armedFor = this.arm(subject, level);
      if (use.percent < thresholds[level]) {
        if (armedFor !== null) this.setArm(subject, level, '');
        continue;
      }
      if (armedFor === use.armedFor) continue;
      this.setArm(subject, level, use.armedFor);
      // Past critical at once: one notification, and the warning is not raised after it.
      if (raised) continue;
      raised = true;
      this.options.raise(kind, subject, { percent: Math.floor(use.percent), limit: use.limit, provider: providerId, key: keyId });
    }
  }

  /** The higher of the key's budget and credit use, or null when it has neither. */
  private quotaUse(entry: KeyEntry): QuotaUse | null {
    const providerId = entry.provider.config.id;
    const { id: keyId, budgetUsd, budgetPeriod, creditUsd } = entry.key;
    const { money } = this.options;
    let best: QuotaUse | null = null;
    if (budgetUsd !== undefined && budgetUsd > 0) {
      const period = budgetPeriod ?? 'total';
      const since = budgetPeriodStart(period, (money.now ?? this.now)());
      const percent = (money.spentUsd(providerId, keyId, since) / budgetUsd) * 100;
      best = { percent, limit: 'budget', armedFor: `budget:${budgetUsd}:${period}:${since ?? 0}` };
    }
    const figure = this.options.creditFigure(providerId, keyId)?.usd ?? creditUsd;
    if (figure !== undefined && figure > 0) {
      const remaining = money.remainingCreditUsd?.(providerId, keyId) ?? figure - money.spentUsd(providerId, keyId);
      const percent = ((figure - remaining) / figure) * 100;
      if (best === null || percent > best.percent) best = { percent, limit: 'credit', armedFor: 'credit' };
    }
    return best;
  }

  private entryOf(name: string): KeyEntry | undefined {
    const table = this.options.routeTable();
    if (this.indexed?.table !== table) this.indexed = { table, keys: new Map(table.keys.map((entry) => [keyName(entry), entry])) };
    return this.indexed.keys.get(name);
  }

  private arm(subject: string, level: string): string | null {
    const id = `${subject}\u0000${level}`;
    if (!this.arms.has(id)) this.arms.set(id, this.options.arms.quotaArm(subject, level) || null);
    return this.arms.get(id)!;
  }

  private setArm(subject: string, level: string, armedFor: string): void {
    this.arms.set(`${subject}\u0000${level}`, armedFor || null);
    this.options.arms.setQuotaArm(subject, level, armedFor);
  }
}
