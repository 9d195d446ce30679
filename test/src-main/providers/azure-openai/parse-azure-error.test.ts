import { describe, expect, it } from 'vitest';
import { parseAzureError } from '../../../../src-main/providers/azure-openai/parse-azure-error.js';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('parseAzureError', () => {
  it('turns a prompt content-filter refusal into content_filter, naming the categories that tripped', () => {
    const body = json({
      error: {
        message:
          "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
        type: null,
        param: 'prompt',
        code: 'content_filter',
        status: 400,
        innererror: {
          code: 'ResponsibleAIPolicyViolation',
          content_filter_result: {
            hate: { filtered: false, severity: 'safe' },
            jailbreak: { filtered: true, detected: true },
            self_harm: { filtered: false, severity: 'safe' },
            sexual: { filtered: false, severity: 'safe' },
            violence: { filtered: true, severity: 'high' },
          },
        },
      },
    });
    const error = parseAzureError(400, body);
    expect(error).toEqual({
      status: 400,
      type: 'invalid_request_error',
      code: 'content_filter',
      message: expect.stringContaining("filtered by Azure OpenAI's content filter (jailbreak, violence: high)"),
    });
  });

  it('recognises the refusal by its inner code alone', () => {
    const error = parseAzureError(400, json({ error: { message: 'filtered', innererror: { code: 'ResponsibleAIPolicyViolation' } } }));
    expect(error.code).toBe('content_filter');
    expect(error.message).toMatch(/^The prompt was filtered by Azure OpenAI's content filter\. /);
  });

  it('gives a rate-limit type to Azure\'s typeless 429 and drops a code that only repeats the status', () => {
    const message =
      'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 6 seconds.';
    expect(parseAzureError(429, json({ error: { code: '429', message } }))).toEqual({ status: 429, type: 'rate_limit_error', message });
  });

  it('keeps a code that names the problem', () => {
    const message = 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.';
    expect(parseAzureError(404, json({ error: { code: 'DeploymentNotFound', message } }))).toEqual({
      status: 404,
      type: 'not_found_error',
      code: 'DeploymentNotFound',
      message,
    });
  });

  it('keeps the type of an OpenAI-shaped error the model backend passed through', () => {
    const body = json({ error: { message: "Invalid 'messages': empty array.", type: 'invalid_request_error', param: 'messages', code: 'empty_array' } });
    expect(parseAzureError(400, body)).toEqual({
      status: 400,
      type: 'invalid_request_error',
      code: 'empty_array',
      message: "Invalid 'messages': empty array.",
    });
  });

  it('maps an authentication failure by its status', () => {
    const error = parseAzureError(401, json({ error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint.' } }));
    expect(error).toMatchObject({ status: 401, type: 'authentication_error' });
    expect(error.code).toBeUndefined();
  });

  it('describes a body that is not JSON without echoing an HTML page', () => {
    expect(parseAzureError(502, Buffer.from('<html><body>Bad Gateway</body></html>'))).toEqual({
      status: 502,
      type: 'api_error',
      message: 'Azure OpenAI answered HTTP 502.',
    });
    expect(parseAzureError(503, Buffer.from('upstream connect error'))).toEqual({
      status: 503,
      type: 'api_error',
      message: 'Azure OpenAI answered HTTP 503: upstream connect error',
    });
  });
});
