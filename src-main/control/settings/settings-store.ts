import { z } from 'zod';
import { languages, themes, type Settings } from '../../../src-shared/control/settings-api.js';
import type { SettingsRepository } from '../../store/settings-repository.js';

export const defaultSettings: Settings = {
  language: 'system',
  theme: 'system',
  zoom: 100,
  // Bodies hold prompts and answers: kept only when the user asks for it.
  logBodies: false,
  // History is what budgets, credit and the dashboard's "All" are read from: nothing is deleted
  // unless the user sets a limit.
  retentionDays: 0,
  bodyRetentionDays: 7,
  quotaThresholds: { warning: 80, critical: 95 },
  keyThresholds: {},
};

const thresholds = z.object({ warning: z.number().min(1).max(100), critical: z.number().min(1).max(100) });

/**
 * How each stored value is read back. A value this build cannot read (written by a newer one, or
 * edited by hand) falls back to its default instead of breaking the window.
 */
const fieldSchemas: { [Field in keyof Settings]: z.ZodType<Settings[Field]> } = {
  language: z.enum(languages),
  theme: z.enum(themes),
  zoom: z.number().int().min(80).max(150),
  logBodies: z.boolean(),
  retentionDays: z.number().int().min(0),
  bodyRetentionDays: z.number().int().min(1),
  quotaThresholds: thresholds,
  keyThresholds: z.record(z.string(), thresholds),
};

const fields = Object.keys(fieldSchemas) as Array<keyof Settings>;

/** Each field is its own row (`window.<field>`), so one unreadable value costs only that value. */
const rowName = (field: keyof Settings) => `window.${field}`;

export interface SettingsStore {
  /** The settings in force; cheap, for anything that reads them per request. */
  currentSettings(): Settings;
  /** Stores the fields given (already validated) and answers the whole settings. */
  update(changes: Partial<Settings>): Settings;
}

export function createSettingsStore(repository: SettingsRepository): SettingsStore {
  let current = load(repository);
  return {
    currentSettings: () => current,
    update(changes) {
      const next: Settings = { ...current };
      for (const field of fields) {
        if (changes[field] === undefined) continue;
        repository.setSetting(rowName(field), JSON.stringify(changes[field]));
        (next as Record<keyof Settings, unknown>)[field] = changes[field];
      }
      current = next;
      return current;
    },
  };
}

function load(repository: SettingsRepository): Settings {
  const settings: Settings = { ...defaultSettings };
  for (const field of fields) {
    const stored = repository.getSetting(rowName(field));
    if (stored === null) continue;
    const parsed = fieldSchemas[field].safeParse(parseJson(stored));
    if (parsed.success) (settings as Record<keyof Settings, unknown>)[field] = parsed.data;
  }
  return settings;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // An unreadable row reads as absent: the field keeps its default (see fieldSchemas).
    return undefined;
  }
}
