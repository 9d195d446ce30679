import type { UsageApi } from '../../../src-shared/control/usage-api.js';
import { notYet } from '../not-yet.js';
import { createClientsControl, type ClientsControlDependencies } from './clients-control.js';
import { createRequestLogControl, type RequestLogControlDependencies } from './request-log-control.js';

export interface UsageControlDependencies {
  requestLog?: RequestLogControlDependencies;
  clients?: ClientsControlDependencies;
}

export function createUsageControl(dependencies: UsageControlDependencies = {}): UsageApi {
  return {
    dashboard: notYet('dashboard'),
    quotas: notYet('quotas'),
    ...(dependencies.requestLog
      ? createRequestLogControl(dependencies.requestLog)
      : { requestLog: notYet('requestLog'), requestDetail: notYet('requestDetail') }),
    ...(dependencies.clients
      ? createClientsControl(dependencies.clients)
      : { listClients: notYet('listClients'), createClient: notYet('createClient'), revokeClient: notYet('revokeClient') }),
  };
}
