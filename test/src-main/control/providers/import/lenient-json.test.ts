import { describe, expect, it } from 'vitest';
import { parseLenientJson } from '../../../../../src-main/control/providers/import/lenient-json.js';

describe('parseLenientJson', () => {
  it('reads comments and trailing commas outside strings, and leaves strings that look like them alone', () => {
    const text = `// header\n{\n  /* block */ "url": "https://a.example.com//x", // after\n  "list": [1, 2,],\n  "text": "a /* b */ c, ]",\n}`;
    expect(parseLenientJson(text)).toEqual({ url: 'https://a.example.com//x', list: [1, 2], text: 'a /* b */ c, ]' });
  });

  it('answers undefined for text that is not JSON even so', () => {
    expect(parseLenientJson('https://api.deepseek.com')).toBeUndefined();
    expect(parseLenientJson('{ not json }')).toBeUndefined();
    expect(parseLenientJson('// only a comment')).toBeUndefined();
  });
});
