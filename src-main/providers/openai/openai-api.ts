import { z } from 'zod';

/**
 * The parts of OpenAI's Chat Completions wire format Switchyard reads. Upstream answers are read
 * leniently: relays and compatible vendors add fields and leave some out.
 */
export const openaiUsageSchema = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
  // DeepSeek reports its context cache this way instead of prompt_tokens_details.
  prompt_cache_hit_tokens: z.number().nullish(),
});

export type OpenAIUsage = z.infer<typeof openaiUsageSchema>;

export const openaiUsageCarrierSchema = z.looseObject({
  model: z.string().nullish(),
  usage: openaiUsageSchema.nullish(),
  choices: z.array(z.unknown()).nullish(),
});

export const openaiModelListSchema = z.looseObject({
  data: z.array(z.looseObject({ id: z.string() })),
});
