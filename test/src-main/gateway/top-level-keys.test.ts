import { describe, expect, it } from 'vitest';
import { duplicateKeyCheck } from '../../../src-main/gateway/top-level-keys.js';

const duplicateOf = duplicateKeyCheck(['model', 'stream']);
const check = (json: string) => duplicateOf(Buffer.from(json));

describe('duplicateTopLevelKey', () => {
  it.each([
    ['two models', '{"model":"a","messages":[],"model":"b"}', 'model'],
    ['two streams', '{"stream":false,"model":"a","stream":true}', 'stream'],
    ['two models with whitespace and nesting between', '{ "model" : "a" , "x": {"y": [1, {"z": "}"}]}, "model":"b" }', 'model'],
    ['a second model after a string holding braces, commas and escaped quotes', '{"model":"a","note":"{,\\"}[","model":"b"}', 'model'],
    ['an escaped second model, once the quoted name appears twice', '{"model":"a","x":{"model":1},"mod\\u0065l":"b"}', 'model'],
    ['the first duplicate in the body when both repeat', '{"stream":true,"model":"a","stream":false,"model":"b"}', 'stream'],
  ])('finds %s', (_name, json, expected) => {
    expect(check(json)).toBe(expected);
  });

  it.each([
    ['one model', '{"model":"a","stream":true,"messages":[]}'],
    ['a nested model', '{"model":"a","metadata":{"model":"b"},"tools":[{"parameters":{"properties":{"model":{"type":"string"}}}}]}'],
    ['"model" as a string value, nested and at the top level', '{"model":"a","user":"model","messages":[{"role":"user","content":"model"}]}'],
    ['"model" quoted inside a string', '{"model":"a","messages":[{"content":"say \\"model\\" twice: \\"model\\""}]}'],
    ['a key that only starts with the name', '{"stream":true,"stream_options":{"include_usage":true},"model":"a","model_x":1}'],
    ['names it is not asked about', '{"model":"a","temperature":1,"temperature":2}'],
    ['a second "stream" only as the start of longer keys', '{"stream":true,"stream_options":{},"streamed":1,"model":"a"}'],
  ])('allows %s', (_name, json) => {
    expect(check(json)).toBeNull();
  });

  it('reads non-ASCII text around the keys', () => {
    expect(check('{"model":"a","messages":[{"content":"héllo ✓ 你好"}],"model":"b"}')).toBe('model');
  });
});
