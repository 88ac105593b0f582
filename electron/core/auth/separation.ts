import type { AppDatabase } from '../../../db/open';
import type { AuditLog } from '../audit';
import type { TrustedClock } from '../clock';
import { parseRoles, type Users } from './users';

/**
 * Migration 0008 took every role but admin from accounts that held admin with others (separation
 * of duties) and left each a notice for its next sign-in. SQL cannot extend the audit chain, so the
 * first start after it records each change here, with the account's new state, once.
 */
export function auditSeparatedRoles(deps: {
  db: AppDatabase;
  users: Users;
  audit: AuditLog;
  clock: TrustedClock;
  stationId: string;
}): void {
  const { db, users, audit } = deps;
  const pending = db.sqlite
    .prepare<[], { id: number; user_id: string; detail: string }>(
      "SELECT id, user_id, detail FROM sign_in_notices WHERE kind = 'roles-removed' AND audited_at IS NULL ORDER BY id",
    )
    .all();
  if (pending.length === 0) return;
  const markAudited = db.sqlite.prepare<[number, number]>(
    'UPDATE sign_in_notices SET audited_at = ? WHERE id = ?',
  );
  db.sqlite.transaction(() => {
    const now = deps.clock.now();
    for (const notice of pending) {
      const { roles } = JSON.parse(notice.detail) as { roles: string };
      audit.append({
        at: now.at,
        deviceAt: now.deviceAt,
        userId: null,
        station: deps.stationId,
        action: 'user.rolesSeparated',
        entityType: 'user',
        entityId: notice.user_id,
        detail: {
          removedRoles: parseRoles(roles),
          reason: 'An admin account holds no other role (separation of duties, migration 0008).',
          userState: users.fingerprintOf(notice.user_id),
        },
      });
      markAudited.run(now.at, notice.id);
    }
  })();
}
