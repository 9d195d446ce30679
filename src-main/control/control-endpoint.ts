import { z } from 'zod';
import { formatIssuePath } from '../../src-shared/config-schema.js';
import type { ControlService } from '../../src-shared/control/control-service.js';
import type { ControlEndpoint } from '../../src-shared/control/rpc.js';
import { ContractError, isContractError } from '../conversion/contract-error.js';
import { controlInputs } from './control-inputs.js';
import type { ControlEvents } from './control-events.js';

export interface ControlEndpointOptions {
  service: ControlService;
  events: ControlEvents;
  /** Where a bug's stack goes; the caller hears only `internal_error`. */
  logError(message: string): void;
}

/**
 * The main process's side of every transport: checks the method and its input, calls the service,
 * and turns whatever it throws into one of our errors. Built from `controlInputs`, so a method is
 * callable once it has an input schema and an implementation, with nothing to add per transport.
 */
export function createControlEndpoint({ service, events, logError }: ControlEndpointOptions): ControlEndpoint {
  return {
    async dispatch(method, input) {
      if (!Object.hasOwn(controlInputs, method)) {
        throw new ContractError('unknown_control_method', `The control API has no method "${method}".`);
      }
      const name = method as keyof typeof controlInputs;
      const parsed = (controlInputs[name] as z.ZodType).safeParse(input ?? undefined);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = formatIssuePath(issue.path);
        throw new ContractError('invalid_control_input', `${method}: ${field}: ${issue.message}`, { field });
      }
      try {
        const handler = service[name] as (input: unknown) => Promise<unknown>;
        return (await handler.call(service, parsed.data)) ?? null;
      } catch (error) {
        if (isContractError(error)) throw error;
        logError(`control ${method}: ${(error as Error | undefined)?.stack ?? String(error)}`);
        throw new ContractError('internal_error', 'A bug in Switchyard; the log has the details.', { cause: error });
      }
    },
    subscribe: (listener) => events.subscribe(listener),
  };
}
