/**
 * JSON as people keep it in the files they paste: claude-code-router reads its config.json with JSON5
 * (musistudio/claude-code-router `src/utils/index.ts`, v1), so real files carry `//` and `/* *\/`
 * comments and trailing commas. Those two are taken out, outside strings, before `JSON.parse`; the rest
 * of JSON5 (single quotes, bare keys) is rare in these files and not read.
 *
 * Returns undefined for text that is not JSON even so: the caller then tries the next form.
 */
export function parseLenientJson(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      // Not plain JSON: perhaps JSON with comments and trailing commas; tried below.
    }
  }
  const cleaned = withoutTrailingCommas(withoutComments(trimmed)).trim();
  if (!cleaned.startsWith('{') && !cleaned.startsWith('[')) return undefined;
  try {
    return JSON.parse(cleaned) as unknown;
  } catch {
    return undefined;
  }
}

function withoutComments(text: string): string {
  return withoutOutsideStrings(text, (index) => {
    if (text.startsWith('//', index)) {
      const newline = text.indexOf('\n', index);
      return (newline === -1 ? text.length : newline) - index;
    }
    if (text.startsWith('/*', index)) {
      const close = text.indexOf('*/', index + 2);
      return (close === -1 ? text.length : close + 2) - index;
    }
    return 0;
  });
}

function withoutTrailingCommas(text: string): string {
  const closingNext = /\s*[}\]]/y;
  return withoutOutsideStrings(text, (index) => {
    if (text[index] !== ',') return 0;
    closingNext.lastIndex = index + 1;
    return closingNext.test(text) ? 1 : 0;
  });
}

/**
 * Scans once, copying string literals as they are; outside them, `dropAt(index)` says how many
 * characters from there to leave out (0 keeps the character).
 */
function withoutOutsideStrings(text: string, dropAt: (index: number) => number): string {
  let output = '';
  let index = 0;
  while (index < text.length) {
    if (text[index] === '"') {
      const end = endOfString(text, index);
      output += text.slice(index, end);
      index = end;
      continue;
    }
    const dropped = dropAt(index);
    if (dropped > 0) {
      index += dropped;
    } else {
      output += text.charAt(index);
      index += 1;
    }
  }
  return output;
}

/** The index just past the string literal opening at `start`, escapes included. */
function endOfString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    if (text[index] === '\\') index += 2;
    else if (text[index] === '"') return index + 1;
    else index += 1;
  }
  return text.length;
}
