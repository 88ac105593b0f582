import { createHash } from 'node:crypto';
import type { AppDatabase } from '../../../db/open';
import type { MyvasRecordResult } from '../../contract/myvas';
import { canonicalJson } from '../shared/canonical';

/** MyVAS calls a record late when it arrives more than 72 hours after the dose was given. */
export const LATE_AFTER_MS = 72 * 60 * 60 * 1000;
/**
 * A record within this much of turning late when the batch is planned is sent as late: its reason
 * is fixed in the declared hash, and the upload itself may take a while on a bad network.
 */
export const LATE_MARGIN_MS = 2 * 60 * 60 * 1000;
export const CHUNK_SIZE = 500;

export type WaitingFor = 'network' | 'late-reason' | 'clock' | 'myvas-refused';

export interface UploadRow {
  id: string;
  session_date: string;
  opened_at: number;
  closed_at: number;
  record_count: number;
  audit_head: string;
  upload_state: 'waiting' | 'uploading' | 'committed' | 'failed';
  late_reason: string | null;
  late_cutoff: number | null;
  upload_hash: string | null;
  chunk_size: number | null;
  declared_at: number | null;
  committed_at: number | null;
  accepted: number;
  duplicate: number;
  rejected: number;
  waiting_for: WaitingFor | null;
  last_error_code: string | null;
  next_attempt_at: number | null;
  attempts: number;
}

export interface PlannedUpload extends UploadRow {
  late_cutoff: number;
  upload_hash: string;
  chunk_size: number;
}

interface ChunkRow {
  record_id: string;
  record_type: 'dose' | 'void' | 'amendment';
  canonical: string;
  administered_at: number | null;
}

const uploadColumns = `
  b.id, b.session_date, b.opened_at, b.closed_at, b.record_count, b.audit_head, b.upload_state,
  u.late_reason, u.late_cutoff, u.upload_hash, u.chunk_size, u.declared_at, u.committed_at,
  u.accepted, u.duplicate, u.rejected, u.waiting_for, u.last_error_code, u.next_attempt_at, u.attempts`;

