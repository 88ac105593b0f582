import { createHash } from 'node:crypto';
import type { AppDatabase } from '../../../db/open';
import { canonicalJson } from '../shared/canonical';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditAppend {
  at: number;
  deviceAt: number;
  userId: string | null;
  station: string;
  action: string;
  entityType: string | null;
  entityId: string | null;
  /** No personal data: ids, counts, codes and masked document numbers only. */
  detail: Record<string, unknown>;
}

export interface AuditRow {
  seq: number;
  at: number;
  device_at: number;
  user_id: string | null;
  station: string;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

export interface AuditProblem {
  seq: number | null;
  kind:
    | 'changed'
    | 'broken-link'
    | 'missing'
    | 'tail-missing'
    | 'batch-head-missing'
    | 'user-state-unaudited';
  note: string;
}

export interface AuditVerification {
  intact: boolean;
  entries: number;
  head: string;
  problems: AuditProblem[];
}

export function entryHash(
  prevHash: string,
  entry: { seq: number; detail: string } & Omit<AuditAppend, 'detail'>,
): string {
  const body = canonicalJson({
    seq: entry.seq,
    at: entry.at,
    deviceAt: entry.deviceAt,
    userId: entry.userId,
    station: entry.station,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    detail: entry.detail,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * The append-only, hash-chained audit log. Each entry's hash covers its sequence number, its fields
 * and the previous entry's hash, so an edited row, a deleted row or a reordering breaks the chain.
 */
export function createAuditLog(db: AppDatabase) {
  const lastEntry = db.sqlite.prepare<[], { seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  const insert = db.sqlite.prepare(
    `INSERT INTO audit_log (seq, at, device_at, user_id, station, action, entity_type, entity_id, detail, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const highestSeqEverUsed = db.sqlite.prepare<[], { seq: number }>(
    "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'",
  );

  function head(): string {
    return lastEntry.get()?.hash ?? GENESIS_HASH;
  }

  function append(entry: AuditAppend): { seq: number; hash: string } {
    const previous = lastEntry.get();
    const seq = (previous?.seq ?? 0) + 1;
    const prevHash = previous?.hash ?? GENESIS_HASH;
    const detail = canonicalJson(entry.detail);
    const hash = entryHash(prevHash, { ...entry, seq, detail });
    insert.run(
      seq,
      entry.at,
      entry.deviceAt,
      entry.userId,
      entry.station,
      entry.action,
      entry.entityType,
      entry.entityId,
      detail,
      prevHash,
      hash,
    );
    return { seq, hash };
  }

  function verify(): AuditVerification {
    const problems: AuditProblem[] = [];
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let entries = 0;
    const hashes = new Set<string>();
    for (const row of db.sqlite
      .prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq')
      .iterate()) {
      entries += 1;
      if (row.seq !== expectedSeq) {
        problems.push({
          seq: row.seq,
          kind: 'missing',
          note: `entries ${expectedSeq}–${row.seq - 1} are missing`,
        });
      }
      if (row.prev_hash !== prevHash) {
        problems.push({
          seq: row.seq,
          kind: 'broken-link',
          note: 'does not follow the entry before it',
        });
      }
      const recomputed = entryHash(row.prev_hash, {
        seq: row.seq,
        at: row.at,
        deviceAt: row.device_at,
        userId: row.user_id,
        station: row.station,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        detail: row.detail,
      });
      if (recomputed !== row.hash) {
        problems.push({
          seq: row.seq,
          kind: 'changed',
          note: 'its content no longer matches its hash',
        });
      }
      hashes.add(row.hash);
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
    }
    const highest = highestSeqEverUsed.get()?.seq ?? 0;
    if (highest >= expectedSeq) {
      problems.push({
        seq: null,
        kind: 'tail-missing',
        note: `entries ${expectedSeq}–${highest} were written and are gone`,
      });
    }
    for (const batch of db.sqlite
      .prepare<[], { id: string; audit_head: string }>('SELECT id, audit_head FROM batches')
      .iterate()) {
      if (!hashes.has(batch.audit_head)) {
        problems.push({
          seq: null,
          kind: 'batch-head-missing',
          note: `batch ${batch.id} was sealed at an audit entry that is no longer in the log`,
        });
      }
    }
    return { intact: problems.length === 0, entries, head: prevHash, problems };
  }

  return { append, head, verify };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
