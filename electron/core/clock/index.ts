import { randomUUID } from 'node:crypto';
import type { AppDatabase } from '../../../db/open';
import type { Clock } from '../shared/clock';
import { refuse } from '../shared/errors';
import { malaysiaDisplay } from '../shared/time';

export const CLOCK_WARN_MS = 2 * 60 * 1000;
export const CLOCK_STOP_MS = 10 * 60 * 1000;
/** A move of the wall clock against the monotonic clock beyond this, either way, is a jump. */
export const CLOCK_JUMP_MS = 2 * 60 * 1000;
/** A MyVAS measurement taken in this run opens a day without confirmation for this long. */
export const CLOCK_FRESH_MS = 20 * 60 * 1000;
/** How close the time a manager confirms must be to the console's. */
export const CLOCK_CONFIRM_TOLERANCE_MS = 2 * 60 * 1000;

export type ClockState = 'unmeasured' | 'ok' | 'warn' | 'stop';
export type ClockStopReason = 'offset' | 'behind-records' | 'jumped';

export interface TrustedNow {
  /** Corrected time: the best estimate of MyVAS server time. */
  at: number;
  /** What this PC's own clock says. */
  deviceAt: number;
}

export interface ClockStatus {
  state: ClockState;
  stopReason: ClockStopReason | null;
  offsetMs: number | null;
  jumpedByMs: number | null;
  correctedNow: number;
  deviceNow: number;
  lastMeasuredAt: number | null;
  fresh: boolean;
  latestRecordedAt: number | null;
}

export interface ClockSample {
  source: string;
  deviceSentAt: number;
  deviceReceivedAt: number;
  monotonicReceivedAt: number;
  serverTime: number;
}

interface SampleRow {
  device_sent_at: number;
  device_received_at: number;
  monotonic_received_at: number;
  process_id: string;
  server_time: number;
  offset_ms: number;
}

/**
 * Time you can trust (SPEC.md): the offset to MyVAS time, measured at every contact and kept.
 * Within the process that measured it, corrected time runs on the monotonic clock from the sample,
 * so a person changing the PC's clock does not move it. After a restart it falls back to device time
 * plus the last offset, and stops when that runs behind the latest time the station ever recorded.
 * While it runs, the wall clock is watched against the monotonic clock: a jump stops dose recording
 * until MyVAS time is measured again or a manager confirms the time.
 */
