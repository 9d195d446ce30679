import { describe, expect, it } from 'vitest';
import { ContractError, isContractError } from '../../../../src-main/conversion/contract-error.js';
import { decodeAnthropicToolChoice, decodeAnthropicTools } from '../../../../src-main/providers/anthropic/decode-anthropic-tools.js';

function refusal(run: () => unknown): ContractError {
  try {
    run();
  } catch (error) {
    if (isContractError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const schema = { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] };
const readTool = { name: 'Read', description: 'Read a file', input_schema: schema };

describe('decodeAnthropicTools', () => {
  it('maps input_schema to parameters and keeps cache_control', () => {
    expect(decodeAnthropicTools([readTool, { type: 'custom', name: 'LS', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }])).toEqual([
      { name: 'Read', description: 'Read a file', parameters: schema },
      { name: 'LS', parameters: { type: 'object' }, cacheControl: { type: 'ephemeral' } },
    ]);
    expect(decodeAnthropicTools(undefined)).toEqual([]);
  });

  it('drops fields that only tune how Anthropic handles the tool', () => {
    expect(decodeAnthropicTools([{ ...readTool, strict: true, eager_input_streaming: true, input_examples: [{ path: '/a' }], defer_loading: false }])).toEqual([
      { name: 'Read', description: 'Read a file', parameters: schema },
    ]);
  });

  it('refuses Anthropic’s built-in tools by name', () => {
    for (const tool of [
      { type: 'web_search_20250305', name: 'web_search', max_uses: 5 },
      { type: 'bash_20250124', name: 'bash' },
      { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' },
    ]) {
      const error = refusal(() => decodeAnthropicTools([readTool, tool]));
      expect({ status: error.status, code: error.code }).toEqual({ status: 400, code: 'unsupported_feature' });
      expect(error.message).toContain(`Anthropic's built-in tool "${tool.type}" ("${tool.name}") at tools.1`);
    }
  });

  it('refuses malformed tools, naming the field', () => {
    const cases: Array<[unknown, string]> = [
      [{ tools: 1 }, 'tools: Input should be a valid list'],
      [[{ description: 'x', input_schema: schema }], 'tools.0.name: Field required'],
      [[{ name: 'has space', input_schema: schema }], "tools.0.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'"],
      [[readTool, readTool], 'tools.1.name: Tool names must be unique; "Read" is repeated'],
      [[{ name: 'Read' }], 'tools.0.input_schema: Field required'],
      [[{ name: 'Read', input_schema: { type: 'string' } }], "tools.0.input_schema.type: Input should be 'object'"],
      [[{ ...readTool, parameters: schema }], 'tools.0.parameters: Extra inputs are not permitted'],
    ];
    for (const [tools, message] of cases) {
      const error = refusal(() => decodeAnthropicTools(tools));
      expect({ status: error.status, code: error.code, message: error.message }).toEqual({ status: 400, code: 'invalid_request', message });
    }
  });
});

describe('decodeAnthropicToolChoice', () => {
  const tools = decodeAnthropicTools([readTool]);

  it('maps auto, any, tool and none, and disable_parallel_tool_use', () => {
    expect(decodeAnthropicToolChoice(undefined, tools)).toEqual({});
    expect(decodeAnthropicToolChoice({ type: 'auto' }, tools)).toEqual({ toolChoice: { type: 'auto' } });
    expect(decodeAnthropicToolChoice({ type: 'any', disable_parallel_tool_use: true }, tools)).toEqual({ toolChoice: { type: 'required' }, parallelToolCalls: false });
    expect(decodeAnthropicToolChoice({ type: 'tool', name: 'Read', disable_parallel_tool_use: false }, tools)).toEqual({ toolChoice: { type: 'tool', name: 'Read' }, parallelToolCalls: true });
    expect(decodeAnthropicToolChoice({ type: 'none' }, tools)).toEqual({ toolChoice: { type: 'none' } });
  });

  it('refuses malformed choices, naming the field', () => {
    const cases: Array<[unknown, string]> = [
      [{ type: 'required' }, "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'"],
      [{}, 'tool_choice.type: Field required'],
      [{ type: 'tool' }, 'tool_choice.name: Field required'],
      [{ type: 'tool', name: 'Write' }, 'tool_choice.name: no tool named "Write" in tools'],
      [{ type: 'none', disable_parallel_tool_use: true }, 'tool_choice.disable_parallel_tool_use: Extra inputs are not permitted'],
      [{ type: 'auto', disable_parallel_tool_use: 'yes' }, 'tool_choice.disable_parallel_tool_use: Input should be a valid boolean'],
    ];
    for (const [choice, message] of cases) {
      expect(refusal(() => decodeAnthropicToolChoice(choice, tools)).message).toBe(message);
    }
  });
});
