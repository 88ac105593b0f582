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
      const problems = [...verification.problems, ...unaudited];
      return { ...verification, intact: problems.length === 0, problems };
    },
    'audit.anchorStatus': () => anchoring.status(),
  };
}
