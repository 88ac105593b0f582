import type { AppDatabase } from '../../../db/open';
import type { ChannelOutput } from '../../contract';
import type { TrustedClock } from '../clock';
import { openedClockView } from '../days/open-day';
import { refuse } from '../shared/errors';
import { LATE_AFTER_MS, LATE_MARGIN_MS, type UploadRow, type UploadStore } from './store';

type BatchView = ChannelOutput<'batch.list'>['items'][number];
type RejectionView = ChannelOutput<'batch.rejections'>['items'][number];

interface BatchRow extends UploadRow {
  day_id: string;
  content_hash: string;
  opened_clock: 'measured' | 'confirmed' | null;
  clock_confirmed_time: number | null;
  clock_confirmed_staff_id: string | null;
}

interface RejectionRow {
  record_id: string;
  record_type: 'dose' | 'void' | 'amendment';
  dose_id: string;
  code: string;
  message: string | null;
  doc_number: string | null;
  dose_number: number;
  product_code: string;
  administered_at: number;
  corrected_by: string | null;
  closed_at: number;
  batch_id: string;
}

const batchColumns = `
  b.id, b.day_id, b.session_date, b.opened_at, b.closed_at, b.record_count, b.content_hash,
  b.audit_head, b.upload_state, dy.opened_clock, dy.clock_confirmed_time,
  cu.staff_id AS clock_confirmed_staff_id,
  u.late_reason, u.late_cutoff, u.upload_hash, u.chunk_size, u.declared_at, u.committed_at,
  u.accepted, u.duplicate, u.rejected, u.waiting_for, u.last_error_code, u.next_attempt_at, u.attempts`;
/** A batch with its upload, and its day's clock at opening (and who confirmed it). */
const batchTables = `batches b JOIN batch_uploads u ON u.batch_id = b.id JOIN days dy ON dy.id = b.day_id
  LEFT JOIN users cu ON cu.id = dy.clock_confirmed_by`;

/**
 * `12-digit` → `••••••••1234`: enough to find the person at the desk, not enough to copy. A purged
 * recipient (retention) has no number left to show.
 */
function maskDocument(docNumber: string | null): string {
  if (docNumber === null) return '—';
  return `${'•'.repeat(Math.max(0, docNumber.length - 4))}${docNumber.slice(-4)}`;
}

/** Paging by `closedAt:batchId` of the last row on the page before. */
function parseCursor(cursor: string | null): { closedAt: number; id: string } | null {
  if (cursor === null) return null;
  const match = /^(\d{1,16}):([0-9a-f-]{36})$/.exec(cursor);
  if (!match?.[1] || !match[2]) refuse('INVALID_INPUT', { issues: 'cursor: not a batch cursor' });
  return { closedAt: Number(match[1]), id: match[2] };
}

