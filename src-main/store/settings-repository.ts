import type { Database } from './database.js';

/** Small named values the app keeps between runs. Never a secret: those go to the secret store. */
export function createSettingsRepository(database: Database) {
  const select = database.prepare<[string], { value: string }>('SELECT value FROM settings WHERE name = ?');
  const upsert = database.prepare(
    'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  );

  function getSetting(name: string): string | null {
    return select.get(name)?.value ?? null;
  }

  function setSetting(name: string, value: string): void {
    upsert.run(name, value);
  }

  return { getSetting, setSetting };
}

export type SettingsRepository = ReturnType<typeof createSettingsRepository>;
