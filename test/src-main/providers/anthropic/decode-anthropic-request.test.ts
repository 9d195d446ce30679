import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ContractError, isContractError } from '../../../../src-main/conversion/contract-error.js';
import { anthropicErrorBody } from '../../../../src-main/providers/anthropic/anthropic-error-body.js';
import { decodeAnthropicRequest } from '../../../../src-main/providers/anthropic/decode-anthropic-request.js';
import { recordedFile } from '../../../support/recorded-fixtures.js';


const minimal = { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hi' }] };

/** The ContractError `decode` throws, or a failure when it throws none. */
function refusal(body: Record<string, unknown>): ContractError {
  try {
    decodeAnthropicRequest(body);
  } catch (error) {
    if (isContractError(error)) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

function expectInvalid(body: Record<string, unknown>, message: string): void {
  const error = refusal(body);
  expect({ status: error.status, code: error.code, type: anthropicErrorBody(error).error.type }).toEqual({ status: 400, code: 'invalid_request', type: 'invalid_request_error' });
  expect(error.message).toBe(message);
}

function expectUnsupported(body: Record<string, unknown>, named: string): void {
  const error = refusal(body);
  expect({ status: error.status, code: error.code }).toEqual({ status: 400, code: 'unsupported_feature' });
  expect(error.message).toContain(named);
  expect(error.message).toContain('non-Anthropic provider');
}

describe(
  'decodeAnthropicRequest on the Claude Code request from test/fixtures/recorded/requests',
  () => {
  it('decodes the recorded request cleanly', () => {
    const recorded = JSON.parse(readFileSync(recordedFile('requests/claude-code-messages.json'), 'utf8')) as { body: Record<string, unknown> };
    const request = decodeAnthropicRequest(recorded.body);
    expect(request.model).toBe('claude-sonnet-4-6');
    expect(request.maxOutputTokens).toBe(32000);
    expect(request.reasoning).toEqual({ budgetTokens: 31999 });
    expect(request.temperature).toBe(1);
    expect(request.stream).toBe(true);
    expect(request.user).toBe('user_0c4a9f2d6e1b83a57f90d2c4b6e8a1f3c5d7e9b0a2c4e6f8a1b3c5d7e9f0a2b4_account__session_7f3c2a91-5b4e-4d2a-9c1e-2b7d8f6a0e13');
    expect(request.system).toHaveLength(2);
    expect(request.system[0]).toEqual({ type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cacheControl: { type: 'ephemeral' } });
    expect(request.system[1]?.cacheControl).toEqual({ type: 'ephemeral' });
    expect(request.tools.map((tool) => tool.name)).toEqual(['Task', 'Bash', 'Glob', 'Grep', 'LS', 'Read', 'Edit', 'Write', 'TodoWrite', 'WebFetch']);
    expect(request.tools[1]?.parameters).toMatchObject({ type: 'object', required: ['command'] });
    expect(request.messages).toHaveLength(1);
    expect(request.messages[0]?.role).toBe('user');
    expect(request.messages[0]?.content).toHaveLength(2);
    expect(request.messages[0]?.content[1]).toEqual({
      type: 'text',
      text: 'Find where the gateway maps finish reasons and list the files.',
      cacheControl: { type: 'ephemeral' },
    });
    expect(request.toolChoice).toBeUndefined();
  });
  },
);

describe('decodeAnthropicRequest', () => {
  it('decodes a minimal request with defaults', () => {
    expect(decodeAnthropicRequest(minimal)).toEqual({
      model: 'claude-sonnet-4-5',
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      tools: [],
      maxOutputTokens: 1024,
      stream: false,
    });
  });

  it('decodes sampling, stop sequences, system text, metadata and stream', () => {
    const request = decodeAnthropicRequest({
      ...minimal,
      system: 'Be brief.',
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['###', 'END'],
      metadata: { user_id: 'u-1' },
      stream: true,
    });
    expect(request).toMatchObject({ system: [{ type: 'text', text: 'Be brief.' }], temperature: 0.2, topP: 0.9, topK: 40, stopSequences: ['###', 'END'], user: 'u-1', stream: true });
  });

  it('treats null optionals as absent, as the SDKs send them', () => {
    const request = decodeAnthropicRequest({ ...minimal, system: null, temperature: null, metadata: { user_id: null }, tools: null, tool_choice: null, thinking: null });
    expect(request).toEqual(decodeAnthropicRequest(minimal));
  });

  it('maps thinking: enabled to a budget, disabled to an explicit off, adaptive with effort', () => {
    expect(decodeAnthropicRequest({ ...minimal, thinking: { type: 'enabled', budget_tokens: 2048 } }).reasoning).toEqual({ budgetTokens: 2048 });
    expect(decodeAnthropicRequest({ ...minimal, thinking: { type: 'disabled' } }).reasoning).toBeNull();
    expect(decodeAnthropicRequest({ ...minimal, thinking: { type: 'adaptive' } }).reasoning).toEqual({});
    expect(decodeAnthropicRequest({ ...minimal, thinking: { type: 'adaptive' }, output_config: { effort: 'medium' } }).reasoning).toEqual({ effort: 'medium' });
    expect(decodeAnthropicRequest({ ...minimal, thinking: { type: 'adaptive' }, output_config: { effort: 'max' } }).reasoning).toEqual({ effort: 'high' });
    // Effort without thinking steers the whole answer on Anthropic; it does not switch reasoning on.
    expect(decodeAnthropicRequest({ ...minimal, output_config: { effort: 'low' } }).reasoning).toBeUndefined();
  });

  it('maps structured output (output_config.format and the older output_format) to a JSON schema', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    const expected = { type: 'json-schema', name: 'response', schema, strict: true };
    expect(decodeAnthropicRequest({ ...minimal, output_config: { format: { type: 'json_schema', schema } } }).responseFormat).toEqual(expected);
    expect(decodeAnthropicRequest({ ...minimal, output_format: { type: 'json_schema', schema } }).responseFormat).toEqual(expected);
  });

  it('drops fields that only steer how Anthropic serves the request', () => {
    const request = decodeAnthropicRequest({
      ...minimal,
      service_tier: 'auto',
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      cache_control: { type: 'ephemeral' },
      inference_geo: 'us',
      speed: 'fast',
    });
    expect(request).toEqual(decodeAnthropicRequest(minimal));
  });

  it('refuses unknown top-level fields by name', () => {
    expectInvalid({ ...minimal, frequency_penalty: 0.5 }, 'frequency_penalty: Extra inputs are not permitted');
  });

  it('refuses features only Anthropic can serve by name', () => {
    expectUnsupported({ ...minimal, mcp_servers: [{ type: 'url', url: 'https://mcp.example', name: 'x' }] }, 'mcp_servers');
    expectUnsupported({ ...minimal, container: 'container_1' }, 'container');
  });

  it('requires model, max_tokens and messages', () => {
    const { model: _model, ...noModel } = minimal;
    expectInvalid(noModel, 'model: Field required');
    expectInvalid({ ...minimal, model: '' }, 'model: String should have at least 1 character');
    const { max_tokens: _maxTokens, ...noMaxTokens } = minimal;
    expectInvalid(noMaxTokens, 'max_tokens: Field required');
    const { messages: _messages, ...noMessages } = minimal;
    expectInvalid(noMessages, 'messages: Field required');
    expectInvalid({ ...minimal, messages: [] }, 'messages: at least one message is required');
  });

  it('checks numbers as Anthropic does', () => {
    expectInvalid({ ...minimal, max_tokens: 0 }, 'max_tokens: Input should be greater than or equal to 1');
    expectInvalid({ ...minimal, max_tokens: 10.5 }, 'max_tokens: Input should be a valid integer');
    // The range is checked before wholeness: 0.5 is first of all below the minimum.
    expectInvalid({ ...minimal, max_tokens: 0.5 }, 'max_tokens: Input should be greater than or equal to 1');
    expectInvalid({ ...minimal, max_tokens: '100' }, 'max_tokens: Input should be a valid number');
    expectInvalid({ ...minimal, temperature: 1.5 }, 'temperature: Input should be less than or equal to 1');
    expectInvalid({ ...minimal, top_p: -0.1 }, 'top_p: Input should be greater than or equal to 0');
    expectInvalid({ ...minimal, top_k: 1.5 }, 'top_k: Input should be a valid integer');
    expectInvalid({ ...minimal, stream: 'yes' }, 'stream: Input should be a valid boolean');
  });

  it('refuses malformed system, stop sequences and metadata by field', () => {
    expectInvalid({ ...minimal, system: [{ type: 'image', source: {} }] }, "system.0.type: Input should be 'text'");
    expectInvalid({ ...minimal, system: [{ type: 'text' }] }, 'system.0.text: Field required');
    expectInvalid({ ...minimal, stop_sequences: ['a', 1] }, 'stop_sequences.1: Input should be a valid string');
    expectInvalid({ ...minimal, metadata: { user_id: 'u', session: 'x' } }, 'metadata.session: Extra inputs are not permitted');
    expectInvalid({ ...minimal, metadata: 'u' }, 'metadata: Input should be an object');
  });

  it('refuses malformed thinking and output config by field', () => {
    expectInvalid({ ...minimal, thinking: { type: 'enabled' } }, 'thinking.budget_tokens: Field required');
    expectInvalid({ ...minimal, thinking: { type: 'enabled', budget_tokens: 512 } }, 'thinking.budget_tokens: Input should be greater than or equal to 1024');
    expectInvalid({ ...minimal, thinking: { type: 'on' } }, "thinking.type: Input should be 'enabled', 'adaptive' or 'disabled'");
    expectInvalid({ ...minimal, thinking: { type: 'disabled', budget_tokens: 2000 } }, 'thinking.budget_tokens: Extra inputs are not permitted');
    expectInvalid({ ...minimal, output_config: { effort: 'extreme' } }, "output_config.effort: Input should be 'low', 'medium', 'high' or 'max'");
    expectInvalid({ ...minimal, output_config: { format: { type: 'json_object' } } }, "output_config.format.type: Input should be 'json_schema'");
    expectInvalid({ ...minimal, output_format: { type: 'json_schema' } }, 'output_format.schema: Field required');
  });
});
