import { createHash } from 'node:crypto';
import type { AppDatabase } from '../../../db/open';
import type { Role } from '../../contract';
import type { Actor } from '../dispatch/types';
import type { IdSource } from '../shared/ids';
import { refuse } from '../shared/errors';
import type { FailureRecord } from './attempts';

export interface UserRow {
  id: string;
  staff_id: string;
  full_name: string;
  secret_hash: string;
  active: number;
  must_change_secret: number;
  failed_attempts: number;
  /** When the account's next sign-in attempt may be checked (see attempts.ts). */
  locked_until: number | null;
  /** Who approved the first PIN the account holds, and so must witness its change. */
  first_pin_approved_by: string | null;
  created_at: number;
  roles: string | null;
}

export interface UserSummary {
  userId: string;
  staffId: string;
  fullName: string;
  roles: Role[];
  active: boolean;
  delayedUntil: number | null;
  createdAt: number;
}

/** Roles whose holders can approve, and whose grant or PIN reset needs an approval. */
export const PRIVILEGED: readonly Role[] = ['manager', 'admin'];

const roleOrder: Role[] = ['clerk', 'vaccinator', 'manager', 'admin'];

export function parseRoles(roles: string | null): Role[] {
  const held = new Set((roles ?? '').split(',').filter(Boolean));
  return roleOrder.filter((role) => held.has(role));
}

/** Separation of duties: whoever administers accounts and settings does nothing else. */
export function assertRolesSeparated(roles: readonly Role[]): void {
  if (roles.includes('admin') && new Set(roles).size > 1) refuse('ROLES_SEPARATED');
}