export function createTrustedClock(db: AppDatabase, clock: Clock) {
  const processId = randomUUID();
  const insert = db.sqlite.prepare(
    `INSERT INTO clock_samples (source, device_sent_at, device_received_at, monotonic_received_at, process_id, server_time, offset_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  // One row, kept by triggers on every audit entry, dose and clock sample (migration 0005).
  const highWater = db.sqlite.prepare<[], { at: number }>(
    'SELECT at FROM station_high_water WHERE id = 1',
  );
  let latest = db.sqlite
    .prepare<[], SampleRow>('SELECT * FROM clock_samples ORDER BY id DESC LIMIT 1')
    .get();
  /** Where the wall clock and the monotonic clock last agreed: at start, a sample, a confirmation. */
  let baseline = { wall: clock.now(), monotonic: clock.monotonic() };
  /** Set once a jump is seen; stays until the clock is measured again or a manager confirms. */
  let jumpedByMs: number | null = null;

  function agreeFromNow(): void {
    baseline = { wall: clock.now(), monotonic: clock.monotonic() };
    jumpedByMs = null;
  }

  function watchForJump(): void {
    const drift = clock.now() - baseline.wall - (clock.monotonic() - baseline.monotonic);
    if (jumpedByMs !== null || Math.abs(drift) > CLOCK_JUMP_MS) jumpedByMs = Math.round(drift);
  }

  const measuredInThisRun = (): boolean => latest?.process_id === processId;

  function record(sample: ClockSample): ClockStatus {
    const halfRoundTrip = (sample.deviceReceivedAt - sample.deviceSentAt) / 2;
    const offsetMs = Math.round(sample.serverTime + halfRoundTrip - sample.deviceReceivedAt);
    insert.run(
      sample.source,
      sample.deviceSentAt,
      sample.deviceReceivedAt,
      Math.round(sample.monotonicReceivedAt),
      processId,
      sample.serverTime,
      offsetMs,
    );
    latest = {
      device_sent_at: sample.deviceSentAt,
      device_received_at: sample.deviceReceivedAt,
      monotonic_received_at: Math.round(sample.monotonicReceivedAt),
      process_id: processId,
      server_time: sample.serverTime,
      offset_ms: offsetMs,
    };
    agreeFromNow();
    return status();
  }

  function now(): TrustedNow {
    const deviceAt = clock.now();
    if (!latest) return { at: deviceAt, deviceAt };
    if (latest.process_id === processId) {
      const serverAtReceive =
        latest.server_time + (latest.device_received_at - latest.device_sent_at) / 2;
      return {
        at: Math.round(serverAtReceive + (clock.monotonic() - latest.monotonic_received_at)),
        deviceAt,
      };
    }
    return { at: deviceAt + latest.offset_ms, deviceAt };
  }

  function status(): ClockStatus {
    watchForJump();
    const { at, deviceAt } = now();
    const recorded = highWater.get()?.at ?? 0;
    const latestRecordedAt = recorded > 0 ? recorded : null;
    const offsetMs = latest ? at - deviceAt : null;
    // Without a sample taken in this run, corrected time leans on the PC clock: a clock set back
    // shows as time running behind what the station already recorded.
    const behindRecords =
      !measuredInThisRun() && latestRecordedAt !== null && at < latestRecordedAt - CLOCK_WARN_MS;
    const stopReason: ClockStopReason | null =
      offsetMs !== null && Math.abs(offsetMs) > CLOCK_STOP_MS
        ? 'offset'
        : behindRecords
          ? 'behind-records'
          : jumpedByMs !== null
            ? 'jumped'
            : null;
    const state: ClockState =
      stopReason !== null
        ? 'stop'
        : offsetMs === null
          ? 'unmeasured'
          : Math.abs(offsetMs) > CLOCK_WARN_MS
            ? 'warn'
            : 'ok';
    const fresh =
      stopReason === null &&
      latest !== undefined &&
      measuredInThisRun() &&
      clock.monotonic() - latest.monotonic_received_at <= CLOCK_FRESH_MS;
    return {
      state,
      stopReason,
      offsetMs,
      jumpedByMs: stopReason === 'jumped' ? jumpedByMs : null,
      correctedNow: at,
      deviceNow: deviceAt,
      lastMeasuredAt: latest?.server_time ?? null,
      fresh,
      latestRecordedAt,
    };
  }

  return {
    now,
    status,
    record,
    /** A manager confirmed the time shown: the wall clock and the monotonic clock agree from here. */
    confirm: agreeFromNow,
    monotonic: () => clock.monotonic(),
  };
}

export type TrustedClock = ReturnType<typeof createTrustedClock>;

function minutes(ms: number): string {
  return `${Math.round(Math.abs(ms) / 60_000)} min`;
}

/** Refuses, in words, while the trusted clock stops dose recording. */
export function assertClockTrusted(status: ClockStatus): void {
  if (status.stopReason === 'offset') {
    refuse('CLOCK_UNTRUSTED', { offset: minutes(status.offsetMs ?? 0) });
  }
  if (status.stopReason === 'behind-records') {
    refuse('CLOCK_BEHIND_RECORDS', {
      now: malaysiaDisplay(status.correctedNow),
      latest: malaysiaDisplay(status.latestRecordedAt ?? status.correctedNow),
    });
  }
  if (status.stopReason === 'jumped') {
    refuse('CLOCK_JUMPED', { jump: minutes(status.jumpedByMs ?? 0) });
  }
}

/** The time a manager confirmed must be the console's, within the tolerance. */
export function assertConfirmedTime(confirmedTime: number, now: TrustedNow): void {
  if (Math.abs(confirmedTime - now.at) > CLOCK_CONFIRM_TOLERANCE_MS) {
    refuse('CLOCK_CONFIRMATION_MISMATCH', {
      confirmed: malaysiaDisplay(confirmedTime),
      shown: malaysiaDisplay(now.at),
    });
  }
}
