import type { Settings } from '../ppv/settings';
import type { Logger } from '../shared/log';
import { createPeriodic, type Timers } from '../shared/periodic';
import {
  createMyvasClient,
  MyvasEndpointError,
  MyvasTransitError,
  type Fetch,
} from '../upload/client';
import type { ClockStatus, TrustedClock } from '.';

/** MyVAS time is measured this often while it can be reached (SPEC.md, Time you can trust). */
export const MEASURE_EVERY_MS = 15 * 60 * 1000;
/** How often the running console looks at its clocks: a jump, a state to tell the desks. */
export const WATCH_EVERY_MS = 60 * 1000;
/** A measurement waits this long for MyVAS; opening a day waits at most this long for one. */
export const MEASURE_TIMEOUT_MS = 5_000;
/** Opening a day does not ask MyVAS again when it was asked this recently. */
const OPENING_REUSE_MS = 10_000;

export type Measurement = 'measured' | 'unreachable' | 'not-configured';

export interface ClockMeterDeps {
  settings: Pick<Settings, 'find'>;
  clock: TrustedClock;
  timers: Timers;
  log: Logger;
  fetch?: Fetch;
  /** The clock's state, stop reason or freshness changed: tell every desk. */
  changed(status: ClockStatus): void;
}

/**
 * Measures MyVAS time (`GET /v1/time`) when the console starts, every 15 minutes, at once when the
 * PC clock jumped, and just before a day opens; and tells the desks when the clock's state changes.
 * Waits on the monotonic clock, so a PC clock changed by hand neither hurries nor delays it.
 */
export function createClockMeter(deps: ClockMeterDeps) {
  const { clock } = deps;
  let inFlight: Promise<Measurement> | null = null;
  let lastAttemptAt: number | null = null;
  let toldState = '';

  function tellIfChanged(): void {
    const status = clock.status();
    const state = `${status.state}:${status.stopReason}:${status.fresh}`;
    if (state === toldState) return;
    toldState = state;
    deps.changed(status);
  }

  /** One measurement; calls made while one is under way share it. */
  function measure(): Promise<Measurement> {
    inFlight ??= measureOnce().finally(() => {
      inFlight = null;
      tellIfChanged();
    });
    return inFlight;
  }

  async function measureOnce(): Promise<Measurement> {
    lastAttemptAt = clock.monotonic();
    const settings = deps.settings.find();
    if (!settings?.myvasEndpoint || !settings.myvasToken) return 'not-configured';
    let measured = false;
    let client;
    try {
      client = createMyvasClient({
        endpoint: {
          baseUrl: settings.myvasEndpoint,
          ppvCode: settings.ppvCode,
          token: settings.myvasToken,
        },
        clock: { now: () => clock.now().deviceAt, monotonic: clock.monotonic },
        onServerTime: (sample) => {
          clock.record(sample);
          measured = true;
        },
        timeoutMs: MEASURE_TIMEOUT_MS,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
    } catch (error) {
      if (error instanceof MyvasEndpointError) return 'not-configured';
      throw error;
    }
    try {
      const reply = await client.time();
      if (reply.status !== 200) deps.log.info('clock.measure_refused', { status: reply.status });
    } catch (error) {
      if (!(error instanceof MyvasTransitError)) throw error;
      deps.log.info('clock.myvas_unreachable', { error: error.message });
    }
    return measured ? 'measured' : 'unreachable';
  }

  async function watch(): Promise<void> {
    const status = clock.status();
    const due = lastAttemptAt === null || clock.monotonic() - lastAttemptAt >= MEASURE_EVERY_MS;
    if (due || status.stopReason === 'jumped') await measure();
    tellIfChanged();
  }

  const watching = createPeriodic({
    run: watch,
    delayAfter: () => WATCH_EVERY_MS,
    runAtStart: false,
    timers: deps.timers,
    log: deps.log,
    failedEvent: 'clock.watch_failed',
  });

  return {
    measure,
    /**
     * Just before a day opens: a fresh measurement when MyVAS answers within the timeout. Never
     * fails; `day.open` then decides on the clock as it stands. Null when there is nothing to wait
     * for: MyVAS is not set up, or was asked moments ago and has answered.
     */
    beforeOpeningDay(): Promise<void> | null {
      const found = deps.settings.find();
      if (!found?.myvasEndpoint || !found.myvasToken) return null;
      const asked = lastAttemptAt !== null && clock.monotonic() - lastAttemptAt < OPENING_REUSE_MS;
      if (asked && inFlight === null) return null;
      return measure().then(
        () => undefined,
        (error: unknown) => deps.log.error('clock.measure_failed', { error: String(error) }),
      );
    },
    start(): void {
      watching.start();
    },
    async stop(): Promise<void> {
      await watching.stop();
      await inFlight?.catch(() => undefined);
    },
  };
}

export type ClockMeter = ReturnType<typeof createClockMeter>;
