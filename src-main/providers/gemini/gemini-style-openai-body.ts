import type { ChatRequest, ReasoningRequest, ResponseFormat, ToolChoice, ToolDefinition } from '../../conversion/chat-request.js';
import { createFieldReaders, fieldKindNouns } from '../../../src-shared/json-field-readers.js';
import { ContractError } from '../../conversion/contract-error.js';
import { camelizeGeminiKeys } from './camelize-gemini-keys.js';
import { decodeGeminiContents, describeIssue } from './decode-gemini-contents.js';
import { decodeGeminiSchema } from './decode-gemini-schema.js';
import { geminiClientGenerationConfigSchema, geminiClientToolConfigSchema, geminiClientToolSchema } from './gemini-api.js';

/**
 * A seed behaviour of the OpenAI door: a /v1/chat/completions body that carries Gemini's `contents`
 * (and Gemini's `systemInstruction`, `tools`, `toolConfig`, `generationConfig`) instead of `messages`
 * is understood, so a client written for Gemini only has to change its URL. The model and `stream`
 * come from the body, as on the OpenAI door; the OpenAI sampling fields are taken too, and Gemini's
 * `generationConfig` wins where both say something. Field names may be camelCase or snake_case, as
 * Google's own parser allows.
 *
 * `safetySettings` are read and left out: they tune Google's moderation thresholds, and no other
 * vendor has a counterpart.
 */
export function isGeminiStyleBody(body: Record<string, unknown>): boolean {
  return Array.isArray(body['contents']) && body['messages'] === undefined;
}

const topLevelFields = new Set([
  'model',
  'stream',
  'streamOptions',
  'contents',
  'systemInstruction',
  'tools',
  'toolConfig',
  'generationConfig',
  'safetySettings',
  'temperature',
  'topP',
  'maxTokens',
  'maxCompletionTokens',
  'stop',
  'seed',
  'user',
]);

export function decodeGeminiStyleBody(body: Record<string, unknown>): ChatRequest {
  for (const key of Object.keys(body)) {
    if (!topLevelFields.has(camelCase(key))) throw invalid(`the field "${key}" is not supported in a Gemini-style body`);
  }
  const fields = camelizeGeminiKeys(body) as Record<string, unknown>;
  if (typeof fields['model'] !== 'string' || fields['model'] === '') throw invalid('"model" must name a model');

  const { system, messages } = decodeGeminiContents(fields['contents'], fields['systemInstruction']);
  if (messages.length === 0) throw invalid('"contents" holds no message');
  const tools = decodeTools(fields['tools']);
  const request: ChatRequest = {
    model: fields['model'],
    system,
    messages,
    tools,
    stream: fields['stream'] === true,
  };

  const toolChoice = decodeToolConfig(fields['toolConfig'], tools);
  if (toolChoice) request.toolChoice = toolChoice;

  applyOpenAISampling(fields, request);
  applyGenerationConfig(fields['generationConfig'], request);
  return request;
}

function decodeTools(value: unknown): ToolDefinition[] {
  if (value === undefined || value === null) return [];
  const parsed = geminiClientToolSchema.array().safeParse(value);
  if (!parsed.success) throw invalid(`tools${describeIssue(parsed.error.issues[0])}`);
  const tools: ToolDefinition[] = [];
  parsed.data.forEach((tool, index) => {
    const builtIn = Object.keys(tool).find((key) => key !== 'functionDeclarations');
    if (builtIn) throw invalid(`tools[${index}].${builtIn} is a tool Google runs itself, which Switchyard cannot convert`);
    for (const declaration of tool.functionDeclarations ?? []) {
      tools.push({
        name: declaration.name,
        ...(declaration.description !== undefined ? { description: declaration.description } : {}),
        parameters: declaration.parametersJsonSchema ?? (declaration.parameters ? decodeGeminiSchema(declaration.parameters) : { type: 'object', properties: {} }),
      });
    }
  });
  return tools;
}

function decodeToolConfig(value: unknown, tools: ToolDefinition[]): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = geminiClientToolConfigSchema.safeParse(value);
  if (!parsed.success) throw invalid(`toolConfig${describeIssue(parsed.error.issues[0])}`);
  const config = parsed.data.functionCallingConfig;
  if (!config) return undefined;
  const allowed = config.allowedFunctionNames ?? [];
  switch (config.mode) {
    case undefined:
    case 'MODE_UNSPECIFIED':
    case 'AUTO':
    case 'VALIDATED':
      // VALIDATED lets the model choose, like AUTO; the schema checking it adds is Google's own.
      return { type: 'auto' };
    case 'NONE':
      return { type: 'none' };
    case 'ANY':
      if (allowed.length === 0 || (allowed.length === tools.length && tools.every((tool) => allowed.includes(tool.name)))) {
        return { type: 'required' };
      }
      if (allowed.length === 1) return { type: 'tool', name: allowed[0]! };
      throw invalid('toolConfig.functionCallingConfig.allowedFunctionNames may name one function or all of them, not a subset');
    default: {
      const _exhaustive: never = config.mode;
      return _exhaustive;
    }
  }
}

