import type { ServerResponse } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { ContractError } from '../conversion/contract-error.js';
import { openaiErrorBody } from '../providers/openai/openai-error-body.js';
import { redactBody, type RedactSecrets } from '../store/secrets/redact-secrets.js';
import { readBody } from '../upstream/read-body.js';
import { forwardableHeaders } from './hop-by-hop.js';
import type { RelayResult } from './relay-response.js';

/** Error bodies are small; one larger than this is cut, and only what is sent is redacted. */
const errorBodyLimit = 1 << 20;

/** A body's length changes with redaction, and a decoded body goes out decoded. */
const replacedHeaders: ReadonlySet<string> = new Set(['content-length', 'content-encoding']);

const decoders: Readonly<Record<string, (body: Buffer) => Buffer>> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

/**
 * Sends an upstream error answer to the client with every stored secret taken out of its body:
 * vendors echo the key in some errors (Google's "API key not valid", OpenAI-style 401s). The body is
 * read whole (bounded), decoded if compressed, redacted and sent with its new length. Success answers
 * never come here: they stream through untouched (relay-response.ts).
 */
export async function relayRedactedError(response: Dispatcher.ResponseData, target: ServerResponse, redactSecrets: RedactSecrets): Promise<RelayResult> {
  let body: Buffer;
  try {
    body = await readBody(response, errorBodyLimit);
  } catch {
    // The upstream broke off mid-error: end the client's connection rather than pretend.
    target.destroy();
    return { completed: false, copy: null };
  }
  const headers = forwardableHeaders(response.headers, replacedHeaders);
  const encoding = String(response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decoded = decodeBody(body, encoding);
  let sent: Buffer;
  if (decoded === null) {
    // A body Switchyard cannot read cannot be checked for keys, so it is not passed on.
    headers['content-type'] = 'application/json';
    const message = `The upstream answered ${response.statusCode} with a body in an encoding Switchyard cannot read (${encoding}); it was withheld in case it held a key.`;
    sent = Buffer.from(JSON.stringify(openaiErrorBody(new ContractError('upstream_error_withheld', message, { status: response.statusCode }))));
  } else {
    sent = redactBody(decoded, redactSecrets);
  }
  headers['content-length'] = String(sent.length);
  target.writeHead(response.statusCode, headers);
  target.end(sent);
  return { completed: true, copy: null };
}

function decodeBody(body: Buffer, encoding: string): Buffer | null {
  if (encoding === 'identity' || encoding === '') return body;
  const decode = decoders[encoding];
  if (decode === undefined) return null;
  try {
    return decode(body);
  } catch {
    return null;
  }
}
