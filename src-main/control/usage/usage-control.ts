import type { UsageApi } from '../../../src-shared/control/usage-api.js';
import { notYet } from '../not-yet.js';
import { createClientsControl, type ClientsControlDependencies } from './clients-control.js';
import { createRequestLogControl, type RequestLogControlDependencies } from './request-log-control.js';

export interface UsageControlDependencies {
  /** `dashboard` and `quotas`, from dashboard-control.ts. */
  dashboard?: Pick<UsageApi, 'dashboard' | 'quotas'>;
  requestLog?: RequestLogControlDependencies;
  clients?: ClientsControlDependencies;
}

/** Each part comes with its dependencies; without them (the transport tests) its methods answer not_available. */

export function createUsageControl(dependencies: UsageControlDependencies = {}): UsageApi {
  return {
    ...(dependencies.dashboard ?? { dashboard: notYet('dashboard'), quotas: notYet('quotas') }),
    ...(dependencies.requestLog
      ? createRequestLogControl(dependencies.requestLog)
      : { requestLog: notYet('requestLog'), requestDetail: notYet('requestDetail') }),
    ...(dependencies.clients
      ? createClientsControl(dependencies.clients)
      : { listClients: notYet('listClients'), createClient: notYet('createClient'), revokeClient: notYet('revokeClient') }),
  };
}
