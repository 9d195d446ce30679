import { isRecord } from '../../../src-shared/json-record.js';
import { randomBytes } from 'node:crypto';
import type { AssistantContentPart, ChatMessage, ImagePart, ReasoningPart, TextPart, UserContentPart } from '../../conversion/chat-request.js';
import { tagSignature } from '../../conversion/reasoning-signature.js';
import { ContractError } from '../../conversion/contract-error.js';
import { type GeminiClientPart, geminiClientContentSchema } from './gemini-api.js';

/** The fields of a model part that matter for the conversation (a response part or a client's history part). */
export interface GeminiModelPartLike {
  text?: string | null;
  thought?: boolean | null;
  thoughtSignature?: string | null;
  functionCall?: { id?: string | null; name: string; args?: Record<string, unknown> | null } | null;
}

/**
 * Ids for function calls that come without one (the Gemini Developer API sends none): `call_<seed>_<n>`,
 * the seed being the answer's responseId, so one answer always gets the same ids and two answers do
 * not share any (Anthropic refuses a conversation with a repeated tool_use id).
 */
export function createToolCallIdSource(seed?: string | null): () => string {
  const base = seed?.replace(/[^A-Za-z0-9]/g, '') || randomBytes(8).toString('hex');
  let next = 0;
  return () => `call_${base}_${next++}`;
}

/**
 * A model turn's parts as internal assistant content. Thought parts become reasoning (consecutive ones
 * one block), text parts text (consecutive ones joined), functionCall parts tool calls with arguments
 * as JSON text. A thoughtSignature on a text part belongs to the reasoning before it; with none before,
 * it is kept as an empty reasoning part in its place, so the Gemini encoder puts it back where it was.
 * Other part kinds (images the model drew, code it ran) have no internal counterpart and are left out.
 * Signatures come out tagged as Gemini's (`gemini:<thoughtSignature>`); the Gemini encoder strips the tag.
 *
 * The stream parser builds the same content block by block (its tests hold it to that).
 */
export function decodeGeminiModelParts(parts: readonly GeminiModelPartLike[], nextToolCallId: () => string): AssistantContentPart[] {
  const content: AssistantContentPart[] = [];
  const openReasoning = () => {
    const last = content.at(-1);
    return last?.type === 'reasoning' && last.signature === undefined ? last : undefined;
  };
  for (const part of parts) {
    // Tagged as Gemini's, so no other family is ever handed it (see reasoning-signature.ts).
    const signature = part.thoughtSignature == null ? undefined : tagSignature('gemini', part.thoughtSignature);
    if (part.thought === true) {
      const reasoning = openReasoning() ?? pushed<ReasoningPart>(content, { type: 'reasoning', text: '' });
      reasoning.text += part.text ?? '';
      if (signature !== undefined) reasoning.signature = signature;
      continue;
    }
    if (part.functionCall) {
      content.push({
        type: 'tool-call',
        id: part.functionCall.id ?? nextToolCallId(),
        name: part.functionCall.name,
        arguments: JSON.stringify(part.functionCall.args ?? {}),
        ...(signature !== undefined ? { signature } : {}),
      });
      continue;
    }
    if (typeof part.text !== 'string') continue;
    if (signature !== undefined) {
      const reasoning = openReasoning();
      if (reasoning) reasoning.signature = signature;
      else content.push({ type: 'reasoning', text: '', signature });
    }
    if (part.text === '') continue;
    const last = content.at(-1);
    if (last?.type === 'text') last.text += part.text;
    else content.push({ type: 'text', text: part.text });
  }
  return content;
}

function pushed<T extends AssistantContentPart>(content: AssistantContentPart[], part: T): T {
  content.push(part);
  return part;
}

export interface DecodedGeminiContents {
  system: TextPart[];
  messages: ChatMessage[];
}

/**
 * A client's Gemini `contents` (and `systemInstruction`), keys already camelCased, as internal
 * messages. Gemini pairs function responses with calls by name; the internal contract pairs them by
 * id, so a response without an id takes the id of the earliest unanswered call of that name.
 * Throws a 400 naming what cannot be expressed.
 */
export function decodeGeminiContents(contents: unknown, systemInstruction: unknown): DecodedGeminiContents {
  const parsedContents = geminiClientContentSchema.array().safeParse(contents);
  if (!parsedContents.success) throw invalid(`contents${describeIssue(parsedContents.error.issues[0])}`);
  const system = decodeSystemInstruction(systemInstruction);

  const nextId = createToolCallIdSource();
  const pendingCalls: Array<{ id: string; name: string }> = [];
  const messages: ChatMessage[] = [];
  parsedContents.data.forEach((content, contentIndex) => {
    const role = content.role ?? 'user';
    const where = (partIndex: number) => `contents[${contentIndex}].parts[${partIndex}]`;
    if (role === 'model') {
      content.parts.forEach((part, partIndex) => checkModelPart(part, where(partIndex)));
      const decoded = decodeGeminiModelParts(content.parts, nextId);
      for (const part of decoded) if (part.type === 'tool-call') pendingCalls.push({ id: part.id, name: part.name });
      if (decoded.length > 0) messages.push({ role: 'assistant', content: decoded });
      return;
    }
    if (role !== 'user') throw invalid(`contents[${contentIndex}].role is "${role}"; Gemini roles are "user" and "model"`);
    const decoded: UserContentPart[] = [];
    content.parts.forEach((part, partIndex) => {
      const item = decodeUserPart(part, where(partIndex), pendingCalls);
      if (item) decoded.push(item);
    });
    if (decoded.length > 0) messages.push({ role: 'user', content: decoded });
  });
  return { system, messages };
}

