/** What replaces each run of secret characters found in a text. */
export const redactedMarker = '[redacted]';

/**
 * A slice of a secret this long is taken as the secret: vendors echo keys cut short or masked in the
 * middle (`sk-proj-…abcd1234`), and eight random characters already tell an attacker too much.
 */
const sliceLength = 8;

/** Secrets shorter than this are no vendor's key, and would match ordinary words. */
const shortestSecret = 4;

/** Returns the text with every stored secret, and every 8-character slice of one, replaced. */
export type RedactSecrets = (text: string) => string;

/**
 * Builds the redactor once per applied configuration: every 8-character window of every secret goes
 * into a Set, so one pass over a text with a Set lookup per position finds whole secrets, any slice of
 * 8 or more characters and overlapping ones alike. A text that holds none comes back as it is.
 */
export function createSecretRedactor(secrets: Iterable<string>): RedactSecrets {
  const windows = new Set<string>();
  const shortSecrets: string[] = [];
  for (const secret of secrets) {
    if (secret.length >= sliceLength) {
      for (let start = 0; start + sliceLength <= secret.length; start++) windows.add(secret.slice(start, start + sliceLength));
    } else if (secret.length >= shortestSecret) {
      shortSecrets.push(secret);
    }
  }
  if (windows.size === 0 && shortSecrets.length === 0) return (text) => text;
  return (text) => redact(text, windows, shortSecrets);
}

function redact(text: string, windows: ReadonlySet<string>, shortSecrets: readonly string[]): string {
  // Allocated only at the first hit: the usual error text holds no secret.
  let covered: Uint8Array | null = null;
  if (windows.size > 0) {
    for (let start = 0; start + sliceLength <= text.length; start++) {
      if (windows.has(text.slice(start, start + sliceLength))) {
        covered ??= new Uint8Array(text.length);
        covered.fill(1, start, start + sliceLength);
      }
    }
  }
  for (const secret of shortSecrets) {
    for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) {
      covered ??= new Uint8Array(text.length);
      covered.fill(1, at, at + secret.length);
    }
  }
  if (covered === null) return text;
  let result = '';
  let position = 0;
  while (position < text.length) {
    const start = position;
    const secret = covered[position] === 1;
    while (position < text.length && (covered[position] === 1) === secret) position++;
    result += secret ? redactedMarker : text.slice(start, position);
  }
  return result;
}

/** A body redacted as UTF-8 text; the same Buffer, bytes untouched, when it held no secret. */
export function redactBody(body: Buffer, redactSecrets: RedactSecrets): Buffer {
  const text = body.toString('utf8');
  const redacted = redactSecrets(text);
  return redacted === text ? body : Buffer.from(redacted, 'utf8');
}
