/**
 * The last failure routing saw on each key (a cooldown's reason, a 401/403), for the window to show
 * beside the key. In memory: after a restart every key starts with a clean slate, as its breaker does.
 * Reasons arrive redacted of secrets; `redact` is applied again when they are read, with the
 * secrets of the table then in effect.
 */
export class KeyFailures {
  private readonly failures = new Map<string, { at: string; message: string }>();

  constructor(private readonly now: () => number = Date.now) {}

  record(providerId: string, keyId: string, message: string): void {
    this.failures.set(`${providerId}/${keyId}`, { at: new Date(this.now()).toISOString(), message });
  }

  last(providerId: string, keyId: string, redact: (text: string) => string): { at: string; message: string } | null {
    const failure = this.failures.get(`${providerId}/${keyId}`);
    return failure === undefined ? null : { at: failure.at, message: redact(failure.message) };
  }
}
