import { countingStation, type CallContext } from '../dispatch/types';
import type { Clock } from '../shared/clock';
import { refuse } from '../shared/errors';

/** The failure from which attempts wait, doubling each time, up to the longest wait. */
export const FIRST_DELAYED_FAILURE = 5;
export const FIRST_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 5 * 60_000;
/** Failures this long after their wait has ended are forgotten. */
export const FORGET_AFTER_MS = 24 * 60 * 60_000;
/** Failed secret checks one connection may make in a minute before its checks wait. */
export const CONNECTION_FAILURES_PER_MINUTE = 10;
/** Failed secret checks one station may make in a minute before its sign-ins and approvals wait. */
export const STATION_FAILURES_PER_MINUTE = 30;

const MINUTE_MS = 60_000;
const BOOK_PRUNE_SIZE = 10_000;

/** Failed attempts against one key (an account, or an account at one connection or station). */
export interface FailureRecord {
  failures: number;
  /** No attempt is checked before then; failures before the fifth do not wait (it is the failure's time). */
  notBefore: number;
}

export function delayAfter(failures: number): number {
  if (failures < FIRST_DELAYED_FAILURE) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** (failures - FIRST_DELAYED_FAILURE), MAX_DELAY_MS);
}

/**
 * A staff ID's failures at every station together (its sign-ins, and apart from them its approvals)
 * wait from this one, and only at a station that has itself failed five times for it: one desk's
 * guessing never makes anyone wait at another, yet more desks buy no more than five guesses each
 * before the staff ID's wait holds them.
 */
export const FIRST_DELAYED_ANYWHERE = 3 * FIRST_DELAYED_FAILURE;

/** The wait after a staff ID's failures at every station together. */
export const delayAnywhere = (failures: number): number =>
  delayAfter(failures - FIRST_DELAYED_ANYWHERE + FIRST_DELAYED_FAILURE);

/** The record as it stands at `at`: failures long past are forgotten. */
export function current(record: FailureRecord | null, at: number): FailureRecord | null {
  if (!record || record.failures === 0 || at > record.notBefore + FORGET_AFTER_MS) return null;
  return record;
}

/** Until when an attempt at `at` must wait, or null when it may be checked now. */
export function waitUntil(record: FailureRecord | null, at: number): number | null {
  const standing = current(record, at);
  return standing && standing.notBefore > at ? standing.notBefore : null;
}

export function afterFailure(
  record: FailureRecord | null,
  at: number,
  delayFor: (failures: number) => number = delayAfter,
): FailureRecord {
  const failures = (current(record, at)?.failures ?? 0) + 1;
  return { failures, notBefore: at + delayFor(failures) };
}

/**
 * The in-memory side of sign-in protection: how fast each connection and station may try, and the
 * failure records that live only as long as the process (unknown staff IDs, unlocking a desk,
 * approvals). Known accounts keep their sign-in failures in the database, so a restart resets nothing.
 * The windows run on the monotonic clock; waits on the trusted clock, as the database's do.
 */
export function createAttemptGuard(clock: Clock) {
  const connectionFailures = new Map<string, number[]>();
  /** Connections with a secret being checked: one at a time each. */
  const checking = new Set<string>();
  const stationFailures = new Map<string, number[]>();
  const book = new Map<string, FailureRecord>();

  const recent = (times: Map<string, number[]>, key: string): number[] => {
    const since = clock.monotonic() - MINUTE_MS;
    const kept = (times.get(key) ?? []).filter((time) => time > since);
    times.set(key, kept);
    return kept;
  };

  return {
    /**
     * Admits one secret check from this connection, or refuses it: none while another of its checks
     * runs, while it has failed ten times in the last minute, nor while its station has failed thirty
     * times. Unlocking one's own desk is exempt from the station's count: others' failures never
     * keep it locked. An admitted check ends with `checked`.
     */
    admit(call: CallContext, kind: 'sign-in' | 'approval' | 'own-secret'): void {
      if (checking.has(call.connectionId)) refuse('CHECK_IN_PROGRESS');
      if (recent(connectionFailures, call.connectionId).length >= CONNECTION_FAILURES_PER_MINUTE) {
        refuse('SIGN_IN_THROTTLED');
      }
      if (
        kind !== 'own-secret' &&
        recent(stationFailures, countingStation(call)).length >= STATION_FAILURES_PER_MINUTE
      ) {
        refuse('SIGN_IN_THROTTLED');
      }
      checking.add(call.connectionId);
    },
    /** The connection's check is done: its next may start. */
    checked(call: CallContext): void {
      checking.delete(call.connectionId);
    },
    /** A check failed (or had to wait): it counts for its connection and, unless `ownSecret`, its station. */
    failed(call: CallContext, ownSecret: boolean): void {
      recent(connectionFailures, call.connectionId).push(clock.monotonic());
      if (!ownSecret) recent(stationFailures, countingStation(call)).push(clock.monotonic());
    },
    record: (key: string): FailureRecord | null => book.get(key) ?? null,
    recordFailure(
      key: string,
      at: number,
      delayFor: (failures: number) => number = delayAfter,
    ): FailureRecord {
      const next = afterFailure(book.get(key) ?? null, at, delayFor);
      book.set(key, next);
      if (book.size > BOOK_PRUNE_SIZE) {
        for (const [each, record] of book) if (!current(record, at)) book.delete(each);
      }
      return next;
    },
    succeeded(key: string): void {
      book.delete(key);
    },
    forgetConnection(connectionId: string): void {
      connectionFailures.delete(connectionId);
      for (const key of book.keys()) if (key.endsWith(`@${connectionId}`)) book.delete(key);
    },
  };
}

export type AttemptGuard = ReturnType<typeof createAttemptGuard>;
