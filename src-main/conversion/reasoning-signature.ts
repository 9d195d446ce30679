/**
 * Reasoning signatures (`ReasoningPart.signature`, `ToolCallPart.signature`, the `reasoning-signature`
 * and `tool-call-start` stream parts) are opaque strings only the family that issued them accepts:
 * Anthropic refuses a thinking block whose signature it did not sign ("Invalid signature"), and a
 * Gemini thoughtSignature means nothing to Anthropic. Clients keep nothing but the string (Claude Code
 * sends back whatever signature it got), so a conversation that started on one family and moved to
 * another (failover, a changed alias, a pinned provider) would hand one family's signature to the
 * other. The family therefore travels inside the string itself.
 *
 * Anthropic's signatures stay as Anthropic issued them, so Anthropic clients on the same-format path
 * see exactly what Anthropic sent; they are base64 and never contain ':'. Every other family's
 * signatures carry a `<family>:` prefix (`gemini:<thoughtSignature>`). A string without a known
 * prefix is Anthropic's.
 */
export type SignatureFamily = 'anthropic' | 'gemini';

const geminiPrefix = 'gemini:';

/** The signature `raw`, issued by `family`, as the internal representation carries it. */
export function tagSignature(family: SignatureFamily, raw: string): string {
  switch (family) {
    case 'anthropic':
      return raw;
    case 'gemini':
      return `${geminiPrefix}${raw}`;
    default: {
      const _exhaustive: never = family;
      throw new Error(`unknown signature family ${String(_exhaustive)}`);
    }
  }
}

/** The family that issued an internal (tagged) signature. */
export function signatureFamily(tagged: string): SignatureFamily {
  return tagged.startsWith(geminiPrefix) ? 'gemini' : 'anthropic';
}

/**
 * The signature to send to `family`, as that family issued it; undefined when the signature is
 * missing or another family issued it, which the encoders treat as "no signature".
 */
export function signatureFor(family: SignatureFamily, tagged: string | undefined): string | undefined {
  if (tagged === undefined || signatureFamily(tagged) !== family) return undefined;
  const raw = untagged(family, tagged);
  return raw === '' ? undefined : raw;
}

function untagged(family: SignatureFamily, tagged: string): string {
  switch (family) {
    case 'anthropic':
      return tagged;
    case 'gemini':
      return tagged.slice(geminiPrefix.length);
    default: {
      const _exhaustive: never = family;
      throw new Error(`unknown signature family ${String(_exhaustive)}`);
    }
  }
}
