import { isRecord } from '../../../src-shared/json-record.js';
import type {
  AssistantContentPart,
  ChatRequest,
  ImagePart,
  ResponseFormat,
  ToolChoice,
  ToolResultPart,
  UserContentPart,
} from '../../conversion/chat-request.js';
import { signatureFor } from '../../conversion/reasoning-signature.js';
import { unsupportedFeature } from '../../conversion/unsupported-feature.js';
import type {
  GeminiContent,
  GeminiFunctionDeclaration,
  GeminiGenerateContentRequest,
  GeminiGenerationConfig,
  GeminiInlineData,
  GeminiPart,
} from './gemini-api.js';
import { isGemini3, mapGeminiThinkingConfig } from './map-gemini-thinking-config.js';
import { sanitizeGeminiSchema } from './sanitize-gemini-schema.js';

/**
 * Google documents this value for a functionCall replayed without its real signature: Gemini 3 then
 * skips signature validation instead of refusing the request
 * (https://ai.google.dev/gemini-api/docs/thought-signatures). Clients that cannot carry signatures
 * (OpenAI Chat Completions has no field for one) would otherwise never get past their first tool call.
 */
export const skipThoughtSignature = 'skip_thought_signature_validator';

const targetProvider = 'gemini';

/**
 * The internal request as a `generateContent` body. Decisions worth knowing:
 * - Reasoning text is not sent back. Gemini accepts `thought: true` parts, but Google's own Gemini CLI
 *   strips them from history because replayed thoughts confuse the model (google-gemini/gemini-cli
 *   #705); what Gemini needs is the thoughtSignature, which goes on the part that follows the reasoning
 *   (where Gemini put it), or on the part before when the reasoning is last (a streamed answer ends with
 *   an empty signature-only part, the non-streamed one carries it on its last text part).
 * - Only signatures Gemini issued are sent (tagged `gemini:`, the tag stripped); another family's
 *   (Anthropic's, after a conversation moved here) would be refused, so they count as none.
 * - Gemini 3 refuses a follow-up turn whose functionCall lost its signature; a call that never had one
 *   (or had another family's) gets the documented skip value.
 * - Tool results become functionResponse parts. Gemini pairs them with calls by function name, so the
 *   name is looked up from the call with the same id when the result does not carry it. Ids themselves
 *   are not sent: ours may be generated (`call_…`), and Vertex-style endpoints refuse them.
 * - `parallelToolCalls` has no Gemini switch and `user` no Gemini field; both are left out.
 *   Cache breakpoints are left out too: Gemini caches implicitly.
 */
export function convertToGeminiRequest(request: ChatRequest, options: { model: string }): GeminiGenerateContentRequest {
  const body: GeminiGenerateContentRequest = { contents: convertMessages(request, options.model) };

  const system = request.system.map((part) => part.text).filter((text) => text !== '');
  if (system.length > 0) body.systemInstruction = { parts: system.map((text) => ({ text })) };

  if (request.tools.length > 0) {
    body.tools = [{ functionDeclarations: request.tools.map(convertTool) }];
    if (request.toolChoice) body.toolConfig = convertToolChoice(request.toolChoice, request);
  }

  const generationConfig = convertGenerationConfig(request, options.model);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  return body;
}

// ---------------------------------------------------------------------------------------------------
// Messages

function convertMessages(request: ChatRequest, model: string): GeminiContent[] {
  const contents: GeminiContent[] = [];
  // The latest call with each id wins: ids are unique in a well-formed conversation, and where they
  // repeat (generated ids restart per answer elsewhere) the nearest call is the one answered.
  const toolNames = new Map<string, string>();
  for (const message of request.messages) {
    let parts: GeminiPart[];
    if (message.role === 'assistant') {
      for (const part of message.content) if (part.type === 'tool-call') toolNames.set(part.id, part.name);
      parts = convertAssistantContent(message.content, model);
    } else {
      parts = convertUserContent(message.content, toolNames, model);
    }
    if (parts.length === 0) continue;
    const role = message.role === 'assistant' ? 'model' : 'user';
    const previous = contents.at(-1);
    // Consecutive turns of one role (tool results, then the user's next words) become one content.
    if (previous && previous.role === role) previous.parts.push(...parts);
    else contents.push({ role, parts });
  }
  return contents;
}

