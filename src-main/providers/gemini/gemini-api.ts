import { z } from 'zod';

/**
 * The parts of Google's Generative Language API (`generateContent`, `streamGenerateContent`, `models`)
 * Switchyard writes and reads. Requests are typed exactly; answers are read leniently (`.nullish()`,
 * loose objects): Google adds fields and part kinds without notice.
 */

// ---------------------------------------------------------------------------------------------------
// Requests

/** The OpenAPI 3.0 subset Gemini takes for tool parameters and `responseSchema`. */
export interface GeminiSchema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null';
  format?: string;
  title?: string;
  description?: string;
  nullable?: boolean;
  enum?: string[];
  properties?: Record<string, GeminiSchema>;
  required?: string[];
  items?: GeminiSchema;
  anyOf?: GeminiSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minProperties?: number;
  maxProperties?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

export interface GeminiInlineData {
  mimeType: string;
  /** Base64, no data-URL prefix. */
  data: string;
}

export interface GeminiFileData {
  mimeType?: string;
  fileUri: string;
}

export interface GeminiFunctionCall {
  id?: string;
  name: string;
  /** A protobuf Struct: always a JSON object. */
  args: Record<string, unknown>;
}

export interface GeminiFunctionResponse {
  id?: string;
  name: string;
  /** A protobuf Struct: always a JSON object. */
  response: Record<string, unknown>;
  /** Multimodal results (Gemini 3 and later). */
  parts?: Array<{ inlineData: GeminiInlineData }>;
}

/** One part of a content; exactly one of the data fields is set. */
export interface GeminiPart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: GeminiInlineData;
  fileData?: GeminiFileData;
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
}

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  /** Left out for a function without parameters: Gemini refuses an object schema with no properties. */
  parameters?: GeminiSchema;
}

export type GeminiFunctionCallingMode = 'AUTO' | 'ANY' | 'NONE';

export interface GeminiThinkingConfig {
  /** Gemini 2.5: a token budget; 0 turns thinking off where the model allows it, -1 lets it decide. */
  thinkingBudget?: number;
  /** Gemini 3: `low` or `high` (budgets still work there, but not both in one request). */
  thinkingLevel?: 'low' | 'high';
  includeThoughts?: boolean;
}

export interface GeminiGenerationConfig {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseMimeType?: string;
  responseSchema?: GeminiSchema;
  thinkingConfig?: GeminiThinkingConfig;
}

export interface GeminiGenerateContentRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: Array<{ text: string }> };
  tools?: Array<{ functionDeclarations: GeminiFunctionDeclaration[] }>;
  toolConfig?: { functionCallingConfig: { mode: GeminiFunctionCallingMode; allowedFunctionNames?: string[] } };
  generationConfig?: GeminiGenerationConfig;
}

// ---------------------------------------------------------------------------------------------------
// Answers

export const geminiUsageMetadataSchema = z.looseObject({
  /** Every prompt token, cached ones included. */
  promptTokenCount: z.number().nullish(),
  /** Visible output only: thinking is counted apart, in thoughtsTokenCount. */
  candidatesTokenCount: z.number().nullish(),
  totalTokenCount: z.number().nullish(),
  cachedContentTokenCount: z.number().nullish(),
  thoughtsTokenCount: z.number().nullish(),
  /** Prompt tokens of tool results Google ran itself (search, code execution); billed as input. */
  toolUsePromptTokenCount: z.number().nullish(),
});

export type GeminiUsageMetadata = z.infer<typeof geminiUsageMetadataSchema>;

export const geminiResponsePartSchema = z.looseObject({
  text: z.string().nullish(),
  thought: z.boolean().nullish(),
  thoughtSignature: z.string().nullish(),
  functionCall: z
    .looseObject({
      id: z.string().nullish(),
      name: z.string(),
      args: z.record(z.string(), z.unknown()).nullish(),
    })
    .nullish(),
  inlineData: z.looseObject({ mimeType: z.string().nullish(), data: z.string().nullish() }).nullish(),
});

export type GeminiResponsePart = z.infer<typeof geminiResponsePartSchema>;

export const geminiCandidateSchema = z.looseObject({
  content: z.looseObject({ role: z.string().nullish(), parts: z.array(geminiResponsePartSchema).nullish() }).nullish(),
  finishReason: z.string().nullish(),
  index: z.number().nullish(),
});

/** One generateContent answer, or one streamed chunk of one (each chunk has this same shape). */
export const geminiGenerateContentResponseSchema = z.looseObject({
  candidates: z.array(geminiCandidateSchema).nullish(),
  /** Set, with no candidates, when the prompt itself was blocked. */
  promptFeedback: z.looseObject({ blockReason: z.string().nullish(), blockReasonMessage: z.string().nullish() }).nullish(),
  usageMetadata: geminiUsageMetadataSchema.nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
});

