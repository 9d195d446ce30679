/**
 * Where in a configuration file JSON.parse stumbled, as a line and column the user can jump to.
 * Node 22 and later say it in the message; Node 20 gives an offset for some errors and nothing for
 * others, so for those the grammar is walked here.
 */

export function locateSyntaxError(text: string, message: string): { line: number; column: number } {
  // Node 22 and later: "... in JSON at position 12 (line 3 column 1)".
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  return lineAndColumnAt(text, position ? Number(position[1]) : findSyntaxErrorOffset(text));
}

function lineAndColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

class SyntaxErrorOffset {
  constructor(readonly offset: number) {}
}

/**
 * V8's "Unexpected token" and "Unexpected end" messages carry no position, so the grammar is walked
 * here to find the first offset JSON.parse would have stumbled on.
 */
function findSyntaxErrorOffset(text: string): number {
  let index = 0;
  const stop: () => never = () => {
    throw new SyntaxErrorOffset(index);
  };
  const skipWhitespace = (): void => {
    while (index < text.length && ' \t\n\r'.includes(text[index]!)) index += 1;
  };
  const expect = (character: string): void => {
    if (text[index] !== character) stop();
    index += 1;
  };
  const string = (): void => {
    expect('"');
    for (;;) {
      const character = text[index];
      if (character === undefined || character < ' ') stop();
      if (character === '"') break;
      if (character === '\\') {
        index += 1;
        const escaped = text[index];
        if (escaped === 'u') {
          for (let digit = 0; digit < 4; digit += 1) {
            index += 1;
            if (!/^[0-9A-Fa-f]$/.test(text[index] ?? '')) stop();
          }
        } else if (escaped === undefined || !'"\\/bfnrt'.includes(escaped)) stop();
      }
      index += 1;
    }
    index += 1;
  };
  const isDigit = (character: string | undefined): boolean => character !== undefined && character >= '0' && character <= '9';
  const digits = (): void => {
    if (!isDigit(text[index])) stop();
    while (isDigit(text[index])) index += 1;
  };
  const number = (): void => {
    if (text[index] === '-') index += 1;
    if (text[index] === '0') index += 1;
    else digits();
    if (text[index] === '.') {
      index += 1;
      digits();
    }
    if (text[index] === 'e' || text[index] === 'E') {
      index += 1;
      if (text[index] === '+' || text[index] === '-') index += 1;
      digits();
    }
  };
  const sequence = (close: string, item: () => void): void => {
    index += 1;
    skipWhitespace();
    if (text[index] === close) {
      index += 1;
      return;
    }
    for (;;) {
      item();
      skipWhitespace();
      if (text[index] !== ',') break;
      index += 1;
    }
    expect(close);
  };
  const value = (): void => {
    skipWhitespace();
    const character = text[index];
    if (character === '{') {
      sequence('}', () => {
        skipWhitespace();
        string();
        skipWhitespace();
        expect(':');
        value();
      });
    } else if (character === '[') {
      sequence(']', value);
    } else if (character === '"') {
      string();
    } else if (character === '-' || isDigit(character)) {
      number();
    } else {
      const literal = ['true', 'false', 'null'].find((word) => word[0] === character);
      if (literal === undefined) stop();
      for (const letter of literal) expect(letter);
    }
  };

  try {
    value();
    skipWhitespace();
    if (index < text.length) stop();
  } catch (error) {
    if (error instanceof SyntaxErrorOffset) return error.offset;
    throw error;
  }
  // JSON.parse refused what this walk accepted; the start of the file is the honest answer.
  return 0;
}
