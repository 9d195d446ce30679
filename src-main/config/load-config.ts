import { readFile } from 'node:fs/promises';
import { configSchema, formatIssuePath, type ModelAlias, type SwitchyardConfig } from '../../src-shared/config-schema.js';
import { aliasTargets } from '../../src-shared/model-alias.js';
import { clientKeyAccount, providerKeyAccount } from '../store/secrets/secret-accounts.js';
import { locateSyntaxError } from './locate-json-syntax-error.js';

/**
 * Reads the declarative config file into a configuration that is safe to log: every secret
 * is swapped for a placeholder in `config` and kept only in `secrets`. Errors name the file and the
 * field, and never quote a value from the file, so they can go to a log or a tray notification.
 */

export interface LoadedConfiguration {
  /** The validated file with every provider `secret` and client `key` replaced by a placeholder. */
  config: SwitchyardConfig;
  /** Account → resolved secret; accounts are named by store/secrets/secret-accounts.ts. */
  secrets: Map<string, string>;
  /**
   * Account → why its secret is missing and what to do: an `env:` variable that is unset or empty, or
   * a `stored:` secret the secret store no longer has. One forgotten key must not stop every other
   * key, so such a key is applied disabled with this reason.
   */
  unresolvedSecrets: Map<string, string>;
  /** Account → the name of its `stored:` reference, resolved by `resolveStoredSecrets`. */
  storedReferences: Map<string, string>;
  /** The file the configuration came from. */
  source: string;
}

/** One thing wrong with a file: the field it is at (`providers[0].baseUrl`; empty when it is the whole file, unreadable or no JSON) and what. */
export interface ConfigProblem {
  field: string;
  message: string;
}

export type ConfigLoadResult =
  | { ok: true; configuration: LoadedConfiguration }
  | { ok: false; error: string; problems: ConfigProblem[] };

/** Reads a `stored:` secret by its name from the secret store; null when it has none. */
export type StoredSecretReader = (name: string) => Promise<string | null>;

/** Enough problems to fix a file in one pass without burying the first under a wall of text. */
const maximumProblemsShown = 5;

export async function loadConfigFile(path: string, env: NodeJS.ProcessEnv, readStored?: StoredSecretReader): Promise<ConfigLoadResult> {
  const read = await readConfigText(path);
  if (!read.ok) return read;
  return loadConfigText(read.text, env, path, readStored);
}

export async function readConfigText(path: string): Promise<{ ok: true; text: string } | { ok: false; error: string; problems: ConfigProblem[] }> {
  try {
    return { ok: true, text: await readFile(path, 'utf8') };
  } catch (error) {
    const message = describeReadError(path, error);
    return { ok: false, error: message, problems: [{ field: '', message }] };
  }
}

/** parseConfigText, then the `stored:` references resolved from the secret store. */
export async function loadConfigText(text: string, env: NodeJS.ProcessEnv, source: string, readStored?: StoredSecretReader): Promise<ConfigLoadResult> {
  const parsed = parseConfigText(text, env, source);
  if (parsed.ok && readStored) await resolveStoredSecrets(parsed.configuration, readStored);
  return parsed;
}

/**
 * Puts each `stored:` secret the store has into `secrets`. A missing one is treated like an unset
 * variable: that key is applied disabled, every other key serves.
 */
export async function resolveStoredSecrets(configuration: LoadedConfiguration, readStored: StoredSecretReader): Promise<void> {
  for (const [account, name] of configuration.storedReferences) {
    const secret = await readStored(name);
    if (secret !== null && secret !== '') {
      configuration.secrets.set(account, secret);
      configuration.unresolvedSecrets.delete(account);
    }
  }
}

export function parseConfigText(text: string, env: NodeJS.ProcessEnv, source: string): ConfigLoadResult {
  const json = parseJson(text);
  if (!json.ok) return refuse(source, [{ field: '', message: json.problem }]);

  const validated = configSchema.safeParse(json.value);
  if (!validated.success) {
    return refuse(
      source,
      validated.error.issues.map((issue) => ({ field: formatIssuePath(issue.path), message: issue.message })),
    );
  }

  const aliasProblems = findAliasCycles(validated.data.modelAliases);
  const { config, secrets, unresolvedSecrets, storedReferences, problems: secretProblems } = separateSecrets(validated.data, env);
  const problems = [...aliasProblems, ...secretProblems];
  if (problems.length > 0) return refuse(source, problems);
  return { ok: true, configuration: { config, secrets, unresolvedSecrets, storedReferences, source } };
}

function refuse(source: string, problems: ConfigProblem[]): ConfigLoadResult {
  const lines = problems.slice(0, maximumProblemsShown).map((problem) => `${source}: ${describeProblem(problem)}`);
  const hidden = problems.length - maximumProblemsShown;
  if (hidden > 0) lines.push(`${source}: and ${hidden} more ${hidden === 1 ? 'problem' : 'problems'}`);
  return { ok: false, error: lines.join('\n'), problems };
}

/** `providers[0].baseUrl: must be an http(s) URL`; a problem of the whole file is said alone. */
export function describeProblem(problem: ConfigProblem): string {
  return problem.field === '' ? problem.message : `${problem.field}: ${problem.message}`;
}

