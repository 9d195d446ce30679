/**
 * The names of the accounts secrets are kept under, built here only: the configuration loader, the
 * route table, the composition root and the secret store must agree on them to the character, or a
 * key saved under one name is looked up under another and reads as missing.
 */

/** A provider key: `provider/<providerId>/<keyId>`. */
export function providerKeyAccount(providerId: string, keyId: string): string {
  return `provider/${providerId}/${keyId}`;
}

/** A local client's key: `client/<clientName>`. */
export function clientKeyAccount(clientName: string): string {
  return `client/${clientName}`;
}

/** The token that guards `/api/*`. */
export const adminTokenAccount = 'admin-token';

/** A key typed into the window, named by the configuration file's `stored:<name>` reference. */
export function storedSecretAccount(name: string): string {
  return `stored/${name}`;
}
