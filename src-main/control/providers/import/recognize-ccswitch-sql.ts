import type { ImportDraft } from './import-draft.js';
import { draftFromManagers } from './recognize-ccswitch-config.js';
import { readSqlInsertRows } from './sql-insert-rows.js';

/**
 * cc-switch 3.7 and later keep providers in SQLite, and "Export" writes the database as SQL
 * (farion1231/cc-switch `src-tauri/src/database/backup.rs`, `dump_sql`; the header says
 * `-- CC Switch SQLite 导出`). Its `providers` table (`src-tauri/src/database/schema.rs`) has one row
 * per app and provider: `id`, `app_type`, `name`, `settings_config` (the same JSON the older
 * config.json held per provider), `is_current`. Those rows are read back into config.json's shape.
 */
export function recognizeCcSwitchSql(text: string): ImportDraft | undefined {
  if (!/INSERT\s+INTO\s+"?providers"?\s*\([^)]*settings_config/i.test(text)) return undefined;
  const managers = new Map<string, { providers: Record<string, unknown>; current: string | undefined }>();
  for (const row of readSqlInsertRows(text, 'providers')) {
    const { id, app_type: app, name, settings_config: settings, is_current: isCurrent } = row;
    if (typeof id !== 'string' || typeof app !== 'string' || typeof settings !== 'string') continue;
    const manager = managers.get(app) ?? { providers: {}, current: undefined };
    managers.set(app, manager);
    manager.providers[id] = { name: typeof name === 'string' ? name : id, settingsConfig: parseSettings(settings) };
    if (isCurrent === 1) manager.current = id;
  }
  if (managers.size === 0) return undefined;
  return draftFromManagers([...managers].map(([app, manager]) => [app, { ...manager }]));
}

function parseSettings(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A row whose settings are not JSON has no key or address to import; it reads as an empty one.
    return {};
  }
}
