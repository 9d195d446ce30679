import type { ToolChoice, ToolDefinition } from '../../conversion/chat-request.js';
import { unsupportedFeature } from '../../conversion/unsupported-feature.js';
import { decodeCacheControl, otherVendors } from './decode-anthropic-content.js';
import { isAbsent } from '../../../src-shared/json-field-readers.js';
import {
  fieldPath,
  invalidField,
  optionalBoolean,
  optionalString,
  readArray,
  readObject,
  refuseUnknownKeys,
  requireString,
} from './read-request-fields.js';

/**
 * Fields of a custom tool. `strict`, `eager_input_streaming`, `input_examples`, `defer_loading` and
 * `allowed_callers` tune how Anthropic itself validates, streams or loads the tool; another vendor
 * still gets the same name, description and schema, so they are dropped rather than refused.
 */
const customToolKeys = new Set([
  'type',
  'name',
  'description',
  'input_schema',
  'cache_control',
  'strict',
  'eager_input_streaming',
  'input_examples',
  'defer_loading',
  'allowed_callers',
]);

// Anthropic's documented rule for tool names; other vendors' rules are no looser.
const toolNamePattern = /^[a-zA-Z0-9_-]{1,128}$/;

export function decodeAnthropicTools(value: unknown): ToolDefinition[] {
  if (isAbsent(value)) return [];
  const names = new Set<string>();
  return readArray(value, 'tools').map((item, index) => {
    const path = fieldPath('tools', index);
    const tool = readObject(item, path);
    // Anthropic-defined tools (web_search_20250305, bash_20250124, text_editor_…, computer_…, code
    // execution, web fetch, memory, tool search) either run on Anthropic's servers or carry a schema
    // only Claude knows: no other vendor can be given them.
    if (!isAbsent(tool.type) && tool.type !== 'custom') {
      const label = typeof tool.name === 'string' ? ` ("${tool.name}")` : '';
      throw unsupportedFeature(`Anthropic's built-in tool ${JSON.stringify(tool.type)}${label} at ${path}`, otherVendors);
    }
    refuseUnknownKeys(tool, customToolKeys, path);
    const name = requireString(tool, 'name', path);
    if (!toolNamePattern.test(name)) throw invalidField(fieldPath(path, 'name'), "String should match pattern '^[a-zA-Z0-9_-]{1,128}$'");
    if (names.has(name)) throw invalidField(fieldPath(path, 'name'), `Tool names must be unique; ${JSON.stringify(name)} is repeated`);
    names.add(name);
    const schemaPath = fieldPath(path, 'input_schema');
    if (isAbsent(tool.input_schema)) throw invalidField(schemaPath, 'Field required');
    const parameters = readObject(tool.input_schema, schemaPath);
    if (parameters.type !== 'object') throw invalidField(fieldPath(schemaPath, 'type'), "Input should be 'object'");
    const definition: ToolDefinition = { name, parameters };
    const description = optionalString(tool, 'description', path);
    if (description !== undefined) definition.description = description;
    const cacheControl = decodeCacheControl(tool, path);
    if (cacheControl) definition.cacheControl = cacheControl;
    return definition;
  });
}

export interface DecodedToolChoice {
  toolChoice?: ToolChoice;
  /** Set only when the client said so (`disable_parallel_tool_use`). */
  parallelToolCalls?: boolean;
}

const toolChoiceKeys = { auto: ['type', 'disable_parallel_tool_use'], any: ['type', 'disable_parallel_tool_use'], tool: ['type', 'name', 'disable_parallel_tool_use'], none: ['type'] };

export function decodeAnthropicToolChoice(value: unknown, tools: readonly ToolDefinition[]): DecodedToolChoice {
  if (isAbsent(value)) return {};
  const path = 'tool_choice';
  const choice = readObject(value, path);
  const type = choice.type;
  if (type !== 'auto' && type !== 'any' && type !== 'tool' && type !== 'none') {
    throw invalidField(fieldPath(path, 'type'), isAbsent(type) ? 'Field required' : "Input should be 'auto', 'any', 'tool' or 'none'");
  }
  refuseUnknownKeys(choice, new Set(toolChoiceKeys[type]), path);
  const disableParallel = optionalBoolean(choice, 'disable_parallel_tool_use', path);
  const decoded: DecodedToolChoice = {};
  if (disableParallel !== undefined) decoded.parallelToolCalls = !disableParallel;
  switch (type) {
    case 'auto':
      decoded.toolChoice = { type: 'auto' };
      break;
    case 'any':
      decoded.toolChoice = { type: 'required' };
      break;
    case 'none':
      decoded.toolChoice = { type: 'none' };
      break;
    case 'tool': {
      const name = requireString(choice, 'name', path);
      if (!tools.some((tool) => tool.name === name)) {
        throw invalidField(fieldPath(path, 'name'), `no tool named ${JSON.stringify(name)} in tools`);
      }
      decoded.toolChoice = { type: 'tool', name };
      break;
    }
    default: {
      const _exhaustive: never = type;
      throw new Error(`unhandled tool choice ${String(_exhaustive)}`);
    }
  }
  return decoded;
}
