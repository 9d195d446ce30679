import { loadConfigFile, type LoadedConfiguration } from './load-config.js';
import { watchConfigFile, type ConfigWatcher } from './watch-config.js';

export type ConfigLogLevel = 'info' | 'warn' | 'error';

export interface ConfigControllerOptions {
  path: string;
  env: NodeJS.ProcessEnv;
  /** Puts a configuration into effect; a rejection leaves the previous one as the current one. */
  apply: (configuration: LoadedConfiguration) => Promise<void>;
  log: (level: ConfigLogLevel, message: string) => void;
  /** Passed on to the file watcher. */
  debounceMs?: number;
}

export interface ReloadResult {
  ok: boolean;
  error?: string;
}

export interface ConfigController {
  /** Loads and applies the file once and starts watching it; a broken file throws its message. */
  start(): Promise<LoadedConfiguration>;
  /** Loads and applies the file again; a broken file is refused as a whole and the running one stays. */
  reload(): Promise<ReloadResult>;
  /** The configuration last applied, if any. */
  current(): LoadedConfiguration | undefined;
  close(): void;
}

/** Keeps the running configuration in step with the `--config` file, re-applied when it changes. */
export function createConfigController(options: ConfigControllerOptions): ConfigController {
  const { path, env, apply, log } = options;
  let applied: LoadedConfiguration | undefined;
  let watcher: ConfigWatcher | undefined;
  let started = false;
  let closed = false;

  // Loads and applies run one at a time: two overlapping applies could leave the older file in effect.
  let tail: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(job: () => Promise<T>): Promise<T> => {
    const result = tail.then(job);
    tail = result.catch(() => undefined);
    return result;
  };
  // A reload waiting its turn reads the file when it runs, so later requests can share it.
  let waitingReload: Promise<ReloadResult> | undefined;

  const close = (): void => {
    closed = true;
    watcher?.close();
    watcher = undefined;
  };

  const reload = (): Promise<ReloadResult> => {
    if (waitingReload) return waitingReload;
    const result = enqueue(() => {
      waitingReload = undefined;
      return reloadNow();
    });
    waitingReload = result;
    return result;
  };

  const reloadNow = async (): Promise<ReloadResult> => {
    if (closed) return { ok: false, error: 'the config controller is closed' };
    const loaded = await loadConfigFile(path, env);
    if (closed) return { ok: false, error: 'the config controller is closed' };
    if (!loaded.ok) {
      log('error', `config not reloaded, the running configuration stays: ${loaded.error}`);
      return { ok: false, error: loaded.error };
    }
    try {
      await apply(loaded.configuration);
    } catch (error) {
      const message = `${path}: config could not be applied: ${describeError(error)}`;
      log('error', `config not reloaded, the running configuration stays: ${message}`);
      return { ok: false, error: message };
    }
    applied = loaded.configuration;
    log('info', `config reloaded from ${path}`);
    return { ok: true };
  };

  const start = async (): Promise<LoadedConfiguration> => {
    if (started) throw new Error('the config controller was already started');
    started = true;
    // Watching begins before the first read, so an edit landing between the two is not missed.
    let watchError: unknown;
    try {
      watcher = watchConfigFile(path, () => void reload(), {
        debounceMs: options.debounceMs,
        onError: (error) => log('warn', `${path}: watching for changes failed: ${error.message}`),
      });
    } catch (error) {
      // Most likely the directory is missing; the load below says so in the user's terms.
      watchError = error;
    }
    return enqueue(async () => {
      const loaded = await loadConfigFile(path, env);
      if (!loaded.ok) {
        close();
        throw new Error(loaded.error);
      }
      try {
        await apply(loaded.configuration);
      } catch (error) {
        close();
        throw error;
      }
      applied = loaded.configuration;
      // One line for the load, which says whether edits will be picked up.
      if (watchError === undefined) log('info', `config loaded from ${path} (watched; changes apply without a restart)`);
      else log('warn', `config loaded from ${path}; changes will not be picked up, watching failed: ${describeError(watchError)}`);
      return loaded.configuration;
    });
  };

  return { start, reload, current: () => applied, close };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
