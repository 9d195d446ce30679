import { ContractError } from '../conversion/contract-error.js';
import { writeFileAtomically } from '../store/atomic-file.js';
import {
  parseConfigDocument,
  serializeConfigDocument,
  storedReferenceNames,
  type ConfigDocument,
} from './config-document.js';
import {
  describeProblem,
  loadConfigText,
  parseConfigText,
  readConfigText,
  type ConfigLoadResult,
  type ConfigProblem,
  type LoadedConfiguration,
} from './load-config.js';
import { watchConfigFile, type ConfigWatcher } from './watch-config.js';

export type ConfigLogLevel = 'info' | 'warn' | 'error';

/** Where the keys of `stored:` references live: the secret store, by the reference's name. */
export interface StoredSecrets {
  read(name: string): Promise<string | null>;
  write(name: string, secret: string): Promise<void>;
  delete(name: string): Promise<void>;
}

export interface ConfigControllerOptions {
  path: string;
  env: NodeJS.ProcessEnv;
  /** Puts a configuration into effect; a rejection leaves the previous one as the current one. */
  apply: (configuration: LoadedConfiguration) => Promise<void>;
  log: (level: ConfigLogLevel, message: string) => void;
  /** Resolves `stored:` references; without it they are applied disabled as missing. */
  storedSecrets?: StoredSecrets;
  /** Passed on to the file watcher. */
  debounceMs?: number;
}

export interface ReloadResult {
  ok: boolean;
  error?: string;
}

/** Handed to an edit: a key typed into the window goes to the secret store, the file gets its reference. */
export interface SecretStaging {
  /**
   * Keeps `secret` for the edit and answers the `stored:` reference to write in the file. The name is
   * `preferredName`, or it with `-2`, `-3` when another reference has it. Nothing is stored unless
   * the edit is valid and written.
   */
  stage(preferredName: string, secret: string): string;
}

/** Changes the document in place; what it answers, `edit` answers. */
export type ConfigEdit<T> = (document: ConfigDocument, secrets: SecretStaging) => T;

export interface ConfigController {
  /** Loads and applies the file once and starts watching it; a broken file throws its message. */
  start(): Promise<LoadedConfiguration>;
  /** Loads and applies the file again; a broken file is refused as a whole and the running one stays. */
  reload(): Promise<ReloadResult>;
  /**
   * Changes the file as the window asks: the raw document is edited, checked by the schema, written
   * atomically and applied before this answers. Edits run one at a time with reloads. A change the
   * schema refuses, or any change while the file on disk is broken, throws `configuration_refused`
   * and writes nothing.
   */
  edit<T>(change: ConfigEdit<T>): Promise<T>;
  /** The configuration last applied, if any. */
  current(): LoadedConfiguration | undefined;
  /** A copy of the document last applied, as written in the file. */
  document(): ConfigDocument;
  close(): void;
}