export type GeminiGenerateContentResponse = z.infer<typeof geminiGenerateContentResponseSchema>;

/** Google's error shape: `{"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED","details":[…]}}`. */
export const geminiErrorBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.number().nullish(),
    message: z.string().nullish(),
    status: z.string().nullish(),
    details: z.array(z.unknown()).nullish(),
  }),
});

export type GeminiErrorBody = z.infer<typeof geminiErrorBodySchema>;

export const geminiModelListSchema = z.looseObject({
  models: z
    .array(
      z.looseObject({
        /** `models/gemini-2.5-flash`. */
        name: z.string(),
        supportedGenerationMethods: z.array(z.string()).nullish(),
      }),
    )
    .nullish(),
  nextPageToken: z.string().nullish(),
});

// ---------------------------------------------------------------------------------------------------
// Gemini-style request bodies from clients (keys already camelCased). Client input is read strictly:
// a field Switchyard does not know is refused with its name rather than dropped.

const clientInlineDataSchema = z.strictObject({ mimeType: z.string().min(1), data: z.string() });

export const geminiClientPartSchema = z.strictObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  thoughtSignature: z.string().optional(),
  inlineData: clientInlineDataSchema.optional(),
  fileData: z.strictObject({ mimeType: z.string().optional(), fileUri: z.string().min(1) }).optional(),
  functionCall: z
    .strictObject({ id: z.string().optional(), name: z.string().min(1), args: z.record(z.string(), z.unknown()).optional() })
    .optional(),
  functionResponse: z
    .strictObject({
      id: z.string().optional(),
      name: z.string().min(1),
      response: z.record(z.string(), z.unknown()),
      parts: z.array(z.strictObject({ inlineData: clientInlineDataSchema })).optional(),
      willContinue: z.boolean().optional(),
    })
    .optional(),
  // Known to Gemini but with no counterpart in other formats: recognised so the refusal can name them.
  executableCode: z.unknown().optional(),
  codeExecutionResult: z.unknown().optional(),
  videoMetadata: z.unknown().optional(),
});

export type GeminiClientPart = z.infer<typeof geminiClientPartSchema>;

export const geminiClientContentSchema = z.strictObject({
  role: z.string().optional(),
  parts: z.array(geminiClientPartSchema),
});

export type GeminiClientContent = z.infer<typeof geminiClientContentSchema>;

export const geminiClientFunctionDeclarationSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  parametersJsonSchema: z.record(z.string(), z.unknown()).optional(),
  response: z.unknown().optional(),
  responseJsonSchema: z.unknown().optional(),
  behavior: z.string().optional(),
});

export const geminiClientToolSchema = z.strictObject({
  functionDeclarations: z.array(geminiClientFunctionDeclarationSchema).optional(),
  // Google-run tools: recognised so the refusal can name them.
  googleSearch: z.unknown().optional(),
  googleSearchRetrieval: z.unknown().optional(),
  codeExecution: z.unknown().optional(),
  urlContext: z.unknown().optional(),
  fileSearch: z.unknown().optional(),
  googleMaps: z.unknown().optional(),
  computerUse: z.unknown().optional(),
});

export const geminiClientToolConfigSchema = z.strictObject({
  functionCallingConfig: z
    .strictObject({
      mode: z.enum(['AUTO', 'ANY', 'NONE', 'VALIDATED', 'MODE_UNSPECIFIED']).optional(),
      allowedFunctionNames: z.array(z.string()).optional(),
    })
    .optional(),
});

export const geminiClientGenerationConfigSchema = z.strictObject({
  maxOutputTokens: z.number().int().positive().optional(),
  temperature: z.number().optional(),
  topP: z.number().optional(),
  topK: z.number().optional(),
  stopSequences: z.array(z.string()).optional(),
  seed: z.number().int().optional(),
  presencePenalty: z.number().optional(),
  frequencyPenalty: z.number().optional(),
  candidateCount: z.number().int().optional(),
  responseMimeType: z.string().optional(),
  responseSchema: z.record(z.string(), z.unknown()).optional(),
  responseJsonSchema: z.record(z.string(), z.unknown()).optional(),
  responseModalities: z.array(z.string()).optional(),
  thinkingConfig: z
    .strictObject({
      thinkingBudget: z.number().int().optional(),
      thinkingLevel: z.string().optional(),
      includeThoughts: z.boolean().optional(),
    })
    .optional(),
});
