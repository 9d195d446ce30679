import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ContractError } from '../conversion/contract-error.js';
import type { GatewayLog } from './gateway-dependencies.js';
import { internalError, toContractError } from './framework-error.js';

/** Builds a door's error body; each door answers in its own wire format. */
export type ErrorBodyBuilder = (error: ContractError) => Record<string, unknown>;

export interface ErrorHandlerOptions {
  log: GatewayLog;
  bodyLimit: number;
  errorBody: ErrorBodyBuilder;
}

/**
 * A door's fastify error handler (set per route plugin, so encapsulation picks the door's format for
 * everything its routes raise, hooks and body parsing included). Our own errors are ordinary
 * outcomes, an upstream down or a model nobody serves: one log line each, no stack. Anything else is
 * a bug: logged with its stack and answered as a 500 `internal_error`.
 */
export function createErrorHandler({ log, bodyLimit, errorBody }: ErrorHandlerOptions) {
  return async (error: FastifyError, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    // The query is left out of the log: a Gemini-style client may carry a key in it.
    const where = `${request.method} ${request.url.split('?')[0]}`;
    let answer = toContractError(error, bodyLimit);
    if (answer === null) {
      // A route may throw anything, `undefined` included.
      log.error(`${where}: ${(error as Error | undefined)?.stack ?? String(error)}`);
      answer = internalError(error);
    } else {
      const line = `${where} → ${answer.status} ${answer.code}: ${answer.message}`;
      if (answer.status >= 500) log.warn(line);
      else log.info(line);
    }
    if (reply.sent || reply.raw.headersSent) return undefined;
    return reply.code(answer.status).headers(answer.headers).send(errorBody(answer));
  };
}

/**
 * A 404 for a path no route serves, raised as an error so the door's error handler answers it in
 * the door's format. Fastify allows one per prefix: the root's, and the Anthropic door's.
 */
export async function notFoundHandler(request: FastifyRequest): Promise<never> {
  throw new ContractError('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`);
}
