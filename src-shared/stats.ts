export const statsWindows = ['24h', '7d', '30d', 'all'] as const;
export type StatsWindow = (typeof statsWindows)[number];

/** `GET /api/stats/summary` (SPEC §6). */
export interface StatsSummary {
  window: StatsWindow;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  byProvider: Array<{ provider: string; requests: number; costUsd: number }>;
  byModel: Array<{ model: string; requests: number; costUsd: number }>;
  byKey: Array<{ provider: string; key: string; requests: number; costUsd: number; remainingUsd: number | null }>;
  byClient: Array<{ client: string; requests: number; costUsd: number }>;
}
