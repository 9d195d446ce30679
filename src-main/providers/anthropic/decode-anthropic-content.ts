import type {
  AssistantContentPart,
  CacheControl,
  ChatMessage,
  ImagePart,
  TextPart,
  ToolResultPart,
  UserContentPart,
} from '../../conversion/chat-request.js';
import { unsupportedFeature } from '../../conversion/unsupported-feature.js';
import { isAbsent } from '../../../src-shared/json-field-readers.js';
import {
  fieldPath,
  invalidField,
  optionalBoolean,
  optionalString,
  readArray,
  readObject,
  refuseUnknownKeys,
  requireString,
  type JsonObject,
} from './read-request-fields.js';

/** Who can't take Anthropic-only features: the decoder runs only when the request goes elsewhere. */
export const otherVendors = 'non-Anthropic';

/**
 * Block types Anthropic knows that have no counterpart in the internal contract: they run on
 * Anthropic's servers (server tools and their results, MCP, containers) or need its Files and
 * document pipeline. Named in a 400 instead of being dropped.
 */
const anthropicOnlyBlockTypes = new Set([
  'document',
  'search_result',
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'tool_search_tool_result',
  'tool_reference',
  'mcp_tool_use',
  'mcp_tool_result',
  'container_upload',
]);

/** Anthropic's accepted image types; it refuses others, so a converted request does too. */
const imageMediaTypes = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

const cacheControlKeys = new Set(['type', 'ttl']);
// `citations` comes back on text blocks of Anthropic answers and clients echo it in the history.
const textKeys = new Set(['type', 'text', 'cache_control', 'citations']);
const imageKeys = new Set(['type', 'source', 'cache_control']);
// `caller` is set on tool_use blocks of Anthropic answers (programmatic tool calling) and echoed back.
const toolUseKeys = new Set(['type', 'id', 'name', 'input', 'cache_control', 'caller']);
const toolResultKeys = new Set(['type', 'tool_use_id', 'content', 'is_error', 'cache_control']);
const thinkingKeys = new Set(['type', 'thinking', 'signature']);
const redactedThinkingKeys = new Set(['type', 'data']);
const messageKeys = new Set(['role', 'content']);

export function decodeCacheControl(block: JsonObject, path: string): CacheControl | undefined {
  const value = block.cache_control;
  if (isAbsent(value)) return undefined;
  const controlPath = fieldPath(path, 'cache_control');
  const control = readObject(value, controlPath);
  refuseUnknownKeys(control, cacheControlKeys, controlPath);
  if (control.type !== 'ephemeral') throw invalidField(fieldPath(controlPath, 'type'), "Input should be 'ephemeral'");
  const ttl = optionalString(control, 'ttl', controlPath);
  return ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl };
}

export function decodeTextBlock(block: JsonObject, path: string): TextPart {
  refuseUnknownKeys(block, textKeys, path);
  const text = requireString(block, 'text', path);
  const cacheControl = decodeCacheControl(block, path);
  return cacheControl ? { type: 'text', text, cacheControl } : { type: 'text', text };
}

function decodeImageBlock(block: JsonObject, path: string): ImagePart {
  refuseUnknownKeys(block, imageKeys, path);
  const sourcePath = fieldPath(path, 'source');
  if (isAbsent(block.source)) throw invalidField(sourcePath, 'Field required');
  const source = readObject(block.source, sourcePath);
  let part: ImagePart;
  switch (source.type) {
    case 'base64': {
      refuseUnknownKeys(source, new Set(['type', 'media_type', 'data']), sourcePath);
      const mediaType = requireString(source, 'media_type', sourcePath);
      if (!imageMediaTypes.has(mediaType)) {
        throw invalidField(fieldPath(sourcePath, 'media_type'), `Input should be one of ${[...imageMediaTypes].map((type) => `'${type}'`).join(', ')}`);
      }
      part = { type: 'image', source: { kind: 'base64', mediaType, data: requireString(source, 'data', sourcePath) } };
      break;
    }
    case 'url':
      refuseUnknownKeys(source, new Set(['type', 'url']), sourcePath);
      part = { type: 'image', source: { kind: 'url', url: requireString(source, 'url', sourcePath) } };
      break;
    case 'file':
      throw unsupportedFeature(`An image from Anthropic's Files API (${sourcePath})`, otherVendors);
    default:
      throw invalidField(fieldPath(sourcePath, 'type'), "Input should be 'base64', 'url' or 'file'");
  }
  const cacheControl = decodeCacheControl(block, path);
  return cacheControl ? { ...part, cacheControl } : part;
}

function decodeToolResultContent(value: unknown, path: string): Array<TextPart | ImagePart> {
  if (isAbsent(value)) return [];
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  return readArray(value, path).map((item, index) => {
    const itemPath = fieldPath(path, index);
    const block = readObject(item, itemPath);
    switch (block.type) {
      case 'text':
        return decodeTextBlock(block, itemPath);
      case 'image':
        return decodeImageBlock(block, itemPath);
      default:
        throw unknownOrUnsupportedBlock(block, itemPath, ['text', 'image']);
    }
  });
}

function unknownOrUnsupportedBlock(block: JsonObject, path: string, expected: readonly string[]): Error {
  if (typeof block.type === 'string' && anthropicOnlyBlockTypes.has(block.type)) {
    return unsupportedFeature(`A "${block.type}" content block (${path})`, otherVendors);
  }
  if (isAbsent(block.type)) return invalidField(fieldPath(path, 'type'), 'Field required');
  return invalidField(fieldPath(path, 'type'), `Input tag ${JSON.stringify(block.type)} does not match any of the expected tags: ${expected.map((tag) => `'${tag}'`).join(', ')}`);
}

