import type { UpstreamError } from '../../conversion/stream-part.js';
import { azureErrorBodySchema, azureFilterVerdictSchema, type AzureErrorBody } from './azure-api.js';

/**
 * An Azure OpenAI error answer in the internal vocabulary. Azure's bodies are OpenAI-shaped but often
 * lack `type` and put the HTTP status in `code` (`{"error":{"code":"429","message":…}}`), so the type
 * comes from the status where Azure gives none, and a code that merely repeats the status is dropped.
 */
export function parseAzureError(status: number, body: Buffer): UpstreamError {
  const parsed = azureErrorBodySchema.safeParse(parseJson(body));
  if (!parsed.success) {
    return { status, type: typeForStatus(status), message: fallbackMessage(status, body) };
  }
  const error = parsed.data.error;
  if (isContentFilterRefusal(error)) {
    return { status, type: 'invalid_request_error', code: 'content_filter', message: contentFilterMessage(error) };
  }
  const code = error.code == null ? undefined : String(error.code);
  return {
    status,
    type: error.type ?? typeForStatus(status),
    message: error.message ?? fallbackMessage(status, body),
    ...(code !== undefined && !/^\d+$/.test(code) ? { code } : {}),
  };
}

type AzureError = AzureErrorBody['error'];

function isContentFilterRefusal(error: AzureError): boolean {
  return error.code === 'content_filter' || error.innererror?.code === 'ResponsibleAIPolicyViolation';
}

/**
 * Names the categories that tripped the filter, so the user can tell a false positive (and which
 * threshold to change in the deployment's content filter) from a real refusal.
 */
function contentFilterMessage(error: AzureError): string {
  const tripped: string[] = [];
  for (const [category, value] of Object.entries(error.innererror?.content_filter_result ?? {})) {
    const verdict = azureFilterVerdictSchema.safeParse(value);
    if (!verdict.success || verdict.data.filtered !== true) continue;
    tripped.push(verdict.data.severity ? `${category}: ${verdict.data.severity}` : category);
  }
  const which = tripped.length > 0 ? ` (${tripped.join(', ')})` : '';
  return `The prompt was filtered by Azure OpenAI's content filter${which}. Rephrase the prompt, or adjust the content filter configured for this deployment in Azure.`;
}

/** The same type for a status as the gateway's own errors use. */
function typeForStatus(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** A short plain-text body is worth showing; an HTML error page from a proxy in front of Azure is not. */
function fallbackMessage(status: number, body: Buffer): string {
  const text = body.toString('utf8').trim();
  const showable = text !== '' && text.length <= 500 && !text.startsWith('<');
  return showable ? `Azure OpenAI answered HTTP ${status}: ${text}` : `Azure OpenAI answered HTTP ${status}.`;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
