import type { Logger } from './log';

/** The timer functions a background loop schedules with; tests pass their own and fire them by hand. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** How one run ended: with its value, or failed (the failure is logged already). */
export type PeriodicOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface PeriodicOptions<T> {
  /**
   * One run. One that returns without a promise has its next run scheduled before the timer's
   * callback (or `start`) returns.
   */
  run(): T | Promise<T>;
  /** The wait before the next run, given how this one ended. */
  delayAfter(outcome: PeriodicOutcome<T>): number;
  /** `start` runs at once (true), or on a timer of 0 ms, after the caller has gone on (false). */
  runAtStart: boolean;
  timers: Timers;
  log: Logger;
  /** What the log says when a run fails. */
  failedEvent: string;
}

/**
 * A background loop: runs `run`, waits what `delayAfter` says given its outcome, runs again, until
 * stopped; `wake()` runs at once. A run's failure is logged, never thrown: the next run tries again.
 */
export function createPeriodic<T>(options: PeriodicOptions<T>) {
  let timer: unknown = null;
  let stopped = true;
  let current: Promise<void> = Promise.resolve();

  function schedule(ms: number): void {
    if (stopped) return;
    if (timer !== null) options.timers.clearTimeout(timer);
    timer = options.timers.setTimeout(tick, Math.max(0, ms));
  }

  function ended(outcome: PeriodicOutcome<T>): void {
    schedule(options.delayAfter(outcome));
  }

  function failed(error: unknown): void {
    options.log.error(options.failedEvent, { error: String(error) });
    ended({ ok: false, error });
  }

  function tick(): void {
    timer = null;
    try {
      const result = options.run();
      if (result instanceof Promise) {
        current = result.then((value: T) => ended({ ok: true, value })).catch(failed);
        return;
      }
      ended({ ok: true, value: result });
    } catch (error) {
      failed(error);
    }
  }

  return {
    start(): void {
      if (!stopped) return;
      stopped = false;
      if (options.runAtStart) tick();
      else schedule(0);
    },
    wake(): void {
      schedule(0);
    },
    /** Stops the timer and settles once a run under way has ended. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer !== null) options.timers.clearTimeout(timer);
      timer = null;
      await current;
    },
  };
}