function describeReadError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `${path}: config file not found`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: config file cannot be read (permission denied)`;
    case 'EISDIR':
      return `${path}: is a directory, not a config file`;
    default:
      return `${path}: config file cannot be read (${code ?? 'unknown error'})`;
  }
}

// --- secrets -------------------------------------------------------------------------------------

function separateSecrets(
  validated: SwitchyardConfig,
  env: NodeJS.ProcessEnv,
): {
  config: SwitchyardConfig;
  secrets: Map<string, string>;
  unresolvedSecrets: Map<string, string>;
  storedReferences: Map<string, string>;
  problems: ConfigProblem[];
} {
  const secrets = new Map<string, string>();
  const unresolvedSecrets = new Map<string, string>();
  const storedReferences = new Map<string, string>();
  const problems: ConfigProblem[] = [];

  const takeSecret = (reference: string, path: PropertyKey[], account: string): string => {
    const stored = storedSecretName(reference);
    if (stored !== null) {
      if (stored.ok) {
        storedReferences.set(account, stored.name);
        // Until the secret store is read (loadConfigText), the key has nothing to send.
        unresolvedSecrets.set(account, missingStoredSecretReason(stored.name));
      } else problems.push({ field: formatIssuePath(path), message: stored.problem });
      return `<secret ${account}>`;
    }
    const resolved = resolveSecretReference(reference, env);
    if (resolved.ok) secrets.set(account, resolved.secret);
    // The environment is not the file: the file is fine, the key just cannot be used yet.
    else if (resolved.missingVariable) unresolvedSecrets.set(account, `${resolved.problem}; set it, then reload the config or restart`);
    else problems.push({ field: formatIssuePath(path), message: resolved.problem });
    return `<secret ${account}>`;
  };

  const config: SwitchyardConfig = {
    ...validated,
    clients: validated.clients.map((client, clientIndex) => ({
      ...client,
      key: takeSecret(client.key, ['clients', clientIndex, 'key'], clientKeyAccount(client.name)),
    })),
    providers: validated.providers.map((provider, providerIndex) => ({
      ...provider,
      keys: provider.keys.map((key, keyIndex) => ({
        ...key,
        secret: takeSecret(
          key.secret,
          ['providers', providerIndex, 'keys', keyIndex, 'secret'],
          providerKeyAccount(provider.id, key.id),
        ),
      })),
    })),
  };
  return { config, secrets, unresolvedSecrets, storedReferences, problems };
}

/** The prefix of a reference to a secret typed into the window and kept in the secret store. */
export const storedSecretPrefix = 'stored:';
const storedSecretNamePattern = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** The name in `stored:<name>`; null when the reference is of another kind. */
export function storedSecretName(reference: string): { ok: true; name: string } | { ok: false; problem: string } | null {
  if (!reference.startsWith(storedSecretPrefix)) return null;
  const name = reference.slice(storedSecretPrefix.length);
  // Not echoed when malformed, for the same reason as env: a pasted key may follow the prefix.
  if (!storedSecretNamePattern.test(name) || name.length > 300) {
    return { ok: false, problem: 'write stored: followed by the name the window gave the key, or paste the key again in the window' };
  }
  return { ok: true, name };
}

export function missingStoredSecretReason(name: string): string {
  return `the stored key "${name}" is not in the secret store; paste the key again in the window`;
}

const environmentPrefix = 'env:';
const environmentVariableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

function resolveSecretReference(
  reference: string,
  env: NodeJS.ProcessEnv,
): { ok: true; secret: string } | { ok: false; problem: string; missingVariable: boolean } {
  if (!reference.startsWith(environmentPrefix)) return { ok: true, secret: reference };
  const name = reference.slice(environmentPrefix.length);
  // The text after `env:` is not echoed when it is no variable name: it may be a pasted key.
  if (!environmentVariableName.test(name)) {
    return { ok: false, problem: 'write env: followed by an environment variable name, as in env:OPENAI_API_KEY', missingVariable: false };
  }
  const value = env[name];
  if (value === undefined) return { ok: false, problem: `environment variable ${name} is not set`, missingVariable: true };
  // `.env` files and `$(cat key.txt)` leave newlines and carriage returns that would break the header.
  const secret = value.trim();
  if (secret === '') return { ok: false, problem: `environment variable ${name} is empty`, missingVariable: true };
  return { ok: true, secret };
}

// --- aliases -------------------------------------------------------------------------------------

/** An alias that leads back to itself would send the resolver around forever. */
function findAliasCycles(aliasEntries: Record<string, ModelAlias>): ConfigProblem[] {
  const aliases = aliasTargets(aliasEntries);
  const problems: ConfigProblem[] = [];
  const reported = new Set<string>();
  for (const start of Object.keys(aliases)) {
    if (reported.has(start)) continue;
    const chain = [start];
    let next = aliases[start];
    while (next !== undefined && Object.hasOwn(aliases, next) && !chain.includes(next)) {
      chain.push(next);
      next = aliases[next];
    }
    // A chain that runs into a cycle not through `start` is reported from a member of that cycle.
    if (next !== start) continue;
    for (const name of chain) reported.add(name);
    problems.push({
      field: formatIssuePath(['modelAliases', start]),
      message: chain.length === 1 ? 'alias points to itself' : `alias cycle ${[...chain, start].join(' → ')}`,
    });
  }
  return problems;
}

// --- JSON syntax ---------------------------------------------------------------------------------

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  // Editors on Windows may save a byte-order mark, which JSON.parse refuses.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, problem: 'the file is empty; write {} for an empty configuration' };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { line, column } = locateSyntaxError(body, message);
    return { ok: false, problem: `invalid JSON at line ${line} column ${column}: ${describeSyntaxError(message)}` };
  }
}

/** The parser's reason without the excerpt of the file some messages quote, which may hold a secret. */
function describeSyntaxError(message: string): string {
  const reason = message.replace(/^(Unexpected token '.+?'),[\s\S]*$/, '$1').replace(/ in JSON at position[\s\S]*$/, '');
  return reason.includes('"') ? 'not valid JSON' : reason;
}
