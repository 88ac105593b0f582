import type { Logger } from '../shared/log';
import type { RunOutcome } from './worker';

export const IDLE_RECHECK_MS = 60_000;

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

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
  let timer: unknown = null;
  let stopped = true;
  let current: Promise<void> = Promise.resolve();

  function schedule(ms: number): void {
    if (stopped) return;
    if (timer !== null) deps.timers.clearTimeout(timer);
    timer = deps.timers.setTimeout(tick, Math.max(0, ms));
  }

  function tick(): void {
    timer = null;
    current = deps
      .run()
      .then((outcome) => schedule(delayAfter(outcome)))
      .catch((error: unknown) => {
        deps.log.error('upload.run_failed', { error: String(error) });
        schedule(IDLE_RECHECK_MS);
      });
  }

  function delayAfter(outcome: RunOutcome): number {
    if (outcome.kind === 'waiting' && outcome.until !== null) return outcome.until - deps.now();
    return IDLE_RECHECK_MS;
  }

  return {
    start(): void {
      stopped = false;
      schedule(0);
    },
    wake(): void {
      schedule(0);
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer !== null) deps.timers.clearTimeout(timer);
      timer = null;
      await current;
    },
  };
}

export type UploadScheduler = ReturnType<typeof createUploadScheduler>;
