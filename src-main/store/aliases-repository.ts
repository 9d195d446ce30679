import type { Database } from './database.js';

export function createAliasesRepository(database: Database) {
  const deleteAll = database.prepare('DELETE FROM model_aliases');
  const insert = database.prepare('INSERT INTO model_aliases (alias, target) VALUES (?, ?)');
  const selectAll = database.prepare<[], { alias: string; target: string }>(
    'SELECT alias, target FROM model_aliases ORDER BY alias',
  );

  /** Makes the stored aliases exactly `aliases` (the config's `modelAliases`), in one transaction. */
  const replaceAliases = database.transaction((aliases: Readonly<Record<string, string>>) => {
    deleteAll.run();
    for (const [alias, target] of Object.entries(aliases)) insert.run(alias, target);
  });

  function listAliases(): Record<string, string> {
    return Object.fromEntries(selectAll.all().map((row) => [row.alias, row.target]));
  }

  return { replaceAliases: (aliases: Readonly<Record<string, string>>) => replaceAliases(aliases), listAliases };
}

export type AliasesRepository = ReturnType<typeof createAliasesRepository>;