function decodeSystemInstruction(value: unknown): TextPart[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  const parsed = geminiClientContentSchema.partial({ parts: true }).safeParse(value);
  if (!parsed.success) throw invalid(`systemInstruction${describeIssue(parsed.error.issues[0])}`);
  return (parsed.data.parts ?? []).map((part, index) => {
    if (typeof part.text !== 'string' || Object.keys(part).length !== 1) {
      throw invalid(`systemInstruction.parts[${index}] must be a text part`);
    }
    return { type: 'text', text: part.text };
  });
}

function checkModelPart(part: GeminiClientPart, where: string): void {
  const kind = unsupportedKind(part) ?? (part.inlineData || part.fileData ? 'inline or file data from the model' : undefined);
  if (kind) throw invalid(`${where} holds ${kind}, which Switchyard cannot convert`);
  if (part.functionResponse) throw invalid(`${where}: a functionResponse belongs in a "user" content`);
}

function decodeUserPart(part: GeminiClientPart, where: string, pendingCalls: Array<{ id: string; name: string }>): UserContentPart | undefined {
  const kind = unsupportedKind(part);
  if (kind) throw invalid(`${where} holds ${kind}, which Switchyard cannot convert`);
  if (part.functionCall) throw invalid(`${where}: a functionCall belongs in a "model" content`);
  if (part.functionResponse) {
    const { id, name, response, parts } = part.functionResponse;
    const index = id === undefined ? pendingCalls.findIndex((call) => call.name === name) : pendingCalls.findIndex((call) => call.id === id);
    if (index === -1) throw invalid(`${where}: the functionResponse for "${name}" answers no earlier functionCall`);
    const [call] = pendingCalls.splice(index, 1);
    const isError = Object.keys(response).length === 1 && response['error'] !== undefined;
    const content: Array<TextPart | ImagePart> = [{ type: 'text', text: resultText(isError ? response['error'] : response) }];
    for (const nested of parts ?? []) content.push(imagePart(nested.inlineData.mimeType, nested.inlineData.data, where));
    return { type: 'tool-result', toolCallId: call!.id, toolName: name, content, ...(isError ? { isError: true } : {}) };
  }
  if (part.inlineData) return imagePart(part.inlineData.mimeType, part.inlineData.data, where);
  if (part.fileData) {
    const mimeType = part.fileData.mimeType;
    if (mimeType !== undefined && !mimeType.startsWith('image/')) throw invalid(`${where} is a ${mimeType} file; only images can be converted`);
    return { type: 'image', source: { kind: 'url', url: part.fileData.fileUri } };
  }
  // A thought in a user turn means nothing to anyone; a signature there has nothing to sign.
  if (part.thought === true) return undefined;
  if (typeof part.text === 'string') return part.text === '' ? undefined : { type: 'text', text: part.text };
  throw invalid(`${where} is empty`);
}

/**
 * The text a tool result carries: what Switchyard's own encoder wrapped as `{content: text}` (or the
 * common `{result: …}`/`{output: …}`) unwrapped, anything else as JSON.
 */
function resultText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 1 && ['content', 'result', 'output'].includes(entries[0]![0]) && typeof entries[0]![1] === 'string') {
      return entries[0]![1];
    }
  }
  return JSON.stringify(value);
}

function imagePart(mimeType: string, data: string, where: string): ImagePart {
  if (!mimeType.startsWith('image/')) throw invalid(`${where} is ${mimeType} data; only images can be converted`);
  return { type: 'image', source: { kind: 'base64', mediaType: mimeType, data } };
}

function unsupportedKind(part: GeminiClientPart): string | undefined {
  if (part.executableCode !== undefined) return 'executableCode';
  if (part.codeExecutionResult !== undefined) return 'codeExecutionResult';
  if (part.videoMetadata !== undefined) return 'videoMetadata';
  return undefined;
}

/** ` at parts[0].foo: Unrecognized key …` for the first zod issue. */
export function describeIssue(issue: { path: PropertyKey[]; message: string } | undefined): string {
  if (!issue) return ' is invalid';
  const path = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
  return `${path}: ${issue.message}`;
}

function invalid(message: string): ContractError {
  return new ContractError('invalid_request', `Invalid Gemini-style body: ${message}.`);
}
