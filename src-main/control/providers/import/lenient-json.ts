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

/** Scans once, copying string literals as they are and dropping comments outside them. */
function withoutComments(text: string): string {
  let output = '';
  let index = 0;
  while (index < text.length) {
    const character = text.charAt(index);
    if (character === '"') {
      const end = endOfString(text, index);
      output += text.slice(index, end);
      index = end;
    } else if (character === '/' && text[index + 1] === '/') {
      const newline = text.indexOf('\n', index);
      index = newline === -1 ? text.length : newline;
    } else if (character === '/' && text[index + 1] === '*') {
      const close = text.indexOf('*/', index + 2);
      index = close === -1 ? text.length : close + 2;
    } else {
      output += character;
      index += 1;
    }
  }
  return output;
}

function withoutTrailingCommas(text: string): string {
  let output = '';
  let index = 0;
  while (index < text.length) {
    const character = text.charAt(index);
    if (character === '"') {
      const end = endOfString(text, index);
      output += text.slice(index, end);
      index = end;
      continue;
    }
    if (character === ',') {
      let next = index + 1;
      while (next < text.length && /\s/.test(text.charAt(next))) next += 1;
      if (text[next] === '}' || text[next] === ']') {
        index += 1;
        continue;
      }
    }
    output += character;
    index += 1;
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