/** The OpenAI-style fields beside a Gemini-style body are refused in the Gemini-style body's words. */
const readers = createFieldReaders({
  required: (path) => invalid(`${path} is required`),
  wrongKind: (path, kind) => invalid(`${path} must be ${fieldKindNouns[kind]}`),
  belowMinimum: (path, minimum) => invalid(`${path} must be at least ${minimum}`),
  aboveMaximum: (path, maximum) => invalid(`${path} must be at most ${maximum}`),
});

function applyOpenAISampling(fields: Record<string, unknown>, request: ChatRequest): void {
  const number = (key: string): number | undefined => readers.optional(fields[key], `"${key}"`, 'number');
  const temperature = number('temperature');
  if (temperature !== undefined) request.temperature = temperature;
  const topP = number('topP');
  if (topP !== undefined) request.topP = topP;
  const maxTokens = number('maxCompletionTokens') ?? number('maxTokens');
  if (maxTokens !== undefined) request.maxOutputTokens = maxTokens;
  const seed = number('seed');
  if (seed !== undefined) request.seed = seed;
  const stop = fields['stop'];
  if (typeof stop === 'string') request.stopSequences = [stop];
  else if (Array.isArray(stop) && stop.every((entry) => typeof entry === 'string')) request.stopSequences = stop;
  else if (stop !== undefined && stop !== null) throw invalid('"stop" must be a string or an array of strings');
  if (typeof fields['user'] === 'string') request.user = fields['user'];
}

function applyGenerationConfig(value: unknown, request: ChatRequest): void {
  if (value === undefined || value === null) return;
  const parsed = geminiClientGenerationConfigSchema.safeParse(value);
  if (!parsed.success) throw invalid(`generationConfig${describeIssue(parsed.error.issues[0])}`);
  const config = parsed.data;
  if (config.candidateCount !== undefined && config.candidateCount !== 1) throw invalid('generationConfig.candidateCount must be 1');
  if (config.responseModalities && config.responseModalities.some((modality) => modality.toUpperCase() !== 'TEXT')) {
    throw invalid('generationConfig.responseModalities may only ask for TEXT');
  }
  if (config.maxOutputTokens !== undefined) request.maxOutputTokens = config.maxOutputTokens;
  if (config.temperature !== undefined) request.temperature = config.temperature;
  if (config.topP !== undefined) request.topP = config.topP;
  if (config.topK !== undefined) request.topK = config.topK;
  if (config.stopSequences !== undefined) request.stopSequences = config.stopSequences;
  if (config.seed !== undefined) request.seed = config.seed;
  if (config.presencePenalty !== undefined) request.presencePenalty = config.presencePenalty;
  if (config.frequencyPenalty !== undefined) request.frequencyPenalty = config.frequencyPenalty;
  const responseFormat = decodeResponseFormat(config);
  if (responseFormat) request.responseFormat = responseFormat;
  const reasoning = decodeThinkingConfig(config.thinkingConfig);
  if (reasoning !== undefined) request.reasoning = reasoning;
}

function decodeResponseFormat(config: { responseMimeType?: string | undefined; responseSchema?: Record<string, unknown> | undefined; responseJsonSchema?: Record<string, unknown> | undefined }): ResponseFormat | undefined {
  const mimeType = config.responseMimeType;
  if (mimeType === undefined || mimeType === 'text/plain') {
    if (config.responseSchema || config.responseJsonSchema) throw invalid('generationConfig.responseSchema needs responseMimeType "application/json"');
    return mimeType === undefined ? undefined : { type: 'text' };
  }
  if (mimeType !== 'application/json') throw invalid(`generationConfig.responseMimeType "${mimeType}" cannot be converted`);
  if (config.responseJsonSchema) return { type: 'json-schema', name: 'response', schema: config.responseJsonSchema };
  if (config.responseSchema) return { type: 'json-schema', name: 'response', schema: decodeGeminiSchema(config.responseSchema) };
  return { type: 'json-object' };
}

function decodeThinkingConfig(
  config: { thinkingBudget?: number | undefined; thinkingLevel?: string | undefined; includeThoughts?: boolean | undefined } | undefined,
): ReasoningRequest | null | undefined {
  if (!config) return undefined;
  if (config.thinkingBudget === 0) return null;
  if (config.thinkingBudget !== undefined && config.thinkingBudget > 0) return { budgetTokens: config.thinkingBudget };
  const level = config.thinkingLevel?.toLowerCase();
  if (level === 'minimal' || level === 'low' || level === 'medium' || level === 'high') return { effort: level };
  if (level !== undefined) throw invalid(`generationConfig.thinkingConfig.thinkingLevel "${config.thinkingLevel}" is not a Gemini level`);
  // -1 (dynamic) or includeThoughts alone: reasoning wanted, its size left to the model.
  return config.thinkingBudget === -1 || config.includeThoughts === true ? {} : undefined;
}

function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

function invalid(message: string): ContractError {
  return new ContractError('invalid_request', `Invalid Gemini-style body: ${message}.`);
}
