import { randomBytes } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomSuffix(length: number): string {
  const bytes = randomBytes(length);
  let suffix = '';
  for (const byte of bytes) suffix += alphabet[byte % alphabet.length];
  return suffix;
}

/**
 * Anthropic message ids start with `msg_`; clients log and compare them but never parse the rest, so
 * another vendor's id keeps its own text behind the prefix (traceable in that vendor's logs).
 */
export function toAnthropicMessageId(id: string): string {
  if (id === '') return `msg_${randomSuffix(24)}`;
  return id.startsWith('msg_') ? id : `msg_${id}`;
}

/**
 * A tool call keeps the upstream's id (the tool_result comes back with it and goes to that same
 * vendor); only a missing one (some vendors send none) is made up, in Anthropic's `toolu_` form.
 */
export function toAnthropicToolUseId(id: string): string {
  return id === '' ? `toolu_${randomSuffix(24)}` : id;
}