/** Where each sealed batch stands on its way to MyVAS, and the queries that move it. */
export function createUploadStore(db: AppDatabase) {
  const sqlite = db.sqlite;
  const nextBatch = sqlite.prepare<[], UploadRow>(
    `SELECT ${uploadColumns} FROM batches b JOIN batch_uploads u ON u.batch_id = b.id
     WHERE u.committed_at IS NULL AND b.upload_state <> 'failed'
     ORDER BY b.closed_at, b.id LIMIT 1`,
  );
  const byId = sqlite.prepare<[string], UploadRow>(
    `SELECT ${uploadColumns} FROM batches b JOIN batch_uploads u ON u.batch_id = b.id WHERE b.id = ?`,
  );
  const latestAdministration = sqlite.prepare<[string], { at: number | null }>(
    `SELECT max(d.administered_at) AS at FROM batch_records br JOIN doses d ON d.id = br.record_id
     WHERE br.batch_id = ?`,
  );
  const lateCount = sqlite.prepare<[string, number], { n: number }>(
    `SELECT count(*) AS n FROM batch_records br JOIN doses d ON d.id = br.record_id
     LEFT JOIN upload_results ur ON ur.record_id = br.record_id
     WHERE br.batch_id = ? AND br.record_type <> 'void' AND d.administered_at < ? AND ur.record_id IS NULL`,
  );
  const recordsFrom = sqlite.prepare<[string, number, number], ChunkRow>(
    `SELECT br.record_id, br.record_type, br.canonical, d.administered_at
     FROM batch_records br LEFT JOIN doses d ON d.id = br.record_id AND br.record_type <> 'void'
     WHERE br.batch_id = ? AND br.position >= ? AND br.position < ? ORDER BY br.position`,
  );
  const allRecords = sqlite.prepare<[string], ChunkRow>(
    `SELECT br.record_id, br.record_type, br.canonical, d.administered_at
     FROM batch_records br LEFT JOIN doses d ON d.id = br.record_id AND br.record_type <> 'void'
     WHERE br.batch_id = ? ORDER BY br.position`,
  );
  const pendingChunks = sqlite.prepare<[number, string], { seq: number }>(
    `SELECT DISTINCT br.position / CAST(? AS INTEGER) AS seq FROM batch_records br
     LEFT JOIN upload_results ur ON ur.record_id = br.record_id
     WHERE br.batch_id = ? AND ur.record_id IS NULL ORDER BY seq`,
  );
  const savePlan = sqlite.prepare<[number, string, number, string]>(
    `UPDATE batch_uploads SET late_cutoff = ?, upload_hash = ?, chunk_size = ?
     WHERE batch_id = ? AND upload_hash IS NULL`,
  );
  const setUploadState = sqlite.prepare<[string, string]>(
    'UPDATE batches SET upload_state = ? WHERE id = ?',
  );
  const setWaiting = sqlite.prepare<[string | null, number | null, string | null, string]>(
    `UPDATE batch_uploads SET waiting_for = ?, next_attempt_at = ?, last_error_code = ?
     WHERE batch_id = ?`,
  );
  const countAttempt = sqlite.prepare<[string]>(
    'UPDATE batch_uploads SET attempts = attempts + 1 WHERE batch_id = ?',
  );
  const markDeclarationSent = sqlite.prepare<[number, string]>(
    'UPDATE batch_uploads SET declared_at = coalesce(declared_at, ?) WHERE batch_id = ?',
  );
  const markResumed = sqlite.prepare<[string]>(
    `UPDATE batch_uploads SET waiting_for = NULL, next_attempt_at = NULL, last_error_code = NULL
     WHERE batch_id = ?`,
  );
  const forgetPlan = sqlite.prepare<[string]>(
    `UPDATE batch_uploads SET late_cutoff = NULL, upload_hash = NULL, chunk_size = NULL
     WHERE batch_id = ? AND declared_at IS NULL`,
  );
  const insertResult = sqlite.prepare<
    [string, string, string, string | null, string | null, number]
  >(
    `INSERT OR IGNORE INTO upload_results (record_id, batch_id, status, code, message, judged_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const addCounts = sqlite.prepare<[number, number, number, string]>(
    `UPDATE batch_uploads SET accepted = accepted + ?, duplicate = duplicate + ?,
       rejected = rejected + ?, waiting_for = NULL, next_attempt_at = NULL, last_error_code = NULL
     WHERE batch_id = ?`,
  );
  const markCommitted = sqlite.prepare<[number, string]>(
    `UPDATE batch_uploads SET committed_at = ?, waiting_for = NULL, next_attempt_at = NULL,
       last_error_code = NULL
     WHERE batch_id = ?`,
  );
  const saveLateReason = sqlite.prepare<[string, string, number, string]>(
    `UPDATE batch_uploads SET late_reason = ?, late_reason_by = ?, late_reason_at = ?,
       late_cutoff = NULL, upload_hash = NULL, chunk_size = NULL,
       waiting_for = CASE WHEN waiting_for = 'late-reason' THEN NULL ELSE waiting_for END
     WHERE batch_id = ? AND declared_at IS NULL`,
  );

  /** The sealed record as MyVAS receives it: with the late reason when it is late under the plan. */
  function uploadForm(row: ChunkRow, plan: { late_cutoff: number; late_reason: string | null }) {
    const late =
      row.record_type !== 'void' &&
      row.administered_at !== null &&
      row.administered_at < plan.late_cutoff;
    if (!late || plan.late_reason === null) return row.canonical;
    const record = JSON.parse(row.canonical) as Record<string, unknown>;
    return canonicalJson({ ...record, lateReason: plan.late_reason });
  }

  return {
    transaction: (work: () => void): void => sqlite.transaction(work)(),
    next: (): UploadRow | undefined => nextBatch.get(),
    get: (batchId: string): UploadRow | undefined => byId.get(batchId),
    /** The latest administration time among the batch's records, or null for a batch of voids. */
    latestAdministration: (batchId: string): number | null =>
      latestAdministration.get(batchId)?.at ?? null,
    /** Records not yet judged that were given before `cutoff`. */
    lateRecords: (batchId: string, cutoff: number): number =>
      lateCount.get(batchId, cutoff)?.n ?? 0,
    pendingChunks: (batchId: string, chunkSize: number): number[] =>
      pendingChunks.all(chunkSize, batchId).map((row) => row.seq),

    /**
     * Fixes what the batch is declared with: the late cutoff, the chunk size and the hash of the
     * records in their upload form, streamed so a 100,000-record batch is never whole in memory.
     */
    plan(batch: UploadRow, lateCutoff: number, chunkSize: number): PlannedUpload {
      const hash = createHash('sha256');
      for (const row of allRecords.iterate(batch.id)) {
        hash.update(
          `${uploadForm(row, { late_cutoff: lateCutoff, late_reason: batch.late_reason })}\n`,
        );
      }
      const uploadHash = hash.digest('hex');
      savePlan.run(lateCutoff, uploadHash, chunkSize, batch.id);
      return { ...batch, late_cutoff: lateCutoff, upload_hash: uploadHash, chunk_size: chunkSize };
    },

    /** Chunk `seq`'s request body, built from the stored canonical text. */
    chunkBody(batch: PlannedUpload, seq: number): { body: string; recordIds: string[] } {
      const start = seq * batch.chunk_size;
      const rows = recordsFrom.all(batch.id, start, start + batch.chunk_size);
      return {
        body: `{"records":[${rows.map((row) => uploadForm(row, batch)).join(',')}]}`,
        recordIds: rows.map((row) => row.record_id),
      };
    },

    saveResults(batchId: string, results: readonly MyvasRecordResult[], judgedAt: number): void {
      sqlite.transaction(() => {
        // Counted as stored, so a result MyVAS repeats (a chunk put again) is counted once.
        const added = { accepted: 0, duplicate: 0, rejected: 0 };
        for (const result of results) {
          const rejected = result.status === 'rejected';
          const { changes } = insertResult.run(
            result.recordId,
            batchId,
            result.status,
            rejected ? (result.code ?? 'UNSPECIFIED') : null,
            rejected ? (result.message ?? null) : null,
            judgedAt,
          );
          added[result.status] += changes;
        }
        addCounts.run(added.accepted, added.duplicate, added.rejected, batchId);
      })();
    },

    setState: (batchId: string, state: UploadRow['upload_state']) =>
      setUploadState.run(state, batchId),
    waiting(batchId: string, reason: WaitingFor, until: number | null, errorCode: string | null) {
      setWaiting.run(reason, until, errorCode, batchId);
    },
    countAttempt: (batchId: string) => countAttempt.run(batchId),
    /**
     * The declaration is about to leave for the first time: from now on the plan is fixed (the
     * database refuses to change it), whether or not an answer ever comes back.
     */
    declarationSent: (batchId: string, at: number) => markDeclarationSent.run(at, batchId),
    /** MyVAS took the declaration again: whatever the batch waited for is over. */
    resumed: (batchId: string) => markResumed.run(batchId),
    /** An undeclared plan gone stale: the next run plans again. */
    forgetPlan: (batchId: string) => forgetPlan.run(batchId),
    committed: (batchId: string, at: number) => markCommitted.run(at, batchId),
    giveLateReason(batchId: string, reason: string, userId: string, at: number): void {
      saveLateReason.run(reason, userId, at, batchId);
    },
  };
}

export type UploadStore = ReturnType<typeof createUploadStore>;
