import type { Settings } from '../../src-shared/control/settings-api.js';

/**
 * What the Settings page checks before it saves, with the same bounds the service enforces, so a
 * mistake is shown at its field at once instead of after a round trip. The service's own refusals
 * name a field path too (`quotaThresholds.warning`); `fieldOfError` puts them at the same place.
 */

export const settingsFields = ['language', 'theme', 'zoom', 'logBodies', 'retentionDays', 'bodyRetentionDays', 'quotaThresholds.warning', 'quotaThresholds.critical'] as const;
export type SettingsField = (typeof settingsFields)[number];

export type Problem = { rule: 'whole' } | { rule: 'range'; min: number; max: number } | { rule: 'order' };

export const bounds = {
  zoom: { min: 80, max: 150 },
  retentionDays: { min: 0, max: 3650 },
  bodyRetentionDays: { min: 1, max: 365 },
  threshold: { min: 1, max: 100 },
} as const;

function checkWhole(value: number, range: { min: number; max: number }): Problem | null {
  if (!Number.isInteger(value)) return { rule: 'whole' };
  if (value < range.min || value > range.max) return { rule: 'range', ...range };
  return null;
}

export interface RetentionDraft {
  retentionDays: number;
  bodyRetentionDays: number;
}

export interface ThresholdDraft {
  warning: number;
  critical: number;
}

export function validateRetention(draft: RetentionDraft): Partial<Record<SettingsField, Problem>> {
  const problems: Partial<Record<SettingsField, Problem>> = {};
  const retention = checkWhole(draft.retentionDays, bounds.retentionDays);
  if (retention) problems.retentionDays = retention;
  const bodies = checkWhole(draft.bodyRetentionDays, bounds.bodyRetentionDays);
  if (bodies) problems.bodyRetentionDays = bodies;
  return problems;
}

export function validateThresholds(draft: ThresholdDraft): Partial<Record<SettingsField, Problem>> {
  const problems: Partial<Record<SettingsField, Problem>> = {};
  for (const level of ['warning', 'critical'] as const) {
    const value = draft[level];
    if (!Number.isFinite(value) || value < bounds.threshold.min || value > bounds.threshold.max) problems[`quotaThresholds.${level}`] = { rule: 'range', ...bounds.threshold };
  }
  // Amber must come before red, or a key would skip its warning.
  if (Object.keys(problems).length === 0 && draft.warning >= draft.critical) problems['quotaThresholds.critical'] = { rule: 'order' };
  return problems;
}

/**
 * The form field a refused change belongs to: the service names a path (`quotaThresholds.warning`,
 * `quotaThresholds`, `zoom`); a whole object lands on its last field among `candidates` (the ones
 * just saved), and anything else on none (shown above the form).
 */
export function fieldOfError(field: string | undefined, candidates: readonly SettingsField[]): SettingsField | null {
  if (field === undefined) return null;
  const exact = candidates.find((candidate) => candidate === field);
  if (exact) return exact;
  const inside = candidates.filter((candidate) => candidate.startsWith(`${field}.`) || field.startsWith(`${candidate}.`));
  return inside.at(-1) ?? null;
}

export function changedFields(change: Partial<Settings>): SettingsField[] {
  const fields: SettingsField[] = [];
  for (const name of Object.keys(change) as Array<keyof Settings>) {
    if (name === 'quotaThresholds') fields.push('quotaThresholds.warning', 'quotaThresholds.critical');
    else if (name !== 'keyThresholds') fields.push(name);
  }
  return fields;
}
