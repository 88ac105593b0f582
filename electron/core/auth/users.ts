import { createHash } from 'node:crypto';
import type { AppDatabase } from '../../../db/open';
import type { Role } from '../../contract';
import type { Actor } from '../dispatch/types';
import type { IdSource } from '../shared/ids';
import { CommittedRefusal, refuse } from '../shared/errors';
import { malaysiaDisplay } from '../shared/time';
import { assertSecretStrongEnough, hashSecret, verifySecret, type HashCost } from './secrets';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

interface UserRow {
  id: string;
  staff_id: string;
  full_name: string;
  secret_hash: string;
  active: number;
  must_change_secret: number;
  failed_attempts: number;
  locked_until: number | null;
  created_at: number;
  roles: string | null;
}

export interface UserSummary {
  userId: string;
  staffId: string;
  fullName: string;
  roles: Role[];
  active: boolean;
  lockedUntil: number | null;
  createdAt: number;
}

const roleOrder: Role[] = ['clerk', 'vaccinator', 'manager', 'admin'];

function parseRoles(roles: string | null): Role[] {
  const held = new Set((roles ?? '').split(',').filter(Boolean));
  return roleOrder.filter((role) => held.has(role));
}

function summary(row: UserRow): UserSummary {
  return {
    userId: row.id,
    staffId: row.staff_id,
    fullName: row.full_name,
    roles: parseRoles(row.roles),
    active: row.active === 1,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
  };
}

/**
 * The audited identity of an account: what an admin may change through user management. If a row
 * ever differs from the state its last audit entry recorded, the change came from outside.
 */
export function userStateFingerprint(
  row: Pick<UserRow, 'id' | 'staff_id' | 'full_name' | 'active' | 'secret_hash' | 'roles'>,
): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        row.id,
        row.staff_id,
        row.full_name,
        row.active === 1,
        parseRoles(row.roles),
        row.secret_hash,
      ]),
    )
    .digest('hex');
}

const selectUser = `SELECT u.*, (SELECT group_concat(role) FROM user_roles r WHERE r.user_id = u.id) AS roles FROM users u`;

/**
 * Staff accounts. Every write goes through the database's user-write gate, so a change made
 * anywhere else (a script, a SQL shell) is refused by the triggers of migration 0001.
 */
