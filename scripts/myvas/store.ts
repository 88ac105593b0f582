/**
 * The reference MyVAS's state: declared batches, the chunks put to them with the answers given, the
 * records it holds (accepted ones only) with every recipient's national dose history across PPVs, and
 * the records it rejected with the correction that closed each, and every PPV's audit anchors. One SQLite database, in memory or in a file, so a restarted server still
 * knows what it holds.
 */
import Database from 'better-sqlite3';

export interface StoredBatch {
  batchId: string;
  ppvCode: string;
  sessionDate: string;
  openedAt: number;
  closedAt: number;
  recordCount: number;
  contentHash: string;
  chunkSize: number;
  auditHead: string;
  status: 'open' | 'committed';
}

export interface StoredAnchor {
  seq: number;
  head: string;
  /** As the PPV sent it (RFC 3339). */
  at: string;
  /** MyVAS's clock when it first took it (ms since the epoch). */
  receivedAt: number;
}

export interface HistoryDose {
  recordId: string;
  doseNumber: number;
  productCode: string;
  series: 'primary' | 'booster';
  /** Malaysia calendar date, YYYY-MM-DD. */
  date: string;
}

/** A record MyVAS holds; a void has no dose of its own. */
export interface HeldRecord {
  recordId: string;
  ppvCode: string;
  batchId: string;
  /** The chunk it came in. */
  seq: number;
  recordType: 'dose' | 'void' | 'amendment';
  amends: string | null;
  /** SHA-256 of its canonical form. */
  contentHash: Buffer;
  dose: (HistoryDose & { personKey: string; effective: boolean }) | null;
}

export interface ChunkResult {
  recordId: string;
  status: 'accepted' | 'duplicate' | 'rejected';
  code?: string;
  message?: string;
}

