export type StatusVerdict = 'deliver' | 'retry' | 'key-rejected';

/**
 * 429 and 5xx are the upstream's trouble, so another candidate may succeed; 401 and
 * 403 say the key is bad; every other answer, 4xx included, is about the request and goes back as is.
 */
export function classifyUpstreamStatus(status: number): StatusVerdict {
  if (status === 401 || status === 403) return 'key-rejected';
  if (status === 429 || status >= 500) return 'retry';
  return 'deliver';
}
