/**
 * Every streamed chunk the mock sends carries its send time inside the text the model "writes":
 * `@<microseconds>;`. Text survives every gateway, converted or not (an Anthropic `text_delta` becomes
 * an OpenAI `delta.content` with the same characters), where an extra JSON field would not.
 *
 * The clock is `process.hrtime` (CLOCK_MONOTONIC): one clock for every process on the machine, so the
 * mock's send time and the load generator's arrival time can be subtracted.
 */
export function nowMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export function stampText(sentAtMicros: number): string {
  return `@${sentAtMicros};`;
}

/** The send stamps in one read from the socket, in order. */
export function readStamps(text: string): number[] {
  const stamps: number[] = [];
  let at = text.indexOf('@');
  while (at !== -1) {
    const end = text.indexOf(';', at);
    if (end === -1) break;
    const value = Number(text.slice(at + 1, end));
    if (Number.isFinite(value)) stamps.push(value);
    at = text.indexOf('@', end);
  }
  return stamps;
}