export interface Counts {
  accepted: number;
  duplicate: number;
  rejected: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS batches (
  batch_id TEXT PRIMARY KEY,
  ppv_code TEXT NOT NULL,
  session_date TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  closed_at INTEGER NOT NULL,
  record_count INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  chunk_size INTEGER NOT NULL,
  audit_head TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open'
) STRICT;
CREATE TABLE IF NOT EXISTS chunks (
  batch_id TEXT NOT NULL REFERENCES batches(batch_id),
  seq INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  -- the chunk's canonical records, each followed by a newline, as the batch hash reads them
  canonical TEXT NOT NULL,
  results TEXT NOT NULL,
  -- its first and last recordId, and whether its records came in recordId order
  first_record TEXT NOT NULL,
  last_record TEXT NOT NULL,
  in_order INTEGER NOT NULL,
  accepted INTEGER NOT NULL,
  duplicate INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  PRIMARY KEY (batch_id, seq)
) STRICT;
CREATE TABLE IF NOT EXISTS rejections (
  batch_id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS rejections_batch ON rejections (batch_id);
CREATE INDEX IF NOT EXISTS rejections_record ON rejections (record_id);
-- a rejected record is corrected once: the void or amendment that named it first closed it
CREATE TABLE IF NOT EXISTS closed_rejections (
  record_id TEXT PRIMARY KEY,
  closed_by TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS anchors (
  ppv_code TEXT NOT NULL,
  seq INTEGER NOT NULL,
  head TEXT NOT NULL,
  at TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (ppv_code, seq)
) STRICT;
-- the record's text stays in its chunk; here its SHA-256, to tell a duplicate from a conflict
CREATE TABLE IF NOT EXISTS records (
  record_id TEXT PRIMARY KEY,
  ppv_code TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  record_type TEXT NOT NULL,
  amends TEXT,
  content_hash BLOB NOT NULL,
  person_key TEXT,
  dose_number INTEGER,
  product_code TEXT,
  series TEXT,
  date TEXT,
  effective INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX IF NOT EXISTS records_person ON records (person_key)
  WHERE person_key IS NOT NULL AND effective = 1;
CREATE INDEX IF NOT EXISTS records_amends ON records (amends) WHERE amends IS NOT NULL;
`;

interface RecordRow {
  record_id: string;
  ppv_code: string;
  batch_id: string;
  seq: number;
  record_type: HeldRecord['recordType'];
  amends: string | null;
  content_hash: Buffer;
  person_key: string | null;
  dose_number: number | null;
  product_code: string | null;
  series: HistoryDose['series'] | null;
  date: string | null;
  effective: number;
}

interface BatchRow {
  batch_id: string;
  ppv_code: string;
  session_date: string;
  opened_at: number;
  closed_at: number;
  record_count: number;
  content_hash: string;
  chunk_size: number;
  audit_head: string;
  status: StoredBatch['status'];
}

export function openMyvasStore(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  // A store file from before 1.1 lacks the declared audit head.
  const batchColumns = db.prepare<[], { name: string }>('PRAGMA table_info(batches)').all();
  if (!batchColumns.some((column) => column.name === 'audit_head')) {
    db.exec("ALTER TABLE batches ADD COLUMN audit_head TEXT NOT NULL DEFAULT ''");
  }

  const statements = {
    batch: db.prepare<[string], BatchRow>('SELECT * FROM batches WHERE batch_id = ?'),
    declare: db.prepare(
      `INSERT INTO batches (batch_id, ppv_code, session_date, opened_at, closed_at, record_count,
         content_hash, chunk_size, audit_head) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    commit: db.prepare("UPDATE batches SET status = 'committed' WHERE batch_id = ?"),
    chunk: db.prepare<[string, number], { content_hash: string; results: string }>(
      'SELECT content_hash, results FROM chunks WHERE batch_id = ? AND seq = ?',
    ),
    putChunk: db.prepare(
      `INSERT INTO chunks (batch_id, seq, content_hash, canonical, results, first_record, last_record,
         in_order, accepted, duplicate, rejected)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    chunkSeqs: db.prepare<[string], { seq: number }>('SELECT seq FROM chunks WHERE batch_id = ?'),
    chunkTexts: db.prepare<[string], { canonical: string }>(
      'SELECT canonical FROM chunks WHERE batch_id = ? ORDER BY seq',
    ),
    chunkOrder: db.prepare<
      [string],
      { first_record: string; last_record: string; in_order: number }
    >('SELECT first_record, last_record, in_order FROM chunks WHERE batch_id = ? ORDER BY seq'),
    counts: db.prepare<[string], Counts>(
      `SELECT coalesce(sum(accepted), 0) AS accepted, coalesce(sum(duplicate), 0) AS duplicate,
         coalesce(sum(rejected), 0) AS rejected FROM chunks WHERE batch_id = ?`,
    ),
    reject: db.prepare(
      'INSERT INTO rejections (batch_id, record_id, code, message) VALUES (?, ?, ?, ?)',
    ),
    rejections: db.prepare<[string], { recordId: string; code: string; message: string }>(
      `SELECT record_id AS recordId, code, message FROM rejections WHERE batch_id = ?
       ORDER BY record_id`,
    ),
    rejectedOf: db.prepare<[string, string], { n: number }>(
      `SELECT count(*) AS n FROM rejections r JOIN batches b ON b.batch_id = r.batch_id
       WHERE r.record_id = ? AND b.ppv_code = ?`,
    ),
    held: db.prepare<[string], RecordRow>('SELECT * FROM records WHERE record_id = ?'),
    hold: db.prepare(
      `INSERT INTO records (record_id, ppv_code, batch_id, seq, record_type, amends, content_hash,
         person_key, dose_number, product_code, series, date)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    rejectionClosed: db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM closed_rejections WHERE record_id = ?',
    ),
    closeRejection: db.prepare(
      'INSERT INTO closed_rejections (record_id, closed_by) VALUES (?, ?)',
    ),
    anchor: db.prepare<
      [string, number],
      { seq: number; head: string; at: string; received_at: number }
    >('SELECT seq, head, at, received_at FROM anchors WHERE ppv_code = ? AND seq = ?'),
    addAnchor: db.prepare(
      'INSERT INTO anchors (ppv_code, seq, head, at, received_at) VALUES (?, ?, ?, ?, ?)',
    ),
    anchorsAfter: db.prepare<
      [string, number, number],
      { seq: number; head: string; at: string; received_at: number }
    >(
      'SELECT seq, head, at, received_at FROM anchors WHERE ppv_code = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    history: db.prepare<[string], HistoryDose>(
      `SELECT record_id AS recordId, dose_number AS doseNumber, product_code AS productCode, series, date
       FROM records WHERE person_key = ? AND effective = 1 ORDER BY dose_number`,
    ),
    retire: db.prepare('UPDATE records SET effective = 0 WHERE record_id = ?'),
    heldCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM records'),
    heldCountOf: db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM records WHERE ppv_code = ?',
    ),
    heldChunks: db.prepare<[string], { canonical: string; ids: string }>(
      `SELECT c.canonical, json_group_array(r.record_id) AS ids
       FROM records r JOIN chunks c ON c.batch_id = r.batch_id AND c.seq = r.seq
       WHERE ? IN ('', r.ppv_code) GROUP BY c.batch_id, c.seq`,
    ),
  };

  return {
    batch(batchId: string): StoredBatch | null {
      const row = statements.batch.get(batchId);
      if (!row) return null;
      return {
        batchId: row.batch_id,
        ppvCode: row.ppv_code,
        sessionDate: row.session_date,
        openedAt: row.opened_at,
        closedAt: row.closed_at,
        recordCount: row.record_count,
        contentHash: row.content_hash,
        chunkSize: row.chunk_size,
        auditHead: row.audit_head,
        status: row.status,
      };
    },
    declare(b: Omit<StoredBatch, 'status'>): void {
      statements.declare.run(
        b.batchId,
        b.ppvCode,
        b.sessionDate,
        b.openedAt,
        b.closedAt,
        b.recordCount,
        b.contentHash,
        b.chunkSize,
        b.auditHead,
      );
    },
    markCommitted(batchId: string): void {
      statements.commit.run(batchId);
    },
    /** A chunk already put: its content hash and the results it was given. */
    chunk(batchId: string, seq: number): { contentHash: string; results: ChunkResult[] } | null {
      const row = statements.chunk.get(batchId, seq);
      if (!row) return null;
      return { contentHash: row.content_hash, results: JSON.parse(row.results) as ChunkResult[] };
    },
    putChunk(
      batchId: string,
      seq: number,
      contentHash: string,
      records: readonly { recordId: string; canonical: string }[],
      results: readonly ChunkResult[],
    ): void {
      const counts: Counts = { accepted: 0, duplicate: 0, rejected: 0 };
      for (const result of results) counts[result.status] += 1;
      const ids = records.map((record) => record.recordId);
      const inOrder = ids.every((id, i) => i === 0 || ids[i - 1]! < id);
      statements.putChunk.run(
        batchId,
        seq,
        contentHash,
        records.map((record) => `${record.canonical}\n`).join(''),
        JSON.stringify(results),
        ids[0] ?? '',
        ids.at(-1) ?? '',
        inOrder ? 1 : 0,
        counts.accepted,
        counts.duplicate,
        counts.rejected,
      );
    },
    /** Kept the moment it is judged, so a correction later in the same chunk can name it. */
    reject(batchId: string, result: ChunkResult): void {
      statements.reject.run(batchId, result.recordId, result.code ?? '', result.message ?? '');
    },
    /** Whether the batch's records arrived in recordId order across all its chunks. */
    inRecordOrder(batchId: string): boolean {
      let previous = '';
      for (const chunk of statements.chunkOrder.iterate(batchId)) {
        if (chunk.in_order !== 1 || (previous !== '' && chunk.first_record <= previous)) {
          return false;
        }
        previous = chunk.last_record || previous;
      }
      return true;
    },
    missingChunks(b: StoredBatch): number[] {
      const present = new Set(statements.chunkSeqs.all(b.batchId).map((row) => row.seq));
      const missing: number[] = [];
      for (let seq = 0; seq < chunkCount(b); seq++) if (!present.has(seq)) missing.push(seq);
      return missing;
    },
    /** The batch's canonical records, chunk by chunk in order, each record followed by a newline. */
    chunkTexts(batchId: string): IterableIterator<{ canonical: string }> {
      return statements.chunkTexts.iterate(batchId);
    },
    counts(batchId: string): Counts {
      return statements.counts.get(batchId) ?? { accepted: 0, duplicate: 0, rejected: 0 };
    },
    rejections(batchId: string) {
      return statements.rejections.all(batchId);
    },
    /** MyVAS judged this record from this PPV and rejected it: it knows it, but does not hold it. */
    rejectedFrom(recordId: string, ppvCode: string): boolean {
      return (statements.rejectedOf.get(recordId, ppvCode)?.n ?? 0) > 0;
    },
    held(recordId: string): HeldRecord | null {
      const row = statements.held.get(recordId);
      if (!row) return null;
      return {
        recordId: row.record_id,
        ppvCode: row.ppv_code,
        batchId: row.batch_id,
        seq: row.seq,
        recordType: row.record_type,
        amends: row.amends,
        contentHash: row.content_hash,
        dose:
          row.person_key === null
            ? null
            : {
                recordId: row.record_id,
                personKey: row.person_key,
                doseNumber: row.dose_number ?? 0,
                productCode: row.product_code ?? '',
                series: row.series ?? 'primary',
                date: row.date ?? '',
                effective: row.effective === 1,
              },
      };
    },
    hold(
      record: Omit<HeldRecord, 'dose'> & { dose: (HistoryDose & { personKey: string }) | null },
    ) {
      statements.hold.run(
        record.recordId,
        record.ppvCode,
        record.batchId,
        record.seq,
        record.recordType,
        record.amends,
        record.contentHash,
        record.dose?.personKey ?? null,
        record.dose?.doseNumber ?? null,
        record.dose?.productCode ?? null,
        record.dose?.series ?? null,
        record.dose?.date ?? null,
      );
    },
    /** A void or amendment already named this rejected record (whatever became of it). */
    rejectionClosed(recordId: string): boolean {
      return (statements.rejectionClosed.get(recordId)?.n ?? 0) > 0;
    },
    closeRejection(recordId: string, closedBy: string): void {
      statements.closeRejection.run(recordId, closedBy);
    },
    anchor(ppvCode: string, seq: number): StoredAnchor | null {
      const row = statements.anchor.get(ppvCode, seq);
      return row ? { seq: row.seq, head: row.head, at: row.at, receivedAt: row.received_at } : null;
    },
    addAnchor(ppvCode: string, anchor: StoredAnchor): void {
      statements.addAnchor.run(ppvCode, anchor.seq, anchor.head, anchor.at, anchor.receivedAt);
    },
    anchorsAfter(ppvCode: string, after: number, limit: number): StoredAnchor[] {
      return statements.anchorsAfter
        .all(ppvCode, after, limit)
        .map((row) => ({ seq: row.seq, head: row.head, at: row.at, receivedAt: row.received_at }));
    },
    /** The recipient's standing doses, by dose number. */
    history(personKey: string): HistoryDose[] {
      return statements.history.all(personKey);
    },
    /** The dose leaves the recipient's history: voided, or replaced by an amendment. */
    retire(recordId: string): void {
      statements.retire.run(recordId);
    },
    heldCount(ppvCode?: string): number {
      return (ppvCode ? statements.heldCountOf.get(ppvCode) : statements.heldCount.get())?.n ?? 0;
    },
    /** The records MyVAS holds, parsed, in recordId order (for tests and development). */
    heldRecords(ppvCode?: string): Record<string, unknown>[] {
      const held: Record<string, unknown>[] = [];
      for (const chunk of statements.heldChunks.all(ppvCode ?? '')) {
        const ids = new Set(JSON.parse(chunk.ids) as string[]);
        for (const line of chunk.canonical.split('\n')) {
          if (line === '') continue;
          const record = JSON.parse(line) as Record<string, unknown>;
          if (ids.has(String(record['recordId']))) held.push(record);
        }
      }
      return held.sort((a, b) => (String(a['recordId']) < String(b['recordId']) ? -1 : 1));
    },
    transaction<T>(work: () => T): T {
      return db.transaction(work)();
    },
    close(): void {
      db.close();
    },
  };
}

export type MyvasStore = ReturnType<typeof openMyvasStore>;

export function chunkCount(batch: Pick<StoredBatch, 'recordCount' | 'chunkSize'>): number {
  return Math.ceil(batch.recordCount / batch.chunkSize);
}