function wrongRole(block: JsonObject, path: string, role: string): Error {
  return invalidField(fieldPath(path, 'type'), `"${String(block.type)}" blocks are not allowed in ${role} messages`);
}

/**
 * Tool calls seen so far in the conversation, by id: a tool_result must answer one of them (Anthropic
 * refuses an unknown `tool_use_id`, and so would every other vendor), and Gemini needs the tool's name
 * on the result, which Anthropic's format leaves out.
 */
type ToolCallNames = Map<string, string>;

function decodeUserBlock(block: JsonObject, path: string, toolCalls: ToolCallNames): UserContentPart {
  switch (block.type) {
    case 'text':
      return decodeTextBlock(block, path);
    case 'image':
      return decodeImageBlock(block, path);
    case 'tool_result': {
      refuseUnknownKeys(block, toolResultKeys, path);
      const toolCallId = requireString(block, 'tool_use_id', path);
      const toolName = toolCalls.get(toolCallId);
      if (toolName === undefined) {
        throw invalidField(
          fieldPath(path, 'tool_use_id'),
          `no tool_use block with id ${JSON.stringify(toolCallId)} in an earlier assistant message; each tool_result must answer a tool_use`,
        );
      }
      const part: ToolResultPart = { type: 'tool-result', toolCallId, toolName, content: decodeToolResultContent(block.content, fieldPath(path, 'content')) };
      const isError = optionalBoolean(block, 'is_error', path);
      if (isError !== undefined) part.isError = isError;
      const cacheControl = decodeCacheControl(block, path);
      if (cacheControl) part.cacheControl = cacheControl;
      return part;
    }
    case 'tool_use':
    case 'thinking':
    case 'redacted_thinking':
      throw wrongRole(block, path, 'user');
    default:
      throw unknownOrUnsupportedBlock(block, path, ['text', 'image', 'tool_result']);
  }
}

function decodeAssistantBlock(block: JsonObject, path: string, toolCalls: ToolCallNames): AssistantContentPart {
  switch (block.type) {
    case 'text':
      return decodeTextBlock(block, path);
    case 'tool_use': {
      refuseUnknownKeys(block, toolUseKeys, path);
      const id = requireString(block, 'id', path);
      const name = requireString(block, 'name', path);
      if (isAbsent(block.input)) throw invalidField(fieldPath(path, 'input'), 'Field required');
      const input = readObject(block.input, fieldPath(path, 'input'));
      toolCalls.set(id, name);
      const cacheControl = decodeCacheControl(block, path);
      const part: AssistantContentPart = { type: 'tool-call', id, name, arguments: JSON.stringify(input) };
      return cacheControl ? { ...part, cacheControl } : part;
    }
    case 'thinking': {
      refuseUnknownKeys(block, thinkingKeys, path);
      const text = requireString(block, 'thinking', path);
      const signature = requireString(block, 'signature', path);
      // Our own encoder sends '' when the upstream gave no signature (DeepSeek, OpenAI-compatible
      // reasoning); that is "none", not a signature to hand back.
      return signature === '' ? { type: 'reasoning', text } : { type: 'reasoning', text, signature };
    }
    case 'redacted_thinking':
      refuseUnknownKeys(block, redactedThinkingKeys, path);
      return { type: 'reasoning', text: '', redactedData: requireString(block, 'data', path) };
    case 'image':
    case 'tool_result':
      throw wrongRole(block, path, 'assistant');
    default:
      throw unknownOrUnsupportedBlock(block, path, ['text', 'tool_use', 'thinking', 'redacted_thinking']);
  }
}

/** `messages` of a Messages request → internal messages, checked as Anthropic checks them. */
export function decodeAnthropicMessages(value: unknown): ChatMessage[] {
  if (isAbsent(value)) throw invalidField('messages', 'Field required');
  const items = readArray(value, 'messages');
  if (items.length === 0) throw invalidField('messages', 'at least one message is required');
  const toolCalls: ToolCallNames = new Map();
  return items.map((item, messageIndex) => {
    const path = fieldPath('messages', messageIndex);
    const message = readObject(item, path);
    refuseUnknownKeys(message, messageKeys, path);
    const role = message.role;
    if (role !== 'user' && role !== 'assistant') {
      throw invalidField(fieldPath(path, 'role'), isAbsent(role) ? 'Field required' : "Input should be 'user' or 'assistant'");
    }
    const contentPath = fieldPath(path, 'content');
    if (isAbsent(message.content)) throw invalidField(contentPath, 'Field required');
    const blocks: JsonObject[] =
      typeof message.content === 'string'
        ? message.content === ''
          ? []
          : [{ type: 'text', text: message.content }]
        : readArray(message.content, contentPath).map((block, index) => readObject(block, fieldPath(contentPath, index)));
    // Anthropic's rule: only a final assistant turn (a prefill) may be empty.
    const isFinalAssistant = role === 'assistant' && messageIndex === items.length - 1;
    if (blocks.length === 0 && !isFinalAssistant) {
      throw invalidField(contentPath, 'all messages must have non-empty content except for the optional final assistant message');
    }
    if (role === 'user') {
      return { role, content: blocks.map((block, index) => decodeUserBlock(block, fieldPath(contentPath, index), toolCalls)) };
    }
    return { role, content: blocks.map((block, index) => decodeAssistantBlock(block, fieldPath(contentPath, index), toolCalls)) };
  });
}
