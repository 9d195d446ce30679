import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signatureFamily, signatureFor, tagSignature, type SignatureFamily } from '../../../src-main/conversion/reasoning-signature.js';

const families: SignatureFamily[] = ['anthropic', 'gemini'];
/** Signatures as both families issue them: base64, so never a ':'. */
const base64 = fc.uint8Array({ minLength: 1, maxLength: 48 }).map((bytes) => Buffer.from(bytes).toString('base64'));

describe('reasoning signatures, namespaced by the family that issued them', () => {
  it("keeps Anthropic's as Anthropic issued them and prefixes Gemini's", () => {
    expect(tagSignature('anthropic', 'EqQBCkYIBxgC')).toBe('EqQBCkYIBxgC');
    expect(tagSignature('gemini', 'c2lnLTE=')).toBe('gemini:c2lnLTE=');
    expect(signatureFamily('EqQBCkYIBxgC')).toBe('anthropic');
    expect(signatureFamily('gemini:c2lnLTE=')).toBe('gemini');
  });

  it('gives each family back exactly what it issued, and nothing another family issued', () => {
    fc.assert(
      fc.property(base64, fc.constantFrom(...families), fc.constantFrom(...families), (raw, issuer, target) => {
        const tagged = tagSignature(issuer, raw);
        expect(signatureFamily(tagged)).toBe(issuer);
        expect(signatureFor(target, tagged)).toBe(target === issuer ? raw : undefined);
      }),
    );
  });

  it('counts a missing or empty signature as none', () => {
    for (const family of families) {
      expect(signatureFor(family, undefined)).toBeUndefined();
      expect(signatureFor(family, tagSignature(family, ''))).toBeUndefined();
    }
  });
});
