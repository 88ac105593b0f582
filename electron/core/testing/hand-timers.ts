import type { Timers } from '../shared/periodic';

/**
 * Timers a test fires by hand: `pending` holds what is set, in the order it was set, with its
 * delay; nothing runs until the test calls a callback (or `fire`, the earliest).
 */
export function handTimers() {
  const pending: Array<{ callback: () => void; ms: number }> = [];
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      const entry = { callback, ms };
      pending.push(entry);
      return entry;
    },
    clearTimeout: (handle) => {
      const index = pending.indexOf(handle as (typeof pending)[number]);
      if (index >= 0) pending.splice(index, 1);
    },
  };
  return {
    timers,
    pending,
    fire(): void {
      const timer = pending.shift();
      if (!timer) throw new Error('no timer to fire');
      timer.callback();
    },
  };
}
