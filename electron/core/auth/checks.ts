import type { AuditAction, ErrorCode, Role } from '../../contract';
import { countingStation, type CallContext } from '../dispatch/types';
import { CommittedRefusal, refuse } from '../shared/errors';
import {
  afterFailure,
  current,
  delayAfter,
  delayAnywhere,
  FIRST_DELAYED_FAILURE,
  waitUntil,
  type AttemptGuard,
  type FailureRecord,
} from './attempts';
import type { SecretHasher } from './secrets';
import { parseRoles, type UserRow, type Users } from './users';

/** Where one key's failures are kept: the account's row, or the guard's memory. */
interface Failures {
  record(at: number): FailureRecord | null;
  failed(at: number): FailureRecord;
  cleared(): void;
}

/**
 * A secret checked before the transaction: the account it was checked against (null when the staff
 * ID names none) and the stored hash it matched (null when it did not). The transaction then
 * settles it: the account must still hold that hash and be active.
 */
export interface CheckedSecret {
  row: UserRow | null;
  matchedHash: string | null;
  failures: Failures;
  kind: 'sign-in' | 'approval' | 'own-secret';
}

/** Hours, minutes and seconds in Malaysia time: a wait is at most five minutes. */
function clockTime(epochMs: number): string {
  return new Date(epochMs + 8 * 3_600_000).toISOString().slice(11, 19);
}

const refusalCodes: Record<CheckedSecret['kind'], { failed: ErrorCode; delayed: ErrorCode }> = {
  'sign-in': { failed: 'SIGN_IN_FAILED', delayed: 'SIGN_IN_DELAYED' },
  'own-secret': { failed: 'SIGN_IN_FAILED', delayed: 'SIGN_IN_DELAYED' },
  approval: { failed: 'APPROVAL_FAILED', delayed: 'APPROVAL_DELAYED' },
};

/**
 * Checking secrets: the throttles and waits of attempts.ts, the hash off the event loop, and the
 * settling inside the transaction. Every attempt that is admitted costs one hash, whether the staff
 * ID is unknown, the account disabled, waiting, or the secret right: none of them answers sooner.
 */
