import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src-main/store/database.js';
import { createUsageHistory } from '../../../src-main/store/usage-history.js';
import { createUsageRepository } from '../../../src-main/store/usage-repository.js';
import { CreditLedger } from '../../../src-main/usage/credit-ledger.js';
import { UsageRecorder } from '../../../src-main/usage/usage-recorder.js';
import { usageEvent } from '../../support/usage-event.js';

// "Reset statistics" clears usage_events; the spend and credit kept in memory are then read again, so
// the running gateway agrees with what a restart on the emptied database would find.

describe('after the history is cleared', () => {
  let database: Database;
  const recorders: UsageRecorder[] = [];
  afterEach(async () => {
    for (const recorder of recorders.splice(0)) await recorder.close();
    database.close();
  });

  function setUp() {
    database = openDatabase(':memory:');
    const repository = createUsageRepository(database);
    const recorder = new UsageRecorder({ repository, flushIntervalMs: 60_000 });
    recorders.push(recorder);
    return { recorder, credits: new CreditLedger(recorder), history: createUsageHistory(database) };
  }

  it('reads spend again from what is stored, still counting events not yet written', async () => {
    const { recorder, history } = setUp();
    recorder.record(usageEvent({ time: Date.now() - 1_000, costUsd: 2 }));
    await recorder.flushed();
    expect(recorder.spentUsd('openai-main', 'oa-1')).toBe(2);
    history.clear();
    recorder.record(usageEvent({ time: Date.now(), costUsd: 0.5 }));
    recorder.reloadSpend();
    expect(recorder.spentUsd('openai-main', 'oa-1')).toBe(0.5);
  });

  it('counts a credit figure against the spend after the clear, as a restart would', async () => {
    const { recorder, credits, history } = setUp();
    recorder.record(usageEvent({ time: 1_000, costUsd: 1 }));
    credits.setCredit('openai-main', 'oa-1', 10, 2_000);
    recorder.record(usageEvent({ time: 3_000, costUsd: 4 }));
    await recorder.flushed();
    expect(credits.remainingCredit('openai-main', 'oa-1')).toBe(6);
    history.clear();
    recorder.reloadSpend();
    credits.recount();
    expect(credits.remainingCredit('openai-main', 'oa-1')).toBe(10);
    recorder.record(usageEvent({ time: 5_000, costUsd: 2.5 }));
    expect(credits.remainingCredit('openai-main', 'oa-1')).toBe(7.5);
  });
});