/** What the manager sees of sealed batches, their upload and MyVAS's rejections. */
export function createBatchViews(db: AppDatabase, store: UploadStore, clock: TrustedClock) {
  const sqlite = db.sqlite;
  const one = sqlite.prepare<[string], BatchRow>(
    `SELECT ${batchColumns} FROM ${batchTables} WHERE b.id = ?`,
  );
  const firstPage = sqlite.prepare<[number], BatchRow>(
    `SELECT ${batchColumns} FROM ${batchTables}
     ORDER BY b.closed_at DESC, b.id DESC LIMIT ?`,
  );
  const nextPage = sqlite.prepare<[number, number, string, number], BatchRow>(
    `SELECT ${batchColumns} FROM ${batchTables}
     WHERE b.closed_at < ? OR (b.closed_at = ? AND b.id < ?)
     ORDER BY b.closed_at DESC, b.id DESC LIMIT ?`,
  );
  const rejectionsSql = `
    SELECT ur.record_id, br.record_type, ur.code, ur.message, br.batch_id, b.closed_at,
           d.id AS dose_id, r.doc_number, d.dose_number, d.product_code, d.administered_at,
           coalesce(
             (SELECT a.id FROM doses a WHERE a.amends = d.id ORDER BY a.recorded_at DESC LIMIT 1),
             CASE WHEN d.void_record_id IS NOT NULL AND d.void_record_id <> ur.record_id
                  THEN d.void_record_id END
           ) AS corrected_by
    FROM upload_results ur
    JOIN batch_records br ON br.record_id = ur.record_id AND br.batch_id = ur.batch_id
    JOIN batches b ON b.id = br.batch_id
    JOIN doses d ON d.id = ur.record_id OR (br.record_type = 'void' AND d.void_record_id = ur.record_id)
    JOIN recipients r ON r.id = d.recipient_id
    WHERE ur.status = 'rejected'`;
  const rejectionsAll = sqlite.prepare<[number, number, number, string, number], RejectionRow>(
    `${rejectionsSql} AND (? = 0 OR b.closed_at < ? OR (b.closed_at = ? AND ur.record_id > ?))
     ORDER BY b.closed_at DESC, ur.record_id LIMIT ?`,
  );
  const rejectionsOfBatch = sqlite.prepare<[string, string, number], RejectionRow>(
    `${rejectionsSql} AND br.batch_id = ? AND ur.record_id > ? ORDER BY ur.record_id LIMIT ?`,
  );
  const uploadSummary = sqlite.prepare<
    [],
    {
      batches: number;
      oldest: number | null;
      waiting_for: UploadRow['waiting_for'];
      next_attempt_at: number | null;
    }
  >(
    `SELECT count(*) AS batches, min(b.closed_at) AS oldest,
       (SELECT u2.waiting_for FROM batch_uploads u2 JOIN batches b2 ON b2.id = u2.batch_id
        WHERE u2.committed_at IS NULL AND b2.upload_state <> 'failed' ORDER BY b2.closed_at, b2.id LIMIT 1) AS waiting_for,
       (SELECT u2.next_attempt_at FROM batch_uploads u2 JOIN batches b2 ON b2.id = u2.batch_id
        WHERE u2.committed_at IS NULL AND b2.upload_state <> 'failed' ORDER BY b2.closed_at, b2.id LIMIT 1) AS next_attempt_at
     FROM batches b JOIN batch_uploads u ON u.batch_id = b.id
     WHERE u.committed_at IS NULL AND b.upload_state <> 'failed'`,
  );
  const pendingTotal = sqlite.prepare<[], { n: number }>(
    `SELECT coalesce(sum(b.record_count - u.accepted - u.duplicate - u.rejected), 0) AS n
     FROM batches b JOIN batch_uploads u ON u.batch_id = b.id WHERE u.committed_at IS NULL`,
  );
  const uncorrected = sqlite.prepare<[], { n: number }>(
    `SELECT count(*) AS n FROM upload_results ur
     JOIN doses d ON d.id = ur.record_id
     WHERE ur.status = 'rejected' AND d.void_record_id IS NULL
       AND NOT EXISTS (SELECT 1 FROM doses a WHERE a.amends = d.id)`,
  );
  const lastContact = sqlite.prepare<[], { at: number | null }>(
    "SELECT max(server_time) AS at FROM clock_samples WHERE source = 'myvas'",
  );

  function batchView(row: BatchRow): BatchView {
    const planned = row.upload_hash !== null;
    const lateCutoff = clock.now().at + LATE_MARGIN_MS - LATE_AFTER_MS;
    return {
      batchId: row.id,
      dayId: row.day_id,
      sessionDate: row.session_date,
      openedAt: row.opened_at,
      closedAt: row.closed_at,
      recordCount: row.record_count,
      contentHash: row.content_hash,
      auditHead: row.audit_head,
      openedClock: openedClockView(row),
      uploadState: row.upload_state,
      upload: {
        waitingFor: row.waiting_for,
        lateRecords:
          row.committed_at !== null
            ? 0
            : store.lateRecords(row.id, planned ? (row.late_cutoff ?? 0) : lateCutoff),
        lateReason: row.late_reason,
        accepted: row.accepted,
        duplicate: row.duplicate,
        rejected: row.rejected,
        pending:
          row.committed_at !== null
            ? 0
            : row.record_count - row.accepted - row.duplicate - row.rejected,
        declaredAt: row.declared_at,
        committedAt: row.committed_at,
        nextAttemptAt: row.next_attempt_at,
        lastErrorCode: row.last_error_code,
      },
    };
  }

  function rejectionView(row: RejectionRow): RejectionView {
    return {
      recordId: row.record_id,
      recordType: row.record_type,
      doseId: row.dose_id,
      code: row.code,
      message: row.message ?? row.code,
      docNumberMasked: maskDocument(row.doc_number),
      doseNumber: row.dose_number,
      productCode: row.product_code,
      administeredAt: row.administered_at,
      correctedBy: row.corrected_by,
    };
  }

  return {
    batch(batchId: string): BatchView {
      const row = one.get(batchId) ?? refuse('BATCH_NOT_FOUND');
      return batchView(row);
    },

    batches(cursor: string | null, limit: number) {
      const after = parseCursor(cursor);
      const rows = after
        ? nextPage.all(after.closedAt, after.closedAt, after.id, limit + 1)
        : firstPage.all(limit + 1);
      const items = rows.slice(0, limit).map(batchView);
      const last = items.at(-1);
      return {
        items,
        nextCursor: rows.length > limit && last ? `${last.closedAt}:${last.batchId}` : null,
      };
    },

    rejections(batchId: string | null, cursor: string | null, limit: number) {
      let rows: RejectionRow[];
      if (batchId !== null) {
        if (!one.get(batchId)) refuse('BATCH_NOT_FOUND');
        rows = rejectionsOfBatch.all(batchId, cursor ?? '', limit + 1);
      } else {
        const after = parseCursor(cursor);
        rows = rejectionsAll.all(
          after ? 1 : 0,
          after?.closedAt ?? 0,
          after?.closedAt ?? 0,
          after?.id ?? '',
          limit + 1,
        );
      }
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const more = rows.length > limit && last !== undefined;
      return {
        items: page.map(rejectionView),
        nextCursor: more
          ? batchId !== null
            ? last.record_id
            : `${last.closed_at}:${last.record_id}`
          : null,
      };
    },

    status(configured: boolean, uploading: boolean): ChannelOutput<'upload.status'> {
      const summary = uploadSummary.get();
      const batches = summary?.batches ?? 0;
      const waitingFor = summary?.waiting_for ?? null;
      return {
        state: !configured
          ? 'not-configured'
          : uploading
            ? 'uploading'
            : batches === 0
              ? 'idle'
              : 'waiting',
        waitingFor,
        batchesToUpload: batches,
        recordsPending: pendingTotal.get()?.n ?? 0,
        rejectedToCorrect: uncorrected.get()?.n ?? 0,
        oldestWaitingClosedAt: summary?.oldest ?? null,
        lastContactAt: lastContact.get()?.at ?? null,
        nextAttemptAt: summary?.next_attempt_at ?? null,
      };
    },
  };
}

export type BatchViews = ReturnType<typeof createBatchViews>;
