import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The OS app-data folder of "Switchyard", the same one Electron's `app.getPath('userData')`
 * gives, so the tray app and `npm run serve` share one store.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Switchyard');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Switchyard');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Switchyard');
}