export function createSecretChecks(deps: {
  users: Users;
  guard: AttemptGuard;
  hasher: SecretHasher;
}) {
  const { users, guard, hasher } = deps;

  const inMemory = (key: string, delayFor = delayAfter): Failures => ({
    record: () => guard.record(key),
    failed: (at) => guard.recordFailure(key, at, delayFor),
    cleared: () => guard.succeeded(key),
  });
  const onAccount = (row: UserRow, delayFor: (failures: number) => number): Failures => ({
    record: () => users.failureRecord(row),
    failed(at) {
      const fresh = users.byId(row.id) ?? row;
      const next = afterFailure(users.failureRecord(fresh), at, delayFor);
      users.recordFailures(row.id, next);
      return next;
    },
    cleared() {
      if (row.failed_attempts !== 0 || row.locked_until !== null)
        users.recordFailures(row.id, null);
    },
  });
  /** Of two records, the one that waits longer. */
  const longerWait = <R extends FailureRecord | null>(a: R, b: R): R =>
    !a ? b : !b ? a : a.notBefore >= b.notBefore ? a : b;
  /**
   * A staff ID's failures at this station (`here`), and at every station together (`anywhere`,
   * counted with `delayAnywhere`). The wait of every station holds only a station that has failed
   * five times itself: a rogue desk typing a colleague's staff ID, to sign in or to approve, makes
   * it wait there, never at the colleague's own desk.
   */
  const hereAndAnywhere = (here: Failures, anywhere: Failures): Failures => {
    const joined = <R extends FailureRecord | null>(own: R, all: R, at: number): R =>
      (current(own, at)?.failures ?? 0) >= FIRST_DELAYED_FAILURE ? longerWait(own, all) : own;
    return {
      record: (at) => joined(here.record(at), anywhere.record(at), at),
      failed: (at) => joined(here.failed(at), anywhere.failed(at), at),
      cleared() {
        here.cleared();
        anywhere.cleared();
      },
    };
  };
  /** A staff ID's sign-ins: every station's failures on the account's row (an unknown ID's in memory). */
  const signInFailures = (staffId: string, row: UserRow | null, call: CallContext): Failures =>
    hereAndAnywhere(
      inMemory(`sign-in:${staffId}#${countingStation(call)}`),
      row ? onAccount(row, delayAnywhere) : inMemory(`sign-in:${staffId}`, delayAnywhere),
    );
  /** An approver's approvals, apart from their sign-ins: every station's failures in memory. */
  const approvalFailures = (staffId: string, call: CallContext): Failures =>
    hereAndAnywhere(
      inMemory(`approval:${staffId}#${countingStation(call)}`),
      inMemory(`approval:${staffId}`, delayAnywhere),
    );

  async function check(
    kind: CheckedSecret['kind'],
    row: UserRow | null,
    secret: string,
    failures: Failures,
    at: number,
    call: CallContext,
  ): Promise<CheckedSecret> {
    guard.admit(call, kind);
    try {
      const until = waitUntil(failures.record(at), at);
      if (until !== null) {
        await hasher.check(secret, null);
        guard.failed(call, kind === 'own-secret');
        refuse(refusalCodes[kind].delayed, { until: clockTime(until) });
      }
      const matches = await hasher.check(secret, row?.secret_hash ?? null);
      return { kind, row, matchedHash: matches && row ? row.secret_hash : null, failures };
    } finally {
      guard.checked(call);
    }
  }

  /**
   * Inside the transaction: the account still holds the hash that matched and is active, or the
   * failure is counted and refused with its audit entry (`action`), both committed.
   */
  function settle(
    checked: CheckedSecret,
    call: CallContext,
    at: number,
    action: AuditAction,
  ): UserRow {
    const fresh = checked.row ? users.byId(checked.row.id) : null;
    if (
      checked.matchedHash !== null &&
      fresh !== null &&
      fresh.active === 1 &&
      fresh.secret_hash === checked.matchedHash
    ) {
      checked.failures.cleared();
      return fresh;
    }
    const record = checked.failures.failed(at);
    guard.failed(call, checked.kind === 'own-secret');
    const until = waitUntil(record, at);
    const codes = refusalCodes[checked.kind];
    const code = until === null ? codes.failed : codes.delayed;
    throw new CommittedRefusal(code, until === null ? {} : { until: clockTime(until) }, action, {
      entityType: 'user',
      entityId: fresh?.id ?? null,
      // What was typed as a staff ID is kept only when it names an account: a PIN typed into
      // the wrong field must not live in the append-only log.
      detail: fresh
        ? { outcome: code, staffId: fresh.staff_id }
        : { outcome: code, knownAccount: false },
    });
  }

  return {
    settle,
    forgetConnection: (connectionId: string) => guard.forgetConnection(connectionId),
    /**
     * Someone signing in: the staff ID's failures at this station, in memory, and at every station,
     * in the account's row (an unknown ID's in memory).
     */
    signIn(staffId: string, secret: string, call: CallContext, at: number) {
      const row = users.byStaffId(staffId);
      return check('sign-in', row, secret, signInFailures(staffId, row, call), at, call);
    },

    /**
     * The signed-in person proving it is them (unlocking, changing their PIN): failures count for
     * this connection only, so nobody else's attempts can keep a locked desk locked.
     */
    ownSecret(userId: string, secret: string, call: CallContext, at: number) {
      const row = users.get(userId);
      return check(
        'own-secret',
        row,
        secret,
        inMemory(`own:${userId}@${call.connectionId}`),
        at,
        call,
      );
    },

    /**
     * A second person's approval, typed at someone else's desk: failures count for the approver at
     * this station and at every station together, apart from their own sign-in, so a wrong approval
     * never keeps them out, and one desk's wrong approvals never make them wait at another.
     */
    approval(approval: { staffId: string; secret: string }, call: CallContext, at: number) {
      const row = users.byStaffId(approval.staffId);
      const failures = approvalFailures(approval.staffId, call);
      return check('approval', row, approval.secret, failures, at, call);
    },

    /**
     * Settles an approval and checks who gave it: someone holding one of `roles`, on their own PIN
     * (not a first one), and none of `excluded` (the person acting, the person changed).
     */
    approver(
      checked: CheckedSecret,
      call: CallContext,
      at: number,
      action: AuditAction,
      rule: { roles: readonly Role[]; excluded: readonly string[]; refusal: ErrorCode },
    ): UserRow {
      const row = settle(checked, call, at, action);
      const held = parseRoles(row.roles);
      if (
        rule.excluded.includes(row.id) ||
        row.must_change_secret === 1 ||
        !rule.roles.some((role) => held.includes(role))
      ) {
        refuse(rule.refusal);
      }
      return row;
    },
  };
}

export type SecretChecks = ReturnType<typeof createSecretChecks>;
