import { resolve } from 'node:path';

/**
 * A path the user typed, made absolute against the folder they typed it in. `npm run …` runs its
 * script in the package folder, not the user's, and says where the user was in INIT_CWD; without
 * npm the process's own folder is the user's.
 */
export function resolveUserPath(path: string, env: NodeJS.ProcessEnv): string {
  return resolve(env.INIT_CWD || process.cwd(), path);
}
