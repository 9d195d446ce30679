/**
 * Splits a byte stream into complete Server-Sent Events without decoding what it does not need to.
 * An event ends at a blank line (WHATWG HTML §9.2.6): `\n\n`, or `\r\n\r\n` from servers that frame
 * with CRLF (Gemini does).
 */
export class SseEventFramer {
  private pending: Buffer = Buffer.alloc(0);

  /** Appends a chunk; returns the bytes of every event it completed (possibly empty). */
  push(chunk: Buffer): Buffer {
    const data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const end = endOfLastEvent(data);
    if (end === 0) {
      this.pending = data === chunk ? Buffer.from(chunk) : data;
      return Buffer.alloc(0);
    }
    // Copy the tail: the caller may reuse or keep the chunk it handed in.
    this.pending = end === data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(end));
    return data.subarray(0, end);
  }

  /** Whatever never completed an event. */
  rest(): Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest;
  }
}

function endOfLastEvent(data: Buffer): number {
  const lf = data.lastIndexOf('\n\n');
  const crlf = data.lastIndexOf('\n\r\n');
  return Math.max(lf === -1 ? 0 : lf + 2, crlf === -1 ? 0 : crlf + 3);
}

/** The events in a run of complete event bytes, as text. */
export function splitEvents(completeEvents: Buffer): string[] {
  return completeEvents
    .toString('utf8')
    .split(/\r?\n\r?\n/)
    .filter((event) => event.length > 0);
}

/** The joined `data:` lines of one event (SSE allows one optional space after the colon). */
export function eventData(event: string): string | null {
  let data: string | null = null;
  for (const line of event.split(/\r?\n/)) {
    if (!line.startsWith('data:')) continue;
    const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    data = data === null ? value : `${data}\n${value}`;
  }
  return data;
}
