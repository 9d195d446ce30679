/** What the bench's processes agree on: the client key Switchyard is configured with, the models. */
export const benchClientKey = 'sk-local-bench-client-1';
/** Any key: the mock does not check it; Portkey and the bare pass-through forward it. */
export const benchUpstreamKey = 'sk-bench-upstream-0001';
/** Served by Switchyard's `openai` provider: the same-format path. */
export const sameFormatModel = 'gpt-4o-mini';
/** Served by Switchyard's `anthropic` provider: OpenAI in, Anthropic upstream, OpenAI out. */
export const convertedModel = 'claude-haiku-4-5';
