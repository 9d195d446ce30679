import { isRecord } from '../../../src-shared/json-record.js';
import { signatureFamily } from '../../conversion/reasoning-signature.js';

/**
 * A client's Messages body without the thinking blocks another family signed (or nobody signed), or
 * null when it has none (then the client's bytes go up unchanged). Claude Code sends back every thinking block it got;
 * one a Gemini provider answered (through the converted path, its signature tagged `gemini:`) would
 * make Anthropic refuse the whole conversation ("Invalid signature") once it moves to an Anthropic
 * provider; so would the empty signature Switchyard gives reasoning that came without one (DeepSeek's,
 * a Gemini summary whose signature came on a later part). Leaving it out is what the converted path
 * does with reasoning Anthropic did not sign, and
 * what Anthropic itself does with earlier turns' thinking. An assistant turn left empty is left out;
 * Anthropic joins the same-role turns around it.
 */
export function dropForeignThinking(body: Record<string, unknown>): Record<string, unknown> | null {
  const messages = body['messages'];
  if (!Array.isArray(messages) || !messages.some(hasForeignThinking)) return null;
  const kept: unknown[] = [];
  for (const message of messages) {
    if (!hasForeignThinking(message)) {
      kept.push(message);
      continue;
    }
    const content = message.content.filter((block) => !isForeignThinking(block));
    if (content.length > 0) kept.push({ ...message, content });
  }
  return { ...body, messages: kept };
}

function hasForeignThinking(message: unknown): message is { role: 'assistant'; content: unknown[] } {
  return isRecord(message) && message['role'] === 'assistant' && Array.isArray(message['content']) && message['content'].some(isForeignThinking);
}

/** Thinking another family signed, or that nobody signed: our encoder sends `''` when the upstream gave no signature. */
function isForeignThinking(block: unknown): boolean {
  if (!isRecord(block) || block['type'] !== 'thinking') return false;
  const signature = block['signature'];
  return typeof signature === 'string' && (signature === '' || signatureFamily(signature) !== 'anthropic');
}
