import { describe, expect, it } from 'vitest';
import { locateSyntaxError } from '../../../src-main/config/locate-json-syntax-error.js';

describe('locateSyntaxError', () => {
  it('takes the line and column from a Node 22 message', () => {
    const text = '{\n  "a": 1,\n}';
    expect(locateSyntaxError(text, "Expected double-quoted property name in JSON at position 12 (line 3 column 1)")).toEqual({ line: 3, column: 1 });
  });

  it('turns a position in the message into a line and column', () => {
    const text = '{\n  "a": 1,\n  "b" 2\n}';
    // Offset 18 is the "2" on line 3, after `  "b" `.
    expect(locateSyntaxError(text, "Expected ':' after property name in JSON at position 18")).toEqual({ line: 3, column: 7 });
  });

  it('walks the grammar when the message names no position', () => {
    const text = '{\n  "a": [1, 2,, 3]\n}';
    expect(locateSyntaxError(text, 'Unexpected token , in JSON')).toEqual({ line: 2, column: 14 });
  });

  it('places an unexpected end after the last character', () => {
    const text = '{\n  "a": "open';
    expect(locateSyntaxError(text, 'Unexpected end of JSON input')).toEqual({ line: 2, column: 13 });
  });

  it('finds a bad escape and a bare word', () => {
    expect(locateSyntaxError('["\\x"]', 'Bad escaped character')).toEqual({ line: 1, column: 4 });
    expect(locateSyntaxError('{"a": nope}', 'Unexpected token')).toEqual({ line: 1, column: 8 });
  });

  it('finds text left after a whole value', () => {
    expect(locateSyntaxError('{}\n{}', 'Unexpected non-whitespace character after JSON')).toEqual({ line: 2, column: 1 });
  });

  it('agrees with JSON.parse on what it reports', () => {
    const text = '{\n  "providers": [\n    { "id": "x" }\n    { "id": "y" }\n  ]\n}';
    let message = '';
    try {
      JSON.parse(text);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toBe('');
    expect(locateSyntaxError(text, message)).toEqual({ line: 4, column: 5 });
  });
});
