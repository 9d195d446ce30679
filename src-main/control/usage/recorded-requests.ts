import type { UsageEvent } from '../../../src-shared/usage.js';
import type { RequestLogRepository } from '../../store/request-log-repository.js';
import type { ControlEvents } from '../control-events.js';
import { requestLogRowOf } from './request-log-row.js';

export interface RecordedRequestsOptions {
  events: ControlEvents;
  requestLog: Pick<RequestLogRepository, 'insertBodies'>;
  /** A body that could not be stored; the request and its usage row are unaffected. */
  logError(message: string): void;
}

/**
 * What happens once a batch of usage events is in SQLite (the recorder's `onWritten`): each request
 * is announced to the window under its row's id, so the dashboard and the log update without a
 * reload, and its logged bodies, if any, are stored against that id once the answer has ended.
 */
export function createRecordedRequests(options: RecordedRequestsOptions): (events: readonly UsageEvent[], firstId: number) => void {
  const { events, requestLog, logError } = options;
  return (batch, firstId) => {
    batch.forEach((event, index) => {
      const id = firstId + index;
      // A failed-over attempt is part of the request that followed it, which the log lists.
      if (!event.final) return;
      events.emit({ type: 'request', row: requestLogRowOf(event, id) });
      if (event.bodies === undefined) return;
      event.bodies.settled().then(
        (bodies) => requestLog.insertBodies([{ usageId: id, time: event.time, request: bodies.request, response: bodies.response, requestTruncated: bodies.requestTruncated, responseTruncated: bodies.responseTruncated }]),
        (error: unknown) => logError(`the bodies of request ${id} could not be logged: ${(error as Error).message}`),
      ).catch((error: unknown) => logError(`the bodies of request ${id} could not be stored: ${(error as Error).message}`));
    });
  };
}
