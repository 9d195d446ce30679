import type { UpstreamError } from '../../conversion/stream-part.js';
import type { RedactSecrets } from './redact-secrets.js';

/** The upstream's error with the vendor's own words (message, code) redacted; the same object when they held no secret. */
export function redactUpstreamError(error: UpstreamError, redactSecrets: RedactSecrets): UpstreamError {
  const message = redactSecrets(error.message);
  const code = error.code === undefined ? undefined : redactSecrets(error.code);
  if (message === error.message && code === error.code) return error;
  return { ...error, message, ...(code === undefined ? {} : { code }) };
}
