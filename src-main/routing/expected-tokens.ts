import type { ExpectedTokens } from './strategies/strategy-context.js';

/** What an answer is assumed to cost when the request sets no output limit. */
export const defaultExpectedOutputTokens = 1000;

/**
 * A request's size before it is sent, for the `cost` strategy: about four bytes of JSON body per
 * prompt token (the usual rule of thumb for English; it only has to rank candidates, and every
 * candidate is priced with the same guess), and the request's own output limit, which is what a
 * vendor could bill at most.
 */
export function expectedTokens(bodyBytes: number, outputLimit: number | null | undefined): ExpectedTokens {
  return {
    input: Math.ceil(bodyBytes / 4),
    output: outputLimit !== null && outputLimit !== undefined && outputLimit > 0 ? outputLimit : defaultExpectedOutputTokens,
  };
}