/** Keeps the running configuration in step with its file, re-applied when it changes. */
export function createConfigController(options: ConfigControllerOptions): ConfigController {
  const { path, env, apply, log, storedSecrets } = options;
  let applied: LoadedConfiguration | undefined;
  let appliedText: string | undefined;
  let appliedDocument: ConfigDocument = {};
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
  let waitingReload: { promise: Promise<ReloadResult>; onlyIfChanged: boolean } | undefined;

  const load = (text: string): Promise<ConfigLoadResult> =>
    loadConfigText(text, env, path, storedSecrets ? (name) => storedSecrets.read(name) : undefined);

  /** Reads and loads the file; 'unchanged' when its text is `unlessText`. */
  const readAndLoad = async (
    unlessText?: string,
  ): Promise<'unchanged' | { ok: true; text: string; configuration: LoadedConfiguration } | { ok: false; error: string }> => {
    const read = await readConfigText(path);
    if (!read.ok) return read;
    if (unlessText !== undefined && read.text === unlessText) return 'unchanged';
    const loaded = await load(read.text);
    return loaded.ok ? { ok: true, text: read.text, configuration: loaded.configuration } : loaded;
  };

  /** Applies a loaded text and remembers it; throws what `apply` throws. */
  const applyLoaded = async (text: string, configuration: LoadedConfiguration): Promise<void> => {
    await apply(configuration);
    applied = configuration;
    appliedText = text;
    appliedDocument = parseConfigDocument(text);
  };

  const close = (): void => {
    closed = true;
    watcher?.close();
    watcher = undefined;
  };

  const reload = (onlyIfChanged = false): Promise<ReloadResult> => {
    // A waiting reload that would skip an unchanged file cannot stand in for one that must not.
    if (waitingReload && (onlyIfChanged || !waitingReload.onlyIfChanged)) return waitingReload.promise;
    const promise = enqueue(() => {
      waitingReload = undefined;
      return reloadNow(onlyIfChanged);
    });
    waitingReload = { promise, onlyIfChanged };
    return promise;
  };

  const reloadNow = async (onlyIfChanged: boolean): Promise<ReloadResult> => {
    if (closed) return { ok: false, error: 'the config controller is closed' };
    // The watcher also sees the window's own writes, which were applied already.
    const loaded = await readAndLoad(onlyIfChanged ? appliedText : undefined);
    if (closed) return { ok: false, error: 'the config controller is closed' };
    if (loaded === 'unchanged') return { ok: true };
    if (!loaded.ok) {
      log('error', `config not reloaded, the running configuration stays: ${loaded.error}`);
      return { ok: false, error: loaded.error };
    }
    try {
      await applyLoaded(loaded.text, loaded.configuration);
    } catch (error) {
      const message = `${path}: config could not be applied: ${describeError(error)}`;
      log('error', `config not reloaded, the running configuration stays: ${message}`);
      return { ok: false, error: message };
    }
    log('info', `config reloaded from ${path}`);
    return { ok: true };
  };

  const editNow = async <T>(change: ConfigEdit<T>): Promise<T> => {
    if (closed) throw new ContractError('configuration_unwritable', 'Switchyard is stopping; try again after it starts.');
    const read = await readConfigText(path);
    if (!read.ok) throw refusedByFile(path, read.problems[0]!);
    const current = parseConfigText(read.text, env, path);
    if (!current.ok) throw refusedByFile(path, current.problems[0]!);
    const document = parseConfigDocument(read.text);
    const before = JSON.stringify(document);
    const referencedBefore = storedReferenceNames(document);
    const staged = new Map<string, string>();
    const result = change(document, {
      stage(preferredName, secret) {
        let name = preferredName;
        for (let suffix = 2; referencedBefore.has(name) || staged.has(name); suffix += 1) name = `${preferredName}-${suffix}`;
        staged.set(name, secret);
        return `stored:${name}`;
      },
    });
    if (JSON.stringify(document) === before) return result;

    const text = serializeConfigDocument(document);
    const checked = parseConfigText(text, env, path);
    if (!checked.ok) throw refused(checked.problems[0]!);
    if (staged.size > 0 && !storedSecrets) {
      throw new ContractError('configuration_unwritable', 'No secret store is open to keep the key; restart Switchyard.');
    }
    try {
      for (const [name, secret] of staged) await storedSecrets!.write(name, secret);
      await writeFileAtomically(path, text);
    } catch (error) {
      for (const name of staged.keys()) await storedSecrets!.delete(name).catch(() => undefined);
      throw new ContractError('configuration_unwritable', `${path} could not be written, nothing changed: ${describeError(error)}`, { cause: error });
    }
    const loaded = await load(text);
    if (!loaded.ok) throw new ContractError('configuration_refused', loaded.error);
    try {
      await applyLoaded(text, loaded.configuration);
    } catch (error) {
      log('error', `config written but not applied, the running configuration stays: ${describeError(error)}`);
      throw new ContractError('configuration_unwritable', `${path} was written but could not be applied: ${describeError(error)}`, { cause: error });
    }
    log('info', `config changed from the window and applied (${path})`);
    // Keys no reference names any more (a removed provider, a replaced key) leave the secret store.
    const referencedAfter = storedReferenceNames(document);
    for (const name of referencedBefore) {
      if (referencedAfter.has(name)) continue;
      await storedSecrets?.delete(name).catch((error: unknown) => log('warn', `stored key "${name}" could not be removed: ${describeError(error)}`));
    }
    return result;
  };

  const start = async (): Promise<LoadedConfiguration> => {
    if (started) throw new Error('the config controller was already started');
    started = true;
    // Watching begins before the first read, so an edit landing between the two is not missed.
    let watchError: unknown;
    try {
      watcher = watchConfigFile(path, () => void reload(true), {
        debounceMs: options.debounceMs,
        onError: (error) => log('warn', `${path}: watching for changes failed: ${error.message}`),
      });
    } catch (error) {
      // Most likely the directory is missing; the load below says so in the user's terms.
      watchError = error;
    }
    return enqueue(async () => {
      const loaded = await readAndLoad();
      if (loaded === 'unchanged' || !loaded.ok) {
        close();
        throw new Error(loaded === 'unchanged' ? 'the config file was not read' : loaded.error);
      }
      try {
        await applyLoaded(loaded.text, loaded.configuration);
      } catch (error) {
        close();
        throw error;
      }
      // One line for the load, which says whether edits will be picked up.
      if (watchError === undefined) log('info', `config loaded from ${path} (watched; changes apply without a restart)`);
      else log('warn', `config loaded from ${path}; changes will not be picked up, watching failed: ${describeError(watchError)}`);
      return loaded.configuration;
    });
  };

  return {
    start,
    reload: () => reload(false),
    edit: (change) => enqueue(() => editNow(change)),
    current: () => applied,
    document: () => structuredClone(appliedDocument),
    close,
  };
}

function refused(problem: ConfigProblem): ContractError {
  return new ContractError('configuration_refused', describeProblem(problem), problem.field === '' ? {} : { field: problem.field });
}

/** The file on disk is broken by a hand edit: no window edit can be checked against it until it is fixed. */
function refusedByFile(path: string, problem: ConfigProblem): ContractError {
  const message = `${path} has a problem from an edit outside the window; fix it there first: ${describeProblem(problem)}`;
  return new ContractError('configuration_refused', message, problem.field === '' ? {} : { field: problem.field });
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
