/**
 * Keys found bad at run time. A 401/403 means the key, not the request, is wrong:
 * it is taken out of rotation until the user changes or re-enables it.
 */
export class KeyHealth {
  private readonly disabled = new Map<string, string>();

  constructor(private readonly onDisable: (providerId: string, keyId: string, reason: string) => void = () => {}) {}

  disable(providerId: string, keyId: string, reason: string): void {
    const id = `${providerId}/${keyId}`;
    if (this.disabled.has(id)) return;
    this.disabled.set(id, reason);
    this.onDisable(providerId, keyId, reason);
  }

  /** Takes back a state read from the store at start or reload, without telling the store again. */
  restore(providerId: string, keyId: string, reason: string): void {
    this.disabled.set(`${providerId}/${keyId}`, reason);
  }

  enable(providerId: string, keyId: string): void {
    this.disabled.delete(`${providerId}/${keyId}`);
  }

  disabledReason(providerId: string, keyId: string): string | null {
    // Asked for every candidate of every request; nearly always nothing is disabled.
    if (this.disabled.size === 0) return null;
    return this.disabled.get(`${providerId}/${keyId}`) ?? null;
  }
}