function convertAssistantContent(content: AssistantContentPart[], model: string): GeminiPart[] {
  const parts: GeminiPart[] = [];
  let pendingSignature: string | undefined;
  for (const part of content) {
    switch (part.type) {
      case 'reasoning': {
        // Anthropic's redacted thinking means nothing to Gemini.
        const signature = signatureFor('gemini', part.signature);
        if (signature !== undefined && part.redactedData === undefined) pendingSignature = signature;
        break;
      }
      case 'text':
        if (part.text === '') break;
        parts.push(withSignature({ text: part.text }, pendingSignature));
        pendingSignature = undefined;
        break;
      case 'tool-call':
        parts.push(withSignature({ functionCall: { name: part.name, args: parseArguments(part.arguments, part.name) } }, signatureFor('gemini', part.signature) ?? pendingSignature));
        pendingSignature = undefined;
        break;
      default: {
        const _exhaustive: never = part;
        throw new Error(`unknown assistant part ${JSON.stringify(_exhaustive)}`);
      }
    }
  }
  const last = parts.at(-1);
  if (pendingSignature !== undefined && last && last.thoughtSignature === undefined) last.thoughtSignature = pendingSignature;

  // Of parallel calls only the first carries a signature, and that is the one Gemini 3 checks.
  const firstCall = parts.find((part) => part.functionCall);
  if (firstCall && firstCall.thoughtSignature === undefined && isGemini3(model)) firstCall.thoughtSignature = skipThoughtSignature;
  return parts;
}

function withSignature(part: GeminiPart, signature: string | undefined): GeminiPart {
  return signature === undefined ? part : { ...part, thoughtSignature: signature };
}

function parseArguments(text: string, name: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw unsupportedFeature(`A tool call to "${name}" whose arguments are not valid JSON`, targetProvider);
  }
  if (!isRecord(parsed)) throw unsupportedFeature(`A tool call to "${name}" whose arguments are not a JSON object`, targetProvider);
  return parsed;
}

function convertUserContent(content: UserContentPart[], toolNames: ReadonlyMap<string, string>, model: string): GeminiPart[] {
  const parts: GeminiPart[] = [];
  for (const part of content) {
    switch (part.type) {
      case 'text':
        if (part.text !== '') parts.push({ text: part.text });
        break;
      case 'image':
        parts.push(convertImage(part));
        break;
      case 'tool-result':
        parts.push(...convertToolResult(part, toolNames, model));
        break;
      default: {
        const _exhaustive: never = part;
        throw new Error(`unknown user part ${JSON.stringify(_exhaustive)}`);
      }
    }
  }
  return parts;
}

function convertToolResult(part: ToolResultPart, toolNames: ReadonlyMap<string, string>, model: string): GeminiPart[] {
  const name = part.toolName ?? toolNames.get(part.toolCallId);
  if (name === undefined) {
    throw unsupportedFeature(
      `A tool result for the call "${part.toolCallId}", which is not in the conversation (Gemini needs the function's name)`,
      targetProvider,
    );
  }
  const text = part.content
    .filter((item) => item.type === 'text')
    .map((item) => item.text)
    .join('\n');
  const images = part.content.filter((item) => item.type === 'image').map(inlineImage);
  const value = responseValue(text);
  const response = part.isError ? { error: value } : isRecord(value) ? value : { content: value };
  if (images.length === 0) return [{ functionResponse: { name, response } }];
  // Gemini 3 takes images inside the function response; earlier models only as parts beside it.
  if (isGemini3(model)) return [{ functionResponse: { name, response, parts: images.map((inlineData) => ({ inlineData })) } }];
  return [{ functionResponse: { name, response } }, ...images.map((inlineData) => ({ inlineData }))];
}

