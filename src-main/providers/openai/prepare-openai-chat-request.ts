import type { PreparedChatRequest } from '../provider-adapter.js';

/**
 * The same-format path changes a client's body in two places only: the model (after aliasing), and
 * `stream_options.include_usage`, which Switchyard needs to record a stream's usage.
 */
export function prepareOpenAIChatRequest(body: Record<string, unknown>, upstreamModel: string): PreparedChatRequest {
  const modelChanged = body.model !== upstreamModel;
  const streamOptions = body.stream_options;
  const askedForUsage =
    typeof streamOptions === 'object' && streamOptions !== null && (streamOptions as Record<string, unknown>).include_usage === true;
  const injectUsage = body.stream === true && !askedForUsage;
  if (!modelChanged && !injectUsage) return { body: null, injectedUsageRequest: false };
  const prepared: Record<string, unknown> = { ...body, model: upstreamModel };
  if (injectUsage) {
    const existing = typeof streamOptions === 'object' && streamOptions !== null ? streamOptions : {};
    prepared.stream_options = { ...existing, include_usage: true };
  }
  return { body: prepared, injectedUsageRequest: injectUsage };
}
