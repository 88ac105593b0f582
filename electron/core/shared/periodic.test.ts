import { describe, expect, it } from 'vitest';
import type { Logger } from './log';
import { handTimers } from '../testing/hand-timers';
import { createPeriodic, type PeriodicOutcome } from './periodic';

function recordingLog() {
  const errors: Array<[string, Record<string, unknown> | undefined]> = [];
  const log: Logger = {
    info: () => undefined,
    error: (event, fields) => errors.push([event, fields]),
  };
  return { log, errors };
}

/** Lets a run's promise chain settle: an event-loop turn, not a wait on the clock. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a periodic background loop', () => {
  it('waits what delayAfter says given each run’s value, or its failure, which is logged', async () => {
    const { timers, pending, fire } = handTimers();
    const { log, errors } = recordingLog();
    const results: Array<() => Promise<number>> = [
      () => Promise.resolve(5_000),
      () => Promise.reject(new Error('MyVAS unreachable')),
      () => {
        throw new Error('thrown before any promise');
      },
    ];
    const seen: Array<PeriodicOutcome<number>> = [];
    const loop = createPeriodic<number>({
      run: () => results.shift()!(),
      delayAfter: (outcome) => {
        seen.push(outcome);
        return outcome.ok ? outcome.value : 60_000;
      },
      runAtStart: false,
      timers,
      log,
      failedEvent: 'test.run_failed',
    });
    loop.start();
    expect(pending.map((p) => p.ms)).toEqual([0]);
    fire();
    await nextTurn();
    expect(pending.map((p) => p.ms)).toEqual([5_000]);
    fire();
    await nextTurn();
    expect(pending.map((p) => p.ms)).toEqual([60_000]);
    fire();
    expect(pending.map((p) => p.ms)).toEqual([60_000]);
    expect(seen.map((outcome) => outcome.ok)).toEqual([true, false, false]);
    expect(errors).toEqual([
      ['test.run_failed', { error: 'Error: MyVAS unreachable' }],
      ['test.run_failed', { error: 'Error: thrown before any promise' }],
    ]);
    await loop.stop();
    expect(pending).toEqual([]);
  });

  it('runs within start when asked to, and schedules after a run without a promise at once', () => {
    const { timers, pending, fire } = handTimers();
    let runs = 0;
    const loop = createPeriodic({
      run: () => {
        runs += 1;
      },
      delayAfter: () => 300_000,
      runAtStart: true,
      timers,
      log: recordingLog().log,
      failedEvent: 'test.run_failed',
    });
    loop.start();
    expect(runs).toBe(1);
    expect(pending.map((p) => p.ms)).toEqual([300_000]);
    loop.start(); // already running: the schedule stands
    expect(runs).toBe(1);
    expect(pending.map((p) => p.ms)).toEqual([300_000]);
    fire();
    expect(runs).toBe(2);
    expect(pending.map((p) => p.ms)).toEqual([300_000]);
  });

  it('runs at once on wake, a delay already past counts as none, and stop waits for the run', async () => {
    const { timers, pending, fire } = handTimers();
    let finish: (value: number) => void = () => undefined;
    const loop = createPeriodic<number>({
      run: () => new Promise<number>((resolve) => (finish = resolve)),
      delayAfter: (outcome) => (outcome.ok ? outcome.value : 0),
      runAtStart: false,
      timers,
      log: recordingLog().log,
      failedEvent: 'test.run_failed',
    });
    loop.wake(); // not started: nothing
    expect(pending).toEqual([]);
    loop.start();
    fire();
    finish(-2_000);
    await nextTurn();
    expect(pending.map((p) => p.ms)).toEqual([0]);
    fire();
    finish(60_000);
    await nextTurn();
    loop.wake();
    expect(pending.map((p) => p.ms)).toEqual([0]);

    fire();
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await nextTurn();
    expect(stopped).toBe(false);
    finish(60_000);
    await stopping;
    expect(pending).toEqual([]);
  });
});