/** A result that is a JSON object is passed as that object (a protobuf Struct); any other text as text. */
function responseValue(text: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (isRecord(parsed)) return parsed;
    } catch {
      // Not JSON after all: sent as the text it is.
    }
  }
  return text;
}

function convertImage(part: ImagePart): GeminiPart {
  const source = part.source;
  if (source.kind === 'url' && (source.url.startsWith('gs://') || isGeminiFileUri(source.url))) {
    const mimeType = mimeTypeFromPath(source.url);
    return { fileData: { fileUri: source.url, ...(mimeType ? { mimeType } : {}) } };
  }
  return { inlineData: inlineImage(part) };
}

function inlineImage(part: ImagePart): GeminiInlineData {
  const source = part.source;
  if (source.kind === 'base64') return { mimeType: source.mediaType, data: source.data };
  const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(source.url);
  if (dataUrl) return { mimeType: dataUrl[1]!, data: dataUrl[2]! };
  // Gemini fetches no web URLs for images, and Switchyard does not fetch them on its behalf: the
  // gateway would become a way to make requests from the user's machine.
  throw unsupportedFeature('An image given by http(s) URL (send it as base64 data instead)', targetProvider);
}

/** Files uploaded through Gemini's File API are referred to by their API URL. */
function isGeminiFileUri(url: string): boolean {
  return url.startsWith('https://generativelanguage.googleapis.com/') && url.includes('/files/');
}

function mimeTypeFromPath(url: string): string | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  switch (extension) {
    case 'png':
      return 'image/png';
    case 'jpg':
    case 'jpeg':
      return 'image/jpeg';
    case 'webp':
      return 'image/webp';
    case 'gif':
      return 'image/gif';
    case 'heic':
      return 'image/heic';
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------
// Tools and settings

function convertTool(tool: ChatRequest['tools'][number]): GeminiFunctionDeclaration {
  const parameters = sanitizeGeminiSchema(tool.parameters, { label: `the parameters of tool "${tool.name}"` });
  return {
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    ...(parameters ? { parameters } : {}),
  };
}

function convertToolChoice(choice: ToolChoice, request: ChatRequest): NonNullable<GeminiGenerateContentRequest['toolConfig']> {
  switch (choice.type) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'required':
      return { functionCallingConfig: { mode: 'ANY' } };
    case 'tool':
      if (!request.tools.some((tool) => tool.name === choice.name)) {
        throw unsupportedFeature(`A tool choice naming "${choice.name}", which is not among the tools`, targetProvider);
      }
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
    default: {
      const _exhaustive: never = choice;
      throw new Error(`unknown tool choice ${JSON.stringify(_exhaustive)}`);
    }
  }
}

function convertGenerationConfig(request: ChatRequest, model: string): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  if (request.maxOutputTokens !== undefined) config.maxOutputTokens = request.maxOutputTokens;
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) config.stopSequences = request.stopSequences;
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.presencePenalty !== undefined) config.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) config.frequencyPenalty = request.frequencyPenalty;
  if (request.responseFormat) Object.assign(config, convertResponseFormat(request.responseFormat));
  const thinkingConfig = mapGeminiThinkingConfig(request.reasoning, model);
  if (thinkingConfig) config.thinkingConfig = thinkingConfig;
  return config;
}

function convertResponseFormat(format: ResponseFormat): GeminiGenerationConfig {
  switch (format.type) {
    case 'text':
      return {};
    case 'json-object':
      return { responseMimeType: 'application/json' };
    case 'json-schema': {
      const responseSchema = sanitizeGeminiSchema(format.schema, { label: `the response schema "${format.name}"` });
      return { responseMimeType: 'application/json', ...(responseSchema ? { responseSchema } : {}) };
    }
    default: {
      const _exhaustive: never = format;
      throw new Error(`unknown response format ${JSON.stringify(_exhaustive)}`);
    }
  }
}
