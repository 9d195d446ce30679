import type { UsageApi } from '../../../src-shared/control/usage-api.js';
import { notYet } from '../not-yet.js';

export function createUsageControl(): UsageApi {
  return {
    dashboard: notYet('dashboard'),
    quotas: notYet('quotas'),
    requestLog: notYet('requestLog'),
    requestDetail: notYet('requestDetail'),
    listClients: notYet('listClients'),
    createClient: notYet('createClient'),
    revokeClient: notYet('revokeClient'),
  };
}
