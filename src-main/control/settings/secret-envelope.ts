import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import { ContractError } from '../../conversion/contract-error.js';

/**
 * Keys carried in an exported configuration, sealed with the user's passphrase: scrypt stretches
 * the passphrase into an AES-256-GCM key, with a fresh random salt and IV per export, and GCM's tag
 * makes a wrong passphrase (or a tampered file) fail instead of decrypting to garbage.
 */
export interface SealedSecrets {
  kdf: 'scrypt';
  /** scrypt's cost parameters, kept with the file so a later version can raise them and still open old files. */
  N: number;
  r: number;
  p: number;
  cipher: 'aes-256-gcm';
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

/** 2^15 is OWASP's floor for scrypt with r = 8; a second or less on a laptop, once per export. */
const cost = { N: 2 ** 15, r: 8, p: 1 };
const keyLength = 32;

export const sealedSecretsSchema = z.strictObject({
  kdf: z.literal('scrypt'),
  // Bounded so a crafted file cannot ask for gigabytes of memory or minutes of work.
  N: z.number().int().min(2 ** 10).max(2 ** 20).refine((value) => (value & (value - 1)) === 0, 'must be a power of two'),
  r: z.number().int().min(1).max(16),
  p: z.number().int().min(1).max(4),
  cipher: z.literal('aes-256-gcm'),
  salt: z.base64(),
  iv: z.base64(),
  tag: z.base64(),
  data: z.base64(),
});

export async function sealSecrets(secrets: Record<string, string>, passphrase: string): Promise<SealedSecrets> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, cost);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return {
    kdf: 'scrypt',
    ...cost,
    cipher: 'aes-256-gcm',
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** The secrets, or wrong_passphrase when the passphrase (or the file) does not match. */
export async function openSecrets(sealed: SealedSecrets, passphrase: string): Promise<Record<string, string>> {
  const key = await deriveKey(passphrase, Buffer.from(sealed.salt, 'base64'), sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  let plain: string;
  try {
    plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    // GCM cannot tell a wrong passphrase from a changed file; both mean "this passphrase does not open it".
    throw new ContractError('wrong_passphrase', 'The passphrase does not open this file: type the one it was exported with.', { field: 'passphrase' });
  }
  const parsed = z.record(z.string(), z.string()).safeParse(JSON.parse(plain));
  if (!parsed.success) throw new ContractError('import_not_recognized', 'The encrypted part of this file is not a set of keys: export it again.');
  return parsed.data;
}

function deriveKey(passphrase: string, salt: Buffer, parameters: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...parameters, maxmem: 256 * parameters.N * parameters.r };
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, keyLength, options, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}