export function createUsers(db: AppDatabase, hashCost: HashCost, newId: IdSource) {
  const byId = db.sqlite.prepare<[string], UserRow>(`${selectUser} WHERE u.id = ?`);
  const byStaffId = db.sqlite.prepare<[string], UserRow>(`${selectUser} WHERE u.staff_id = ?`);
  const page = db.sqlite.prepare<[string, number], UserRow>(
    `${selectUser} WHERE u.staff_id > ? ORDER BY u.staff_id LIMIT ?`,
  );
  const insertUser = db.sqlite.prepare(
    `INSERT INTO users (id, staff_id, full_name, secret_hash, active, must_change_secret, failed_attempts, locked_until, created_at, updated_at)
     VALUES (?, ?, ?, ?, 1, ?, 0, NULL, ?, ?)`,
  );
  const insertRole = db.sqlite.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)');
  const deleteRoles = db.sqlite.prepare('DELETE FROM user_roles WHERE user_id = ?');
  const countActiveAdmins = db.sqlite.prepare<[], { n: number }>(
    `SELECT count(*) AS n FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'admin' WHERE u.active = 1`,
  );
  const countUsers = db.sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM users');
  const gate = db.userWriteGate;
  let equaliser: string | null = null;
  /** A hash to verify against for unknown staff IDs, so that they cost what a known one costs. */
  const timingEqualiser = () => (equaliser ??= hashSecret('timing-equaliser', hashCost));

  function get(userId: string): UserRow {
    return byId.get(userId) ?? refuse('USER_NOT_FOUND');
  }

  function fingerprintOf(userId: string): string {
    return userStateFingerprint(get(userId));
  }

  function assertKeepsAnAdmin(row: UserRow, stillActiveAdmin: boolean): void {
    const isActiveAdmin = row.active === 1 && parseRoles(row.roles).includes('admin');
    if (isActiveAdmin && !stillActiveAdmin && (countActiveAdmins.get()?.n ?? 0) <= 1)
      refuse('LAST_ADMIN');
  }

  function setRoles(userId: string, roles: Role[]): void {
    deleteRoles.run(userId);
    for (const role of new Set(roles)) insertRole.run(userId, role);
  }

  /**
   * Checks a staff ID and secret. Failures are counted and, at the fifth, lock the account for
   * 15 minutes; they are refused with a CommittedRefusal so the count and its audit entry stand.
   */
  function authenticate(staffId: string, secret: string, at: number, action: string): UserRow {
    const row = byStaffId.get(staffId);
    const refusal = (
      code: 'SIGN_IN_FAILED' | 'ACCOUNT_LOCKED' | 'ACCOUNT_DISABLED',
      until?: number,
    ) =>
      new CommittedRefusal(code, until ? { until: malaysiaDisplay(until) } : {}, action, {
        entityType: 'user',
        entityId: row?.id ?? null,
        // What was typed as a staff ID is kept only when it names an account: a PIN typed into
        // the wrong field must not live in the append-only log.
        detail: row
          ? { outcome: code, staffId: row.staff_id }
          : { outcome: code, knownAccount: false },
      });
    if (!row) {
      verifySecret(secret, timingEqualiser());
      throw refusal('SIGN_IN_FAILED');
    }
    if (row.active !== 1) throw refusal('ACCOUNT_DISABLED');
    if (row.locked_until !== null && row.locked_until > at)
      throw refusal('ACCOUNT_LOCKED', row.locked_until);
    if (!verifySecret(secret, row.secret_hash)) {
      const failures = row.failed_attempts + 1;
      const lockedUntil = failures >= MAX_FAILED_SIGN_INS ? at + LOCKOUT_MS : null;
      gate.run(() =>
        db.sqlite
          .prepare('UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?')
          .run(lockedUntil ? 0 : failures, lockedUntil, row.id),
      );
      throw lockedUntil ? refusal('ACCOUNT_LOCKED', lockedUntil) : refusal('SIGN_IN_FAILED');
    }
    if (row.failed_attempts !== 0 || row.locked_until !== null) {
      gate.run(() =>
        db.sqlite
          .prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?')
          .run(row.id),
      );
    }
    return row;
  }

  return {
    count: () => countUsers.get()?.n ?? 0,

    /** The caller's account as the dispatcher needs it on every call: fresh roles and status. */
    actor(userId: string): (Actor & { active: boolean }) | null {
      const row = byId.get(userId);
      if (!row) return null;
      return {
        userId: row.id,
        staffId: row.staff_id,
        fullName: row.full_name,
        roles: parseRoles(row.roles),
        mustChangeSecret: row.must_change_secret === 1,
        active: row.active === 1,
      };
    },

    summary: (userId: string) => summary(get(userId)),
    fingerprintOf,

    list(cursor: string | null, limit: number) {
      const rows = page.all(cursor ?? '', limit + 1);
      const items = rows.slice(0, limit).map(summary);
      return { items, nextCursor: rows.length > limit ? (items.at(-1)?.staffId ?? null) : null };
    },

    /**
     * A PIN an admin sets is a first PIN: its holder must choose their own before working, so that
     * what is done under a staff ID is done by that person. The PPV's first admin sets up their own.
     */
    create(
      input: { staffId: string; fullName: string; roles: Role[]; secret: string },
      at: number,
      firstPin: 'to-change' | 'own' = 'to-change',
    ) {
      assertSecretStrongEnough(input.secret);
      if (byStaffId.get(input.staffId)) refuse('STAFF_ID_TAKEN', { staffId: input.staffId });
      const userId = newId();
      const secretHash = hashSecret(input.secret, hashCost);
      gate.run(() => {
        insertUser.run(
          userId,
          input.staffId,
          input.fullName,
          secretHash,
          firstPin === 'to-change' ? 1 : 0,
          at,
          at,
        );
        setRoles(userId, input.roles);
      });
      return summary(get(userId));
    },

    update(
      actorId: string,
      input: { userId: string; fullName: string; roles: Role[] },
      at: number,
    ) {
      const row = get(input.userId);
      const rolesChange =
        parseRoles(row.roles).join() !== roleOrder.filter((r) => input.roles.includes(r)).join();
      if (actorId === input.userId && rolesChange) refuse('SELF_CHANGE');
      assertKeepsAnAdmin(row, input.roles.includes('admin'));
      gate.run(() => {
        db.sqlite
          .prepare('UPDATE users SET full_name = ?, updated_at = ? WHERE id = ?')
          .run(input.fullName, at, input.userId);
        setRoles(input.userId, input.roles);
      });
      return summary(get(input.userId));
    },

    setActive(actorId: string, userId: string, active: boolean, at: number) {
      const row = get(userId);
      if (actorId === userId) refuse('SELF_CHANGE');
      if (!active) assertKeepsAnAdmin(row, false);
      gate.run(() =>
        db.sqlite
          .prepare('UPDATE users SET active = ?, updated_at = ? WHERE id = ?')
          .run(active ? 1 : 0, at, userId),
      );
      return summary(get(userId));
    },

    resetSecret(userId: string, secret: string, at: number) {
      get(userId);
      assertSecretStrongEnough(secret);
      const secretHash = hashSecret(secret, hashCost);
      gate.run(() =>
        db.sqlite
          .prepare(
            'UPDATE users SET secret_hash = ?, must_change_secret = 1, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?',
          )
          .run(secretHash, at, userId),
      );
      return summary(get(userId));
    },

    changeOwnSecret(userId: string, currentSecret: string, newSecret: string, at: number): void {
      authenticate(get(userId).staff_id, currentSecret, at, 'auth.changeSecretFailed');
      if (newSecret === currentSecret) refuse('PIN_REUSED');
      assertSecretStrongEnough(newSecret);
      const secretHash = hashSecret(newSecret, hashCost);
      gate.run(() =>
        db.sqlite
          .prepare(
            'UPDATE users SET secret_hash = ?, must_change_secret = 0, updated_at = ? WHERE id = ?',
          )
          .run(secretHash, at, userId),
      );
    },

    authenticate,

    /** Accounts whose current state no audit entry of user management explains. */
    unauditedStates(): Array<{ userId: string; staffId: string }> {
      const lastAudited = db.sqlite.prepare<[string], { detail: string }>(
        `SELECT detail FROM audit_log WHERE entity_type = 'user' AND entity_id = ? AND json_extract(detail, '$.userState') IS NOT NULL ORDER BY seq DESC LIMIT 1`,
      );
      const unaudited: Array<{ userId: string; staffId: string }> = [];
      for (const row of db.sqlite.prepare<[], UserRow>(selectUser).all()) {
        const audited = lastAudited.get(row.id);
        const recorded = audited
          ? (JSON.parse(audited.detail) as { userState?: string }).userState
          : undefined;
        if (recorded !== userStateFingerprint(row))
          unaudited.push({ userId: row.id, staffId: row.staff_id });
      }
      return unaudited;
    },
  };
}

export type Users = ReturnType<typeof createUsers>;
