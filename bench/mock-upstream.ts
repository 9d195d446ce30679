/**
 * The benchmark's upstream: OpenAI Chat Completions and Anthropic Messages on node:http, as cheap as
 * it can be so its own cost does not hide the gateways'. Fixed small answers; a stream is
 * `chunks` text chunks `chunkDelayMs` apart, each stamped with its send time (stream-stamps.ts).
 *
 * Run as a child of bench/run.ts: `node bench/.build/mock-upstream.js '{"chunks":20,"chunkDelayMs":10}'`;
 * it answers `{ type: 'ready', url }` over IPC once it listens on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowMicros, stampText } from './stream-stamps.js';

interface MockSettings {
  chunks: number;
  chunkDelayMs: number;
}

const settings: MockSettings = { chunks: 20, chunkDelayMs: 10, ...(JSON.parse(process.argv[2] ?? '{}') as Partial<MockSettings>) };

const openaiModel = 'gpt-4o-mini';
const anthropicModel = 'claude-haiku-4-5';
const answerText = 'Hello! How can I help you today?';

const openaiAnswer = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1735689600,
    model: openaiModel,
    choices: [{ index: 0, message: { role: 'assistant', content: answerText }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
  }),
);

const anthropicAnswer = Buffer.from(
  JSON.stringify({
    id: 'msg_bench',
    type: 'message',
    role: 'assistant',
    model: anthropicModel,
    content: [{ type: 'text', text: answerText }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 9 },
  }),
);

const jsonHeaders = (length: number) => ({ 'content-type': 'application/json', 'content-length': String(length) });
const streamHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

// Substring tests, not JSON.parse: every gateway under test writes compact JSON, and the client's
// body is the bench's own.
const streamRequested = /"stream"\s*:\s*true/;
const usageRequested = /"include_usage"\s*:\s*true/;

/** The wire framing of one stream family: what goes before, around each stamp, and after. */
interface StreamFraming {
  opening(stamp: string): string;
  chunk(stamp: string): string;
  closing(includeUsage: boolean): string;
}

const openaiChunk = (delta: string, finish: string | null) =>
  `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1735689600,"model":"${openaiModel}","choices":[{"index":0,"delta":${delta},"finish_reason":${finish === null ? 'null' : `"${finish}"`}}]}\n\n`;

const openaiFraming: StreamFraming = {
  opening: (stamp) => openaiChunk(`{"role":"assistant","content":"${stamp}"}`, null),
  chunk: (stamp) => openaiChunk(`{"content":"${stamp}"}`, null),
  closing: (includeUsage) =>
    openaiChunk('{}', 'stop') +
    (includeUsage
      ? `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1735689600,"model":"${openaiModel}","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":${settings.chunks},"total_tokens":${12 + settings.chunks}}}\n\n`
      : '') +
    'data: [DONE]\n\n',
};

const anthropicEvent = (type: string, data: string) => `event: ${type}\ndata: ${data}\n\n`;
const anthropicDelta = (stamp: string) =>
  anthropicEvent('content_block_delta', `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${stamp}"}}`);

const anthropicFraming: StreamFraming = {
  opening: (stamp) =>
    anthropicEvent(
      'message_start',
      `{"type":"message_start","message":{"id":"msg_bench","type":"message","role":"assistant","model":"${anthropicModel}","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}`,
    ) +
    anthropicEvent('content_block_start', '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}') +
    anthropicDelta(stamp),
  chunk: anthropicDelta,
  closing: () =>
    anthropicEvent('content_block_stop', '{"type":"content_block_stop","index":0}') +
    anthropicEvent('message_delta', `{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":${settings.chunks}}}`) +
    anthropicEvent('message_stop', '{"type":"message_stop"}'),
};

function sendStream(response: ServerResponse, framing: StreamFraming, includeUsage: boolean): void {
  response.writeHead(200, streamHeaders);
  response.write(framing.opening(stampText(nowMicros())));
  let sent = 1;
  let timer: NodeJS.Timeout | null = null;
  const next = () => {
    timer = null;
    if (sent < settings.chunks) {
      response.write(framing.chunk(stampText(nowMicros())));
      sent++;
      timer = setTimeout(next, settings.chunkDelayMs);
    } else {
      response.end(framing.closing(includeUsage));
    }
  };
  timer = setTimeout(next, settings.chunkDelayMs);
  response.on('close', () => {
    if (timer !== null) clearTimeout(timer);
  });
}

function answer(request: IncomingMessage, response: ServerResponse, body: Buffer): void {
  const url = request.url ?? '';
  const anthropic = url === '/v1/messages';
  if (request.method !== 'POST' || (!anthropic && url !== '/v1/chat/completions')) {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"error":{"message":"not found","type":"invalid_request_error"}}');
    return;
  }
  const text = body.toString('latin1');
  if (streamRequested.test(text)) {
    sendStream(response, anthropic ? anthropicFraming : openaiFraming, !anthropic && usageRequested.test(text));
    return;
  }
  const reply = anthropic ? anthropicAnswer : openaiAnswer;
  response.writeHead(200, jsonHeaders(reply.length));
  response.end(reply);
}

const server = createServer((request, response) => {
  const parts: Buffer[] = [];
  request.on('data', (chunk: Buffer) => parts.push(chunk));
  request.on('end', () => answer(request, response, parts.length === 1 ? parts[0]! : Buffer.concat(parts)));
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` });
});
process.on('disconnect', () => process.exit(0));
