import type { Logger } from '../shared/log';
import { createPeriodic, type PeriodicOutcome, type Timers } from '../shared/periodic';
import type { RunOutcome } from './worker';

export const IDLE_RECHECK_MS = 60_000;

export interface SchedulerDeps {
  run(): Promise<RunOutcome>;
  /** Corrected now, to turn a wait-until instant into a delay. */
  now(): number;
  timers: Timers;
  log: Logger;
}

/**
 * Keeps the upload worker going in the background: a run now, then the next when the worker says
 * (a backoff, the clock reaching a record's time) or a minute later when there was nothing to do.
 * `wake()` runs at once, e.g. when a day is sealed or a late reason is given.
 */
export function createUploadScheduler(deps: SchedulerDeps) {
  function delayAfter(outcome: PeriodicOutcome<RunOutcome>): number {
    if (outcome.ok && outcome.value.kind === 'waiting' && outcome.value.until !== null) {
      return outcome.value.until - deps.now();
    }
    return IDLE_RECHECK_MS;
  }

  return createPeriodic({
    run: () => deps.run(),
    delayAfter,
    runAtStart: false,
    timers: deps.timers,
    log: deps.log,
    failedEvent: 'upload.run_failed',
  });
}

export type UploadScheduler = ReturnType<typeof createUploadScheduler>;
