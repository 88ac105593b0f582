import { randomUUID } from 'node:crypto';
import type { AppDatabase } from '../../../db/open';
import type { Clock } from '../shared/clock';

export const CLOCK_WARN_MS = 2 * 60 * 1000;
export const CLOCK_STOP_MS = 10 * 60 * 1000;

export type ClockState = 'unmeasured' | 'ok' | 'warn' | 'stop';

export interface TrustedNow {
  /** Corrected time: the best estimate of MyVAS server time. */
  at: number;
  /** What this PC's own clock says. */
  deviceAt: number;
}

export interface ClockStatus {
  state: ClockState;
  offsetMs: number | null;
  correctedNow: number;
  deviceNow: number;
  lastMeasuredAt: number | null;
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
 * so a person changing the PC's clock neither fools it nor needs a new sample to be noticed.
 * After a restart it falls back to device time plus the last offset.
 */
export function createTrustedClock(db: AppDatabase, clock: Clock) {
  const processId = randomUUID();
  const insert = db.sqlite.prepare(
    `INSERT INTO clock_samples (source, device_sent_at, device_received_at, monotonic_received_at, process_id, server_time, offset_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const lastRecordedAt = db.sqlite.prepare<[], { at: number }>(
    'SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  let latest = db.sqlite
    .prepare<[], SampleRow>('SELECT * FROM clock_samples ORDER BY id DESC LIMIT 1')
    .get();

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

  /**
   * Without a sample taken in this process, corrected time leans on the PC clock. A PC clock set back
   * shows as time running behind what this station already wrote in its audit log: stop then too.
   */
  function runsBehindTheRecord(at: number): boolean {
    if (latest && latest.process_id === processId) return false;
    const recorded = lastRecordedAt.get()?.at;
    return recorded !== undefined && at < recorded - CLOCK_WARN_MS;
  }

  function status(): ClockStatus {
    const { at, deviceAt } = now();
    if (runsBehindTheRecord(at)) {
      return {
        state: 'stop',
        offsetMs: latest ? at - deviceAt : null,
        correctedNow: at,
        deviceNow: deviceAt,
        lastMeasuredAt: latest?.server_time ?? null,
      };
    }
    if (!latest) {
      return {
        state: 'unmeasured',
        offsetMs: null,
        correctedNow: at,
        deviceNow: deviceAt,
        lastMeasuredAt: null,
      };
    }
    const offsetMs = at - deviceAt;
    const size = Math.abs(offsetMs);
    const state: ClockState = size > CLOCK_STOP_MS ? 'stop' : size > CLOCK_WARN_MS ? 'warn' : 'ok';
    return {
      state,
      offsetMs,
      correctedNow: at,
      deviceNow: deviceAt,
      lastMeasuredAt: latest.server_time,
    };
  }

  return { now, status, record, monotonic: () => clock.monotonic() };
}

export type TrustedClock = ReturnType<typeof createTrustedClock>;
