import { describe, expect, it } from 'vitest';
import { anthropicErrorTypes, errorCodes, isErrorCode, type ErrorCode } from '../../src-shared/error-codes.js';
import { ContractError } from '../../src-main/conversion/contract-error.js';
import { anthropicErrorBody } from '../../src-main/providers/anthropic/anthropic-error-body.js';
import { openaiErrorBody } from '../../src-main/providers/openai/openai-error-body.js';

const codes = Object.keys(errorCodes) as ErrorCode[];

/** The Anthropic types its API documents; its SDKs and Claude Code know no others. */
const documentedAnthropicTypes = [
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'overloaded_error',
];

/** The OpenAI type a status means to the SDKs, which pick their exception class by status. */
function openaiTypesForStatus(status: number): string[] {
  if (status === 401) return ['authentication_error'];
  if (status === 403) return ['permission_error'];
  if (status === 404) return ['not_found_error'];
  if (status === 413) return ['request_too_large'];
  // OpenAI answers a spent quota with its own type.
  if (status === 429) return ['rate_limit_error', 'insufficient_quota'];
  if (status >= 500) return ['api_error'];
  return ['invalid_request_error'];
}

/** Statuses whose Anthropic type is fixed: the Anthropic SDKs also pick their exception class by status. */
const anthropicTypeForStatus: Record<number, string> = {
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
};

describe('the error catalogue', () => {
  it('holds every code the gateway answers with', () => {
    // The codes raised across the gateway, the adapters and the price sync; one spelling each.
    expect(codes).toEqual(
      expect.arrayContaining([
        'invalid_api_key',
        'invalid_admin_token',
        'forbidden_host',
        'not_found',
        'invalid_json',
        'request_too_large',
        'unsupported_media_type',
        'missing_model',
        'missing_input',
        'invalid_request',
        'unsupported_feature',
        'model_not_found',
        'provider_not_found',
        'insufficient_quota',
        'keys_cooling_down',
        'no_enabled_key',
        'upstream_unavailable',
        'invalid_upstream_response',
        'internal_error',
        'prices_bad_url',
        'prices_unreachable',
      ]),
    );
    expect(isErrorCode('bad_upstream_response')).toBe(false);
    expect(isErrorCode('upstream_invalid_response')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
  });

  it('lists only the types Anthropic documents', () => {
    expect([...anthropicErrorTypes].sort()).toEqual([...documentedAnthropicTypes].sort());
  });

  describe.each(codes)('%s', (code) => {
    const entry = errorCodes[code];
    const error = new ContractError(code, `Something about ${code}.`);

    it('has an error status, an OpenAI type that agrees with it and a documented Anthropic type', () => {
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.status).toBeLessThan(600);
      expect(error.status).toBe(entry.status);
      expect(openaiTypesForStatus(entry.status)).toContain(entry.openaiType);
      expect(documentedAnthropicTypes).toContain(entry.anthropicType);
      expect(entry.anthropicType).toBe(anthropicTypeForStatus[entry.status] ?? entry.anthropicType);
      if (entry.status >= 500) expect(['api_error', 'overloaded_error']).toContain(entry.anthropicType);
      expect(entry.summary).not.toBe('');
    });

    it("answers in OpenAI's shape", () => {
      expect(openaiErrorBody(error)).toEqual({ error: { message: `Something about ${code}.`, type: entry.openaiType, param: null, code } });
      expect(entry.openaiType).not.toBe('');
    });

    it("answers in Anthropic's shape", () => {
      expect(anthropicErrorBody(error)).toEqual({ type: 'error', error: { type: entry.anthropicType, message: `Something about ${code}.` } });
    });
  });
});
