/**
 * The vendors' recorded streams and bodies in test/fixtures/recorded (see the README there for their
 * source and licence), for the mocks that replay them and the unit tests that run them through
 * parsers. A stream is stored as `<name>.chunks.txt`, one SSE payload a line; a non-stream answer as
 * `<name>.json`.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { StreamPart } from '../../src-main/conversion/stream-part.js';
import type { StreamParser, StreamTap } from '../../src-main/providers/provider-adapter.js';

/** The folder of all recordings; its subfolders are `anthropic`, `gemini`, `openai` and `requests`. */
export const recordedRoot = new URL('../fixtures/recorded/', import.meta.url);

/** A recording's file by its path under the root, e.g. `openai/openai-text.json`. */
export function recordedFile(path: string): URL {
  return new URL(path, recordedRoot);
}

/** Whether a recording exists, for mocks that answer with a body where one was recorded, else a stream. */
export function recordedFileExists(path: string): boolean {
  return existsSync(recordedFile(path));
}

/** A suite's name, saying which recordings it replays. */
export function recordedSuite(name: string, folder = ''): string {
  return `${name} (test/fixtures/recorded${folder === '' ? '' : `/${folder}`})`;
}

/** The payload lines of a recorded stream (`<vendor>/<name>.chunks.txt`), as stored. */
export function readRecordedPayloads(path: string): string[] {
  return readFileSync(recordedFile(path), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** A recorded JSON file (`<vendor>/<name>.json`), parsed. */
export function readRecordedJson(path: string): unknown {
  return JSON.parse(readFileSync(recordedFile(path), 'utf8'));
}

export interface RecordedVendorFixtures<Stream extends string> {
  /** A suite's name, saying which vendor's recordings it replays. */
  recordedSuite(name: string): string;
  /** The payload lines of a recorded stream. */
  loadPayloads(name: Stream): string[];
  /** A recorded non-stream answer, parsed. */
  loadBody(name: string): unknown;
}

/** The loaders of one vendor's folder, by recording name (no folder, no file ending). */
export function recordedVendorFixtures<Stream extends string>(folder: string): RecordedVendorFixtures<Stream> {
  return {
    recordedSuite: (name) => recordedSuite(name, folder),
    loadPayloads: (name) => readRecordedPayloads(`${folder}/${name}.chunks.txt`),
    loadBody: (name) => readRecordedJson(`${folder}/${name}.json`),
  };
}

// ---------------------------------------------------------------------------------------------------
// Each vendor's SSE framing of one payload

/** OpenAI and the OpenAI-compatible vendors: `data: <json>\n\n`, the stream closed by `OPENAI_DONE`. */
export function frameOpenAIEvent(payload: string): string {
  return `data: ${payload}\n\n`;
}

export const OPENAI_DONE = 'data: [DONE]\n\n';

/** Anthropic: `event: <type>\ndata: <json>\n\n`, the type read from the payload (`message` when it has none). */
export function frameAnthropicEvent(payload: string): string {
  const type = parseType(payload);
  return `event: ${typeof type === 'string' ? type : 'message'}\ndata: ${payload}\n\n`;
}

/** Google: `data: <json>\r\n\r\n`, no end marker. */
export function frameGeminiEvent(payload: string): string {
  return `data: ${payload}\r\n\r\n`;
}

/** A whole recorded stream as OpenAI sends it, `[DONE]` last unless `done` is false. */
export function frameOpenAI(payloads: readonly string[], done = true): Buffer {
  return Buffer.from(`${payloads.map(frameOpenAIEvent).join('')}${done ? OPENAI_DONE : ''}`);
}

export function frameAnthropic(payloads: readonly string[]): Buffer {
  return Buffer.from(payloads.map(frameAnthropicEvent).join(''));
}

export function frameGemini(payloads: readonly string[]): Buffer {
  return Buffer.from(payloads.map(frameGeminiEvent).join(''));
}

// ---------------------------------------------------------------------------------------------------
// Feeding a stream to the code under test in pieces

/** `stream` cut at `cuts` (sorted byte offsets), without empty pieces. */
export function cutStream(stream: Buffer, cuts: readonly number[] = []): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  for (const cut of [...cuts, stream.length]) {
    const piece = stream.subarray(start, cut);
    start = cut;
    if (piece.length > 0) pieces.push(piece);
  }
  return pieces;
}

/** Feeds `stream` to `parser` cut at `cuts` (sorted byte offsets) and returns every part it gave. */
export function runParser(parser: StreamParser, stream: Buffer, cuts: readonly number[] = []): StreamPart[] {
  return [...cutStream(stream, cuts).flatMap((piece) => parser.push(piece)), ...parser.end()];
}

/** Feeds `stream` to `tap` cut at `cuts` (sorted byte offsets) and returns everything it let through. */
export function runTap(tap: StreamTap, stream: Buffer, cuts: readonly number[] = []): Buffer {
  return Buffer.concat([...cutStream(stream, cuts).map((piece) => tap.transform(piece)), tap.flush()]);
}

function parseType(payload: string): unknown {
  try {
    const value = JSON.parse(payload) as unknown;
    return typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  } catch {
    return undefined;
  }
}
