import { describe, expect, it } from 'vitest';
import { ContractError } from '../../../../src-main/conversion/contract-error.js';
import { anthropicErrorBody, anthropicErrorType } from '../../../../src-main/providers/anthropic/anthropic-error-body.js';

describe('anthropicErrorBody', () => {
  it('wraps the error in Anthropic’s shape', () => {
    expect(anthropicErrorBody({ status: 529, type: 'overloaded_error', message: 'Overloaded' })).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
  });

  it('says something when the upstream gave no message', () => {
    expect(anthropicErrorBody({ status: 502, type: 'api_error', message: '' }).error.message).toBe('The upstream answered with HTTP 502.');
  });

  it('takes a contract error with its catalogue type (the /v1/messages route answers its own errors this way)', () => {
    const error = new ContractError('model_not_found', 'No provider serves the model "x".');
    expect(anthropicErrorBody(error)).toEqual({ type: 'error', error: { type: 'not_found_error', message: 'No provider serves the model "x".' } });
  });

  it('reads a vendor error spelled with one of our codes as the vendor\'s, not as ours', () => {
    // A relayed error is mapped from its own status and type; our catalogue would say api_error here.
    expect(anthropicErrorBody({ status: 503, type: 'service_unavailable', message: 'busy', code: 'no_enabled_key' }).error.type).toBe('overloaded_error');
  });
});

describe('anthropicErrorType', () => {
  it.each([
    // [status, type, code, expected]
    [400, 'invalid_request_error', undefined, 'invalid_request_error'],
    [422, 'unprocessable_entity', undefined, 'invalid_request_error'],
    [401, 'invalid_request_error', 'invalid_api_key', 'authentication_error'],
    [403, 'permission_denied', undefined, 'permission_error'],
    [404, 'invalid_request_error', 'model_not_found', 'not_found_error'],
    [413, 'invalid_request_error', undefined, 'request_too_large'],
    [429, 'insufficient_quota', 'insufficient_quota', 'rate_limit_error'],
    [429, 'requests', 'rate_limit_exceeded', 'rate_limit_error'],
    [500, 'server_error', undefined, 'api_error'],
    [500, 'overloaded_error', undefined, 'overloaded_error'],
    [502, 'bad_gateway', undefined, 'api_error'],
    [503, 'service_unavailable', undefined, 'overloaded_error'],
    [529, 'overloaded_error', undefined, 'overloaded_error'],
    [504, 'upstream_timeout', undefined, 'api_error'],
    [400, 'unknown_thing', 'invalid_api_key', 'authentication_error'],
  ] as const)('%i %s (%s) → %s', (status, type, code, expected) => {
    expect(anthropicErrorType({ status, type, code })).toBe(expected);
  });
});
