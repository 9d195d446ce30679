import type { UsageApi } from '../../../src-shared/control/usage-api.js';
import { notYet } from '../not-yet.js';

/** `dashboard` and `quotas` come from dashboard-control.ts; without them (transport tests) they answer not_available. */
export function createUsageControl(dashboard?: Pick<UsageApi, 'dashboard' | 'quotas'>): UsageApi {
  return {
    dashboard: notYet('dashboard'),
    quotas: notYet('quotas'),
    ...dashboard,
    requestLog: notYet('requestLog'),
    requestDetail: notYet('requestDetail'),
    listClients: notYet('listClients'),
    createClient: notYet('createClient'),
    revokeClient: notYet('revokeClient'),
  };
}
