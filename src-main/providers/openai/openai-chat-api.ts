import { z } from 'zod';
import { openaiUsageSchema } from './openai-api.js';

/**
 * The Chat Completions answers the converted path reads: a whole `chat.completion` and the
 * `chat.completion.chunk`s of a stream. Lenient, because compatible vendors add fields (xAI's
 * `cost_in_usd_ticks`, Groq's `x_groq`), leave some out, and send `null` where OpenAI sends nothing.
 */

const toolCallFunctionSchema = z.looseObject({
  name: z.string().nullish(),
  arguments: z.string().nullish(),
});

export const openaiErrorPayloadSchema = z.looseObject({
  message: z.string().nullish(),
  type: z.string().nullish(),
  // OpenAI sends a string; OpenRouter and some relays a number (the HTTP status).
  code: z.union([z.string(), z.number()]).nullish(),
  param: z.string().nullish(),
});

export const openaiChatCompletionSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z.array(
    z.looseObject({
      index: z.number().nullish(),
      message: z.looseObject({
        content: z.string().nullish(),
        refusal: z.string().nullish(),
        // DeepSeek, xAI, Qwen and vLLM name the reasoning text `reasoning_content`; OpenRouter `reasoning`.
        reasoning_content: z.string().nullish(),
        reasoning: z.string().nullish(),
        tool_calls: z
          .array(z.looseObject({ id: z.string().nullish(), type: z.string().nullish(), function: toolCallFunctionSchema }))
          .nullish(),
      }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: openaiUsageSchema.nullish(),
});

export type OpenAIChatCompletion = z.infer<typeof openaiChatCompletionSchema>;

export const openaiChatChunkSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().nullish(),
        delta: z
          .looseObject({
            content: z.string().nullish(),
            refusal: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            reasoning: z.string().nullish(),
            tool_calls: z
              .array(
                z.looseObject({
                  index: z.number().nullish(),
                  id: z.string().nullish(),
                  type: z.string().nullish(),
                  function: toolCallFunctionSchema.nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: openaiUsageSchema.nullish(),
  error: z.union([openaiErrorPayloadSchema, z.string()]).nullish(),
});

export type OpenAIChatChunk = z.infer<typeof openaiChatChunkSchema>;
