import type { UsageApi } from '../../../src-shared/control/usage-api.js';
import { ContractError } from '../../conversion/contract-error.js';
import type { RequestLogRepository } from '../../store/request-log-repository.js';

export interface RequestLogControlDependencies {
  requestLog: Pick<RequestLogRepository, 'page' | 'detail'>;
  /** Resolves once every request answered so far is in SQLite, so the log shows the one just made. */
  flushed(): Promise<void>;
}

export function createRequestLogControl(dependencies: RequestLogControlDependencies): Pick<UsageApi, 'requestLog' | 'requestDetail'> {
  const { requestLog } = dependencies;
  // A write that failed was reported where it failed and is being retried; the log meanwhile shows
  // what is stored rather than refusing to open.
  const flushed = () => dependencies.flushed().catch(() => {});
  return {
    async requestLog(query) {
      await flushed();
      return requestLog.page(query);
    },
    async requestDetail({ id }) {
      await flushed();
      const detail = requestLog.detail(id);
      if (detail === null) {
        throw new ContractError('item_not_found', `No request with id ${id} is recorded: it may have been pruned by the retention setting. Reload the log.`, { field: 'id' });
      }
      return detail;
    },
  };
}
