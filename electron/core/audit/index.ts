import { createHash } from 'node:crypto';
import type { AppDatabase } from '../../../db/open';
import type { AuditAction } from '../../contract';
import { canonicalJson } from '../shared/canonical';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditAppend {
  at: number;
  deviceAt: number;
  userId: string | null;
  station: string;
  action: AuditAction;
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
    | 'anchor-disagrees'
    | 'batch-head-missing'
    | 'user-state-unaudited';
  note: string;
}

/** An entry's hash as MyVAS holds it (`POST /v1/anchors`). */
export interface AnchoredHead {
  seq: number;
  head: string;
}

/** The anchors MyVAS held when last asked, or null when it could not be asked. */
export interface KnownAnchors {
  fetchedAt: number;
  anchors: readonly AnchoredHead[];
}

export interface AnchorCheck {
  checked: boolean;
  fetchedAt: number | null;
  count: number;
  lastSeq: number | null;
}

export interface AuditVerification {
  intact: boolean;
  entries: number;
  head: string;
  problems: AuditProblem[];
  anchors: AnchorCheck;
}

export function entryHash(
  prevHash: string,
  // Any action a stored row holds, written by this version or an earlier one.
  entry: { seq: number; detail: string; action: string } & Omit<AuditAppend, 'detail' | 'action'>,
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
  const hashesAt = db.sqlite.prepare<[string], { seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_log WHERE seq IN (SELECT value FROM json_each(?))',
  );

  function head(): string {
    return lastEntry.get()?.hash ?? GENESIS_HASH;
  }

  /**
   * The first anchor the log does not hold as MyVAS anchored it, by the hashes stored (the chain
   * itself is `verify`'s): `null` when every anchor agrees. Anchors past the log's end are a tail cut.
   */
  function firstDisagreement(known: readonly AnchoredHead[]): AuditProblem | null {
    if (known.length === 0) return null;
    const stored = new Map(
      hashesAt
        .all(JSON.stringify(known.map((anchor) => anchor.seq)))
        .map((row) => [row.seq, row.hash]),
    );
    return disagreement(known, stored, lastEntry.get()?.seq ?? 0);
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

  /**
   * Recomputes the chain from the first entry, and compares it with the anchors MyVAS holds when
   * they are known: an offline station still verifies its own chain, and says the anchors could not
   * be checked. Only the anchors can show entries cut from the end, or a history rewritten and
   * chained again with the key.
   */
  function verify(known: KnownAnchors | null = null): AuditVerification {
    const problems: AuditProblem[] = [];
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let entries = 0;
    const hashes = new Set<string>();
    const anchored = new Set((known?.anchors ?? []).map((anchor) => anchor.seq));
    const atAnchors = new Map<number, string>();
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
      if (anchored.has(row.seq)) atAnchors.set(row.seq, recomputed);
      hashes.add(row.hash);
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
    }
    const anchorProblem = known ? disagreement(known.anchors, atAnchors, expectedSeq - 1) : null;
    if (anchorProblem) problems.push(anchorProblem);
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
    const lastAnchor = known?.anchors.at(-1);
    return {
      intact: problems.length === 0,
      entries,
      head: prevHash,
      problems,
      anchors: {
        checked: known !== null,
        fetchedAt: known?.fetchedAt ?? null,
        count: known?.anchors.length ?? 0,
        lastSeq: lastAnchor?.seq ?? null,
      },
    };
  }

  return {
    append,
    head,
    /** The newest entry's number and hash, or null while the log is empty. */
    headEntry: (): { seq: number; hash: string } | null => lastEntry.get() ?? null,
    firstDisagreement,
    verify,
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;

/**
 * The first anchor (in `seq` order) that the log's hashes at those entries do not match: a
 * rewritten or deleted entry at or before it, after the last anchor that agrees; or, past the
 * log's last entry, entries cut from the end.
 */
function disagreement(
  anchors: readonly AnchoredHead[],
  hashes: ReadonlyMap<number, string>,
  lastSeq: number,
): AuditProblem | null {
  let agreedUpTo = 0;
  for (const anchor of [...anchors].sort((a, b) => a.seq - b.seq)) {
    if (anchor.seq > lastSeq) {
      const last = anchors.reduce((max, a) => Math.max(max, a.seq), 0);
      return {
        seq: null,
        kind: 'tail-missing',
        note: `entries ${lastSeq + 1}–${last} were anchored at MyVAS and are gone from the log`,
      };
    }
    const hash = hashes.get(anchor.seq);
    if (hash !== anchor.head) {
      return {
        seq: anchor.seq,
        kind: 'anchor-disagrees',
        note:
          hash === undefined
            ? `MyVAS anchored this entry and it is gone: history after entry ${agreedUpTo} was rewritten`
            : `it is not the entry MyVAS anchored: history after entry ${agreedUpTo} was rewritten`,
      };
    }
    agreedUpTo = anchor.seq;
  }
  return null;
}
