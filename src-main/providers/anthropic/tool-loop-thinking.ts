import { isRecord } from '../../../src-shared/json-record.js';

/**
 * Anthropic's rule for thinking inside a tool loop. With `thinking: {type: "enabled"}`, a request that
 * continues a tool loop (its last message is a user turn holding `tool_result` blocks) must hand back
 * the assistant turn that started the loop beginning with a `thinking` or `redacted_thinking` block;
 * otherwise Anthropic answers 400: "messages.N.content.0.type: Expected `thinking` or
 * `redacted_thinking`, but found `tool_use`. When `thinking` is enabled, a final `assistant` message
 * must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result`
 * blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement,
 * disable `thinking`." Anthropic's docs (platform.claude.com/docs/en/build-with-claude/thinking,
 * "Thinking with tool use" and "Preserving thinking blocks") say the same: a tool loop is one
 * assistant turn, thinking blocks must come back with the tool results, and the thinking
 * configuration changes only between turns.
 *
 * Switchyard cannot always hand that block back: it leaves out thinking Anthropic did not sign (a
 * Gemini-signed block, DeepSeek's unsigned reasoning), and an OpenAI client continuing a loop never
 * had a signature to send. Such a request goes up with thinking off, the way out the error itself
 * names; the answer then has no thinking, which beats a refused request.
 *
 * The loop started with the first assistant message after the last user message holding no
 * `tool_result` (that user message opened the turn; later user messages only answer tool calls).
 * Without interleaved thinking Claude thinks only there, so later assistant messages of the same
 * loop legitimately start with text or `tool_use`.
 */
export function toolLoopLacksThinking(messages: readonly unknown[]): boolean {
  const last = messages.at(-1);
  if (!isRole(last, 'user') || !blocksOf(last).some((block) => block['type'] === 'tool_result')) return false;
  let start = messages.length - 1;
  while (start > 0) {
    const previous = messages[start - 1];
    if (isRole(previous, 'user') && !blocksOf(previous).some((block) => block['type'] === 'tool_result')) break;
    start -= 1;
  }
  const opening = messages.slice(start).find((message) => isRole(message, 'assistant'));
  // A tool result with no assistant turn before it is refused by Anthropic for its own reason.
  if (opening === undefined) return false;
  const first = blocksOf(opening)[0]?.['type'];
  return first !== 'thinking' && first !== 'redacted_thinking';
}

/**
 * A client's Messages body with `thinking` left out when it asks for extended thinking
 * (`type: "enabled"`) and continues a tool loop whose opening assistant turn does not start with
 * thinking (see `toolLoopLacksThinking`); null when nothing needs changing, so the client's bytes go
 * up unchanged. Adaptive thinking is left as the client sent it: Claude decides there whether to
 * think at all, so a turn without thinking is not a contradiction.
 */
export function withoutUnmetThinking(body: Record<string, unknown>): Record<string, unknown> | null {
  const thinking = body['thinking'];
  if (!isRecord(thinking) || thinking['type'] !== 'enabled') return null;
  const messages = body['messages'];
  if (!Array.isArray(messages) || !toolLoopLacksThinking(messages)) return null;
  const { thinking: _dropped, ...rest } = body;
  return rest;
}

function isRole(message: unknown, role: 'user' | 'assistant'): message is Record<string, unknown> {
  return isRecord(message) && message['role'] === role;
}

/** A message's content as blocks; a string is one text block. */
function blocksOf(message: Record<string, unknown>): Record<string, unknown>[] {
  const content = message['content'];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content.filter(isRecord) : [];
}
