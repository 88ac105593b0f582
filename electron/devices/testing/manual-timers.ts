import type { Timers } from '../timers';

interface PendingTimer {
  callback: () => void;
  delayMs: number;
}

/** Timers a test runs by hand: nothing fires until the test says so. */
export class ManualTimers implements Timers {
  readonly pending = new Set<PendingTimer>();
  private waiters: Array<() => void> = [];

  setTimeout(callback: () => void, delayMs: number): unknown {
    const timer = { callback, delayMs };
    this.pending.add(timer);
    for (const wake of this.waiters.splice(0)) wake();
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as PendingTimer);
  }

  /** Waits (bounded) until a timer is set, and returns its delay without firing it. */
  async next(timeoutMs = 2_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size === 0) {
      if (Date.now() > deadline) throw new Error('no timer was set');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, deadline - Date.now());
      });
    }
    const [timer] = this.pending;
    return timer!.delayMs;
  }

  /** Fires the earliest-set timer. */
  fire(): void {
    const [timer] = this.pending;
    if (!timer) throw new Error('no timer to fire');
    this.pending.delete(timer);
    timer.callback();
  }
}
