import { z } from 'zod';

/**
 * The parts of Azure OpenAI's wire format that differ from OpenAI's. Upstream answers are read
 * leniently: Azure adds fields with every api-version.
 */

/**
 * Azure's own error body. Unlike OpenAI's it often has no `type`, and its `code` is a string that may
 * just repeat the HTTP status (`"429"`, `"401"`) or name the problem (`"DeploymentNotFound"`,
 * `"content_filter"`). A content-filter refusal carries the verdict per category in `innererror`.
 */
export const azureErrorBodySchema = z.looseObject({
  error: z.looseObject({
    message: z.string().nullish(),
    type: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
    param: z.string().nullish(),
    innererror: z
      .looseObject({
        code: z.string().nullish(),
        content_filter_result: z.record(z.string(), z.unknown()).nullish(),
      })
      .nullish(),
  }),
});

export type AzureErrorBody = z.infer<typeof azureErrorBodySchema>;

/** One category's verdict: `{filtered, severity}` for hate/sexual/violence/self_harm, `{filtered, detected}` for the others. */
export const azureFilterVerdictSchema = z.looseObject({
  filtered: z.boolean().nullish(),
  severity: z.string().nullish(),
  detected: z.boolean().nullish(),
});

/**
 * `GET /openai/models`: every model the resource can use (base models and finished fine-tunes), not
 * its deployments; Azure has no data-plane call that lists deployments in current api-versions.
 */
export const azureModelListSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      id: z.string(),
      status: z.string().nullish(),
      capabilities: z
        .looseObject({
          inference: z.boolean().nullish(),
          chat_completion: z.boolean().nullish(),
          embeddings: z.boolean().nullish(),
        })
        .nullish(),
    }),
  ),
});

/**
 * A stream chunk that only annotates: Azure's leading `prompt_filter_results` chunk (`choices: []`,
 * empty `id` and `model`) and, with asynchronous filtering, chunks whose choices carry only
 * `content_filter_results`/`content_filter_offsets` and no `delta`.
 */
export const azureStreamChunkSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        delta: z.unknown().optional(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: z.unknown().optional(),
});