function summary(row: UserRow, at: number): UserSummary {
  return {
    userId: row.id,
    staffId: row.staff_id,
    fullName: row.full_name,
    roles: parseRoles(row.roles),
    active: row.active === 1,
    delayedUntil: row.locked_until !== null && row.locked_until > at ? row.locked_until : null,
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

type NoticeRow =
  | { kind: 'roles-removed'; created_at: number; detail: string }
  | { kind: 'pin-reset'; created_at: number; detail: string };

export type SignInNotice =
  | { kind: 'roles-removed'; at: number; roles: Role[] }
  | { kind: 'pin-reset'; at: number; byStaffId: string; byName: string };

const selectUser = `SELECT u.*, (SELECT group_concat(role) FROM user_roles r WHERE r.user_id = u.id) AS roles FROM users u`;

/**
 * Staff accounts. Every write goes through the database's user-write gate, so a change made
 * anywhere else (a script, a SQL shell) is refused by the triggers of migration 0001. Secrets
 * arrive here already hashed: hashing happens before the transaction (see handlers.ts).
 */
export function createUsers(db: AppDatabase, newId: IdSource) {
  const byId = db.sqlite.prepare<[string], UserRow>(`${selectUser} WHERE u.id = ?`);
  /** The columns every call's actor needs, without the secret's hash and the sign-in counters. */
  const actorById = db.sqlite.prepare<
    [string],
    Pick<UserRow, 'id' | 'staff_id' | 'full_name' | 'must_change_secret' | 'active' | 'roles'>
  >(
    `SELECT u.id, u.staff_id, u.full_name, u.must_change_secret, u.active,
       (SELECT group_concat(role) FROM user_roles r WHERE r.user_id = u.id) AS roles
     FROM users u WHERE u.id = ?`,
  );
  const byStaffId = db.sqlite.prepare<[string], UserRow>(`${selectUser} WHERE u.staff_id = ?`);
  const page = db.sqlite.prepare<[string, number], UserRow>(
    `${selectUser} WHERE u.staff_id > ? ORDER BY u.staff_id LIMIT ?`,
  );
  const insertUser = db.sqlite.prepare(
    `INSERT INTO users (id, staff_id, full_name, secret_hash, active, must_change_secret, failed_attempts, locked_until, first_pin_approved_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, 1, ?, 0, NULL, ?, ?, ?)`,
  );
  const insertRole = db.sqlite.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)');
  const deleteRoles = db.sqlite.prepare('DELETE FROM user_roles WHERE user_id = ?');
  const countActiveAdmins = db.sqlite.prepare<[], { n: number }>(
    `SELECT count(*) AS n FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'admin' WHERE u.active = 1`,
  );
  const countUsers = db.sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM users');
  const setFailures = db.sqlite.prepare<[number, number | null, string]>(
    'UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?',
  );
  /** A notice the console writes is audited with the change that caused it. */
  const insertNotice = db.sqlite.prepare<{
    userId: string;
    kind: string;
    detail: string;
    at: number;
  }>(
    `INSERT INTO sign_in_notices (user_id, kind, detail, created_at, audited_at) VALUES (@userId, @kind, @detail, @at, @at)`,
  );
  const pendingNotices = db.sqlite.prepare<[string], NoticeRow & { id: number }>(
    'SELECT id, kind, detail, created_at FROM sign_in_notices WHERE user_id = ? AND shown_at IS NULL ORDER BY id',
  );
  const markShown = db.sqlite.prepare<[number, number]>(
    'UPDATE sign_in_notices SET shown_at = ? WHERE id = ?',
  );
  const gate = db.userWriteGate;

  function get(userId: string): UserRow {
    return byId.get(userId) ?? refuse('USER_NOT_FOUND');
  }

  function assertKeepsAnAdmin(row: UserRow, stillActiveAdmin: boolean): void {
    const isActiveAdmin = row.active === 1 && parseRoles(row.roles).includes('admin');
    if (isActiveAdmin && !stillActiveAdmin && (countActiveAdmins.get()?.n ?? 0) <= 1) {
      refuse('LAST_ADMIN');
    }
  }

  function setRoles(userId: string, roles: Role[]): void {
    deleteRoles.run(userId);
    for (const role of new Set(roles)) insertRole.run(userId, role);
  }

  return {
    count: () => countUsers.get()?.n ?? 0,
    byId: (userId: string): UserRow | null => byId.get(userId) ?? null,
    byStaffId: (staffId: string): UserRow | null => byStaffId.get(staffId) ?? null,
    get,

    /** The caller's account as the dispatcher needs it on every call: fresh roles and status. */
    actor(userId: string): (Actor & { active: boolean }) | null {
      const row = actorById.get(userId);
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

    summary: (userId: string, at: number) => summary(get(userId), at),
    fingerprintOf: (userId: string) => userStateFingerprint(get(userId)),

    list(cursor: string | null, limit: number, at: number) {
      const rows = page.all(cursor ?? '', limit + 1);
      const items = rows.slice(0, limit).map((row) => summary(row, at));
      return { items, nextCursor: rows.length > limit ? (items.at(-1)?.staffId ?? null) : null };
    },

    /** The account's sign-in failures as attempts.ts counts them. */
    failureRecord: (row: UserRow): FailureRecord => ({
      failures: row.failed_attempts,
      notBefore: row.locked_until ?? 0,
    }),
    recordFailures(userId: string, record: FailureRecord | null): void {
      gate.run(() => setFailures.run(record?.failures ?? 0, record?.notBefore ?? null, userId));
    },

    /**
     * A first PIN (`to-change`) must be replaced by its holder before they work, so that what is
     * done under a staff ID is done by that person; `approvedBy` then witnesses that change. The
     * PPV's first admin sets up their own secret (`own`).
     */
    create(
      input: { staffId: string; fullName: string; roles: Role[] },
      secretHash: string,
      at: number,
      firstPin: { kind: 'to-change'; approvedBy: string | null } | { kind: 'own' },
    ) {
      assertRolesSeparated(input.roles);
      if (byStaffId.get(input.staffId)) refuse('STAFF_ID_TAKEN', { staffId: input.staffId });
      const userId = newId();
      gate.run(() => {
        insertUser.run(
          userId,
          input.staffId,
          input.fullName,
          secretHash,
          firstPin.kind === 'to-change' ? 1 : 0,
          firstPin.kind === 'to-change' ? firstPin.approvedBy : null,
          at,
          at,
        );
        setRoles(userId, input.roles);
      });
      return summary(get(userId), at);
    },

    update(
      actorId: string,
      input: { userId: string; fullName: string; roles: Role[] },
      at: number,
      approvedBy: string | null,
    ) {
      const row = get(input.userId);
      const before = parseRoles(row.roles);
      const after = roleOrder.filter((role) => input.roles.includes(role));
      const rolesChange = before.join() !== after.join();
      if (actorId === input.userId && rolesChange) refuse('SELF_CHANGE');
      assertRolesSeparated(after);
      assertKeepsAnAdmin(row, after.includes('admin'));
      gate.run(() => {
        db.sqlite
          .prepare('UPDATE users SET full_name = ?, updated_at = ? WHERE id = ?')
          .run(input.fullName, at, input.userId);
        // A first PIN the admin has seen now opens a privileged account: its change needs the approver.
        if (approvedBy !== null && row.must_change_secret === 1) {
          db.sqlite
            .prepare('UPDATE users SET first_pin_approved_by = ? WHERE id = ?')
            .run(approvedBy, input.userId);
        }
        setRoles(input.userId, after);
      });
      return summary(get(input.userId), at);
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
      return summary(get(userId), at);
    },

    /** A new first PIN; its holder is told at their next sign-in who reset it. */
    resetSecret(
      actorId: string,
      userId: string,
      secretHash: string,
      at: number,
      approvedBy: string | null,
    ) {
      get(userId);
      gate.run(() =>
        db.sqlite
          .prepare(
            'UPDATE users SET secret_hash = ?, must_change_secret = 1, failed_attempts = 0, locked_until = NULL, first_pin_approved_by = ?, updated_at = ? WHERE id = ?',
          )
          .run(secretHash, approvedBy, at, userId),
      );
      insertNotice.run({
        userId,
        kind: 'pin-reset',
        detail: JSON.stringify({ byUserId: actorId }),
        at,
      });
      return summary(get(userId), at);
    },

    setOwnSecret(userId: string, secretHash: string, at: number): void {
      gate.run(() =>
        db.sqlite
          .prepare(
            'UPDATE users SET secret_hash = ?, must_change_secret = 0, first_pin_approved_by = NULL, updated_at = ? WHERE id = ?',
          )
          .run(secretHash, at, userId),
      );
    },

    /** What the person has not been told yet; told now, so each notice is shown once. */
    takeNotices(userId: string, at: number): SignInNotice[] {
      return pendingNotices.all(userId).map((notice) => {
        markShown.run(at, notice.id);
        if (notice.kind === 'roles-removed') {
          const detail = JSON.parse(notice.detail) as { roles: string };
          return { kind: notice.kind, at: notice.created_at, roles: parseRoles(detail.roles) };
        }
        const { byUserId } = JSON.parse(notice.detail) as { byUserId: string };
        const by = byId.get(byUserId);
        return {
          kind: notice.kind,
          at: notice.created_at,
          byStaffId: by?.staff_id ?? '?',
          byName: by?.full_name ?? '?',
        };
      });
    },

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
