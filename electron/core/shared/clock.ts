/** The device's clocks. Injected everywhere so tests control time and never sleep. */
export interface Clock {
  /** Device wall-clock time, epoch milliseconds. May be wrong: see the trusted clock. */
  now(): number;
  /** Monotonic milliseconds since an arbitrary origin; immune to wall-clock changes. */
  monotonic(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};

export interface ManualClock extends Clock {
  advance(ms: number): void;
  /** Moves the wall clock only, as a person changing the PC's clock would. */
  setWallClock(epochMs: number): void;
}

export function manualClock(startEpochMs: number): ManualClock {
  let wall = startEpochMs;
  let mono = 1_000_000;
  return {
    now: () => wall,
    monotonic: () => mono,
    advance(ms) {
      wall += ms;
      mono += ms;
    },
    setWallClock(epochMs) {
      wall = epochMs;
    },
  };
}
