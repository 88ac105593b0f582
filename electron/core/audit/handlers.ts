import type { Users } from '../auth/users';
import type { Handlers } from '../dispatch/types';
import type { AppDatabase } from '../../../db/open';
import type { AuditLog, AuditRow } from '.';
import type { Anchoring } from './anchors';

export function auditHandlers(
  db: AppDatabase,
  audit: AuditLog,
  users: Users,
  anchoring: Pick<Anchoring, 'known' | 'status'>,
): Pick<Handlers, 'audit.list' | 'audit.verify' | 'audit.anchorStatus'> {
  const page = db.sqlite.prepare<[number, number], AuditRow>(
    'SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?',
  );
  /** Accounts the log saw made (their state audited) that are gone: accounts are disabled, never deleted. */
  const deletedUsers = db.sqlite.prepare<[], { userId: string; staffId: string | null }>(
    `SELECT a.entity_id AS userId,
       (SELECT json_extract(b.detail, '$.staffId') FROM audit_log b
        WHERE b.entity_type = 'user' AND b.entity_id = a.entity_id
          AND json_extract(b.detail, '$.staffId') IS NOT NULL
        ORDER BY b.seq LIMIT 1) AS staffId
     FROM audit_log a
     WHERE a.entity_type = 'user' AND json_extract(a.detail, '$.userState') IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = a.entity_id)
     GROUP BY a.entity_id
     ORDER BY min(a.seq)`,
  );
  return {
    'audit.list': (input) => {
      const before = input.cursor === null ? Number.MAX_SAFE_INTEGER : Number(input.cursor);
      const rows = page.all(Number.isSafeInteger(before) ? before : 0, input.limit + 1);
      const items = rows.slice(0, input.limit).map((row) => ({
        seq: row.seq,
        at: row.at,
        userId: row.user_id,
        station: row.station,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        detail: JSON.parse(row.detail) as Record<string, unknown>,
      }));
      return { items, nextCursor: rows.length > input.limit ? String(items.at(-1)?.seq) : null };
    },
    // The anchors as the anchoring rounds last fetched them: a verify never waits on the network
    // inside the dispatcher, which serves every desk.
    'audit.verify': () => {
      const verification = audit.verify(anchoring.known());
      const unaudited = users.unauditedStates().map((user) => ({
        seq: null,
        kind: 'user-state-unaudited' as const,
        note: `staff account ${user.staffId} was changed outside user management`,
      }));
      const deleted = deletedUsers.all().map((user) => ({
        seq: null,
        kind: 'user-state-unaudited' as const,
        note: `staff account ${user.staffId ?? user.userId} was deleted outside user management`,
      }));
      const problems = [...verification.problems, ...unaudited, ...deleted];
      return { ...verification, intact: problems.length === 0, problems };
    },
    'audit.anchorStatus': () => anchoring.status(),
  };
}
