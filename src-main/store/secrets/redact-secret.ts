/**
 * Prefixes that vendors put on every key, so showing them tells the reader which kind of key it
 * is and nothing about the key itself.
 */
const knownPrefixes = ['sk-', 'AIza', 'gsk_', 'xai-', 'pplx-', 'hf_'];

/** Below this length the last four characters would be a third of the key or more. */
const shortSecretLength = 12;
/** Two characters of a secret this short would be half of it. */
const tinySecretLength = 4;

/**
 * A form of the secret safe to show in the UI and to keep in SQLite, e.g. `sk-...abcd`: up to
 * three characters of a known vendor prefix, then the last four characters (the last two for
 * short secrets), enough to tell keys apart and to match them with the vendor's dashboard.
 */
export function secretHint(secret: string): string {
  if (secret.length <= tinySecretLength) return '...';
  if (secret.length < shortSecretLength) return `...${secret.slice(-2)}`;
  const prefix = knownPrefixes.find((candidate) => secret.startsWith(candidate)) ?? '';
  return `${prefix.slice(0, 3)}...${secret.slice(-4)}`;
}
