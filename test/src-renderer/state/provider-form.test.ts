import { describe, expect, it } from 'vitest';
import type { ProviderView } from '../../../src-shared/control/providers-api.js';
import { findVendorPreset } from '../../../src-shared/vendor-presets.js';
import {
  blankForm,
  formFieldOfError,
  formFromPreset,
  formFromView,
  formToInput,
  nextKeyId,
  nonNumericFields,
  textToHeaders,
} from '../../../src-renderer/state/provider-form.js';

const deepseek = findVendorPreset('deepseek')!;

const stored: ProviderView = {
  id: 'ds',
  preset: 'deepseek',
  type: 'openai-compatible',
  baseUrl: 'https://api.deepseek.com/v1',
  models: ['deepseek-chat'],
  headers: { 'X-Team': 'blue' },
  apiVersion: null,
  keys: [
    {
      id: 'main', hint: 'sk-…abcd', secretSource: 'stored', priority: 1, weight: null, budgetUsd: 20, budgetPeriod: 'monthly', creditUsd: null,
      disabledInConfig: false, status: 'active', disabledReason: null, coolingDownUntil: null, lastError: null, spentUsd: 3, remainingUsd: 17, balance: null,
    },
  ],
};

describe('the provider form', () => {
  it('starts from a preset with its id, type, base URL, headers and models, and one empty key', () => {
    const form = formFromPreset(deepseek, ['deepseek']);
    expect(form.id).toBe('deepseek-2');
    expect(formToInput({ ...form, keys: [{ ...form.keys[0]!, secret: '  sk-typed-secret  ' }] })).toEqual({
      id: 'deepseek-2',
      preset: 'deepseek',
      type: 'openai-compatible',
      baseUrl: 'https://api.deepseek.com/v1',
      models: ['deepseek-chat', 'deepseek-reasoner'],
      headers: {},
      apiVersion: null,
      keys: [{ id: 'key-1', secret: 'sk-typed-secret', priority: null, weight: null, budgetUsd: null, budgetPeriod: null, creditUsd: null, disabled: false }],
    });
  });

  it('fills a local server\'s stand-in key, which needs no typing', () => {
    expect(formFromPreset(findVendorPreset('ollama')!).keys[0]!.secret).toBe('ollama');
  });

  it('sends a stored key without a secret, so the stored one stays, and renames through originalId', () => {
    const form = formFromView(stored);
    form.id = 'deepseek-main';
    form.keys[0]!.budgetUsd = '25.5';
    const input = formToInput(form);
    expect(input.originalId).toBe('ds');
    expect(input.keys![0]).not.toHaveProperty('secret');
    expect(input.keys![0]).toMatchObject({ id: 'main', priority: 1, budgetUsd: 25.5, budgetPeriod: 'monthly' });
    expect(input.headers).toEqual({ 'X-Team': 'blue' });
  });

  it('sends a secret only when one was typed, and never the hint', () => {
    const form = formFromView(stored);
    expect(JSON.stringify(formToInput(form))).not.toContain('sk-…abcd');
    form.keys[0]!.secret = 'sk-new-key-0000';
    expect(formToInput(form).keys![0]!.secret).toBe('sk-new-key-0000');
  });

  it('splits models by line or comma and headers by colon', () => {
    const form = blankForm();
    form.models = 'a, b\n\nc\na';
    form.headers = 'X-One: 1\nbroken line\nX-Two:  two: parts ';
    const input = formToInput(form);
    expect(input.models).toEqual(['a', 'b', 'c']);
    expect(input.headers).toEqual({ 'X-One': '1', 'X-Two': 'two: parts' });
    expect(textToHeaders('')).toEqual({});
  });

  it('finds text that is no number in the key fields', () => {
    const form = formFromView(stored);
    form.keys[0]!.weight = 'heavy';
    form.keys[0]!.priority = ' ';
    expect(nonNumericFields(form)).toEqual(['keys.0.weight']);
  });

  it('gives new keys ids not taken', () => {
    const form = formFromPreset(deepseek);
    expect(nextKeyId(form.keys)).toBe('key-2');
    expect(nextKeyId([{ ...form.keys[0]!, id: 'key-2' }])).toBe('key-3');
  });

  it.each([
    ['providers[0].keys[1].budgetUsd', 'keys.1.budgetUsd'],
    ['keys[0].secret', 'keys.0.secret'],
    ['providers[3].baseUrl', 'baseUrl'],
    ['baseUrl', 'baseUrl'],
    ['id', 'id'],
    ['models[2]', 'models'],
    ['routing.retries', null],
    [undefined, null],
  ])('maps the refused field %s to the form field %s', (field, expected) => {
    expect(formFieldOfError(field)).toBe(expected);
  });
});
