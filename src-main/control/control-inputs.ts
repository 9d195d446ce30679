import { z } from 'zod';
import { budgetPeriods, routingStrategies } from '../../src-shared/config-schema.js';
import type { ControlMethod } from '../../src-shared/control/control-service.js';
import { breakdownDimensions, dashboardRanges } from '../../src-shared/control/usage-api.js';
import { languages, themes } from '../../src-shared/control/settings-api.js';
import { providerTypes } from '../../src-shared/provider-type.js';

/**
 * What each control method accepts, checked before the method runs: the window is one caller, a
 * script with the admin token is another, and neither is trusted to send the right shape. Strict, so
 * a misspelt field is refused by name instead of ignored. The configuration's own schema checks the
 * values again before anything is written.
 */

const none = z.undefined().or(z.strictObject({}));
const id = z.string().min(1).max(200);
const optionalNumber = z.number().finite().nullable().optional();

const keyInput = z.strictObject({
  id,
  secret: z.string().min(1).max(10_000).optional(),
  priority: z.number().int().nullable().optional(),
  weight: optionalNumber,
  budgetUsd: optionalNumber,
  budgetPeriod: z.enum(budgetPeriods).nullable().optional(),
  creditUsd: optionalNumber,
  disabled: z.boolean().optional(),
});

const providerInput = z.strictObject({
  originalId: id.optional(),
  id,
  preset: z.string().min(1).nullable().optional(),
  type: z.enum(providerTypes).optional(),
  baseUrl: z.string().min(1).optional(),
  models: z.array(z.string().min(1)).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  apiVersion: z.string().min(1).nullable().optional(),
  keys: z.array(keyInput).optional(),
});

const alias = z.union([z.string().min(1), z.strictObject({ model: z.string().min(1), strategy: z.enum(routingStrategies).optional() })]);
const thresholds = z
  .strictObject({ warning: z.number().min(1).max(100), critical: z.number().min(1).max(100) })
  // The amber step must come before the red one, or the warning would never show.
  .refine((value) => value.warning < value.critical, { message: 'must be above warning', path: ['critical'] });
const keyRef = z.strictObject({ providerId: id, keyId: id });
const epoch = z.number().int().nonnegative();

export const controlInputs = {
  listProviders: none,
  saveProvider: providerInput,
  removeProvider: z.strictObject({ id }),
  setKeyEnabled: keyRef.extend({ enabled: z.boolean() }),
  testKey: keyRef,
  previewImport: z.strictObject({ text: z.string().min(1).max(5_000_000) }),
  applyImport: z.strictObject({ text: z.string().min(1).max(5_000_000) }),
  listModels: none,
  getAliases: none,
  setAliases: z.strictObject({ aliases: z.record(z.string().min(1), alias) }),
  getRouting: none,
  setRouting: z.strictObject({
    strategy: z.enum(routingStrategies).optional(),
    retries: z.number().int().optional(),
    timeoutMs: z.number().int().optional(),
    failureThreshold: z.number().int().optional(),
    cooldownMs: z.number().int().optional(),
  }),

  dashboard: z.strictObject({
    range: z.enum(dashboardRanges),
    from: epoch.optional(),
    to: epoch.optional(),
    breakdown: z.enum(breakdownDimensions),
    utcOffsetMinutes: z.number().int().min(-840).max(840),
  }),
  quotas: none,
  requestLog: z.strictObject({
    from: epoch.optional(),
    to: epoch.optional(),
    client: z.string().optional(),
    provider: z.string().optional(),
    model: z.string().optional(),
    outcome: z.enum(['ok', 'error']).optional(),
    search: z.string().max(200).optional(),
    before: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(500).optional(),
  }),
  requestDetail: z.strictObject({ id: z.number().int().positive() }),
  listClients: none,
  createClient: z.strictObject({ name: z.string().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" or "-" only') }),
  revokeClient: z.strictObject({ name: z.string().min(1) }),

  environment: none,
  getSettings: none,
  updateSettings: z.strictObject({
    language: z.enum(languages).optional(),
    theme: z.enum(themes).optional(),
    zoom: z.number().int().min(80).max(150).optional(),
    logBodies: z.boolean().optional(),
    retentionDays: z.number().int().min(0).max(3650).optional(),
    bodyRetentionDays: z.number().int().min(1).max(365).optional(),
    quotaThresholds: thresholds.optional(),
    keyThresholds: z.record(z.string(), thresholds).optional(),
  }),
  listNotifications: none,
  markNotificationsRead: z.strictObject({ ids: z.array(z.string()).optional() }),
  syncPrices: none,
  refreshBalances: none,
  exportConfiguration: z.strictObject({ includeSecrets: z.boolean(), passphrase: z.string().min(8, 'use at least 8 characters').optional() }),
  importConfiguration: z.strictObject({ content: z.string().min(1).max(5_000_000), passphrase: z.string().optional() }),
  exportUsage: z.strictObject({ format: z.enum(['csv', 'json']), from: epoch.optional(), to: epoch.optional() }),
  resetStatistics: none,
} satisfies Record<ControlMethod, z.ZodType>;
