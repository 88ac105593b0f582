import type { AppDatabase } from '../../../db/open';
import type { AuditLog } from '../audit';
import type { AnchorStatus } from '../audit/anchors';
import type { ClockStatus, TrustedClock } from '../clock';
import type { Settings } from '../ppv/settings';

const DAY_MS = 24 * 60 * 60 * 1000;
/** No purge runs this soon after the MyVAS address or token changed: the data may be needed again. */
export const PURGE_HOLD_AFTER_MYVAS_CHANGE_MS = 7 * DAY_MS;
/** Recipients purged per transaction, so the desks' calls get in between. */
export const PURGE_BATCH = 500;

/**
 * Why the purge must not run now, or null when it may. The purge deletes on MyVAS's word and on
 * MyVAS's time, so it runs only when both are MyVAS's own: the clock measured at MyVAS in this run,
 * within the last 20 minutes and not stopped (a MyVAS, or a PC clock, that says it is months later
 * would otherwise pass every retention period and every hold at once); and that MyVAS holding the
 * station's audit chain as the station has it (the anchor round just now agreed). A server that
 * disagrees with the station's history, or that could not be asked, is not one whose "accepted" may
 * delete anything.
 */
export function purgeHeldBack(clock: ClockStatus, anchors: AnchorStatus): string | null {
  if (!clock.fresh) return 'clock-not-measured';
  if (anchors.state !== 'anchored') return `audit-${anchors.state}`;
  return null;
}

/** A committed batch whose records the purge would act on, as the station holds it. */
export interface BatchToConfirm {
  batchId: string;
  uploadHash: string;
  /** Records of the batch the station filed as rejected. */
  rejected: number;
}

/** The batches among these that MyVAS, asked now, holds as the station does. */
export type HeldAtMyvas = (batches: readonly BatchToConfirm[]) => Promise<ReadonlySet<string>>;

export interface PurgeResult {
  recipients: number;
  records: number;
}

/**
 * The retention rule (SPEC.md, privacy policy): once MyVAS has accepted every record of a recipient
 * and the retention period has passed since, the station keeps only what aggregates need. Name,
 * document number, birth date, address, postcode, phone and free-text reasons go; doses, products,
 * dates, sex, nationality and state stay. A recipient with anything not yet safely at MyVAS (a
 * record waiting, in a batch not committed or that the MyVAS configured now does not hold as the
 * station sent it, rejected and not corrected, a void MyVAS refused, or a visit today) keeps their
 * data. Nothing is purged within 7 days of a change of the MyVAS address or token: records
 * "accepted" by a MyVAS that was not the real one must still be here to resend.
 */
export function createRetention(deps: {
  db: AppDatabase;
  settings: Settings;
  clock: TrustedClock;
  audit: AuditLog;
  stationId: string;
}) {
  const sqlite = deps.db.sqlite;
  /** Records of a recipient's doses that are not yet safely held by MyVAS for the whole period. */
  const unsettled = `
    SELECT 1 FROM doses d
    JOIN batch_records br ON br.record_id = d.id OR br.record_id = d.void_record_id
    JOIN batch_uploads bu ON bu.batch_id = br.batch_id
    LEFT JOIN upload_results ur ON ur.record_id = br.record_id
    WHERE d.recipient_id = r.id
      AND (ur.record_id IS NULL OR ur.judged_at > @cutoff OR bu.committed_at IS NULL
           OR bu.batch_id NOT IN (SELECT value FROM json_each(@confirmed))
           OR (ur.status = 'rejected' AND br.record_type = 'void')
           OR (ur.status = 'rejected' AND d.void_record_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM doses a WHERE a.amends = d.id)))`;
  /** Doses (or voids) not yet sealed into any batch. */
  const unsealed = `
    SELECT 1 FROM doses d
    WHERE d.recipient_id = r.id
      AND ((NOT EXISTS (SELECT 1 FROM batch_records br WHERE br.record_id = d.id)
            AND NOT (d.void_record_id IS NOT NULL AND (d.void_day_id IS NULL OR d.void_day_id = d.day_id)))
        OR (d.void_day_id IS NOT NULL AND d.void_day_id <> d.day_id
            AND NOT EXISTS (SELECT 1 FROM batch_records br WHERE br.record_id = d.void_record_id)))`;
  /** Committed batches holding records not yet purged, committed before the cutoff. */
  const toConfirm = sqlite.prepare<{ cutoff: number }, BatchToConfirm>(
    `SELECT bu.batch_id AS batchId, bu.upload_hash AS uploadHash,
       (SELECT count(*) FROM upload_results ur
        WHERE ur.batch_id = bu.batch_id AND ur.status = 'rejected') AS rejected
     FROM batch_uploads bu
     WHERE bu.committed_at IS NOT NULL AND bu.committed_at <= @cutoff AND bu.upload_hash IS NOT NULL
       AND EXISTS (SELECT 1 FROM batch_records br
                   WHERE br.batch_id = bu.batch_id AND br.purged_at IS NULL)
     ORDER BY bu.committed_at`,
  );
  const due = sqlite.prepare<{ cutoff: number; limit: number; confirmed: string }, { id: string }>(
    `SELECT DISTINCT r.id FROM upload_results ur
     JOIN doses d0 ON d0.id = ur.record_id
     JOIN recipients r ON r.id = d0.recipient_id
     WHERE ur.status IN ('accepted', 'duplicate') AND ur.judged_at <= @cutoff AND r.purged_at IS NULL
       AND NOT EXISTS (${unsettled})
       AND NOT EXISTS (${unsealed})
       AND NOT EXISTS (SELECT 1 FROM registrations g JOIN days dy ON dy.id = g.day_id
                       WHERE g.recipient_id = r.id AND dy.state = 'open')
     LIMIT @limit`,
  );
  const purgeRecipient = sqlite.prepare<[number, string]>(
    `UPDATE recipients SET doc_number = NULL, full_name = NULL, name_key = NULL, birth_date = NULL,
       address_line = NULL, postcode = NULL, duplicate_reason = NULL, purged_at = ?
     WHERE id = ? AND purged_at IS NULL`,
  );
  const purgeRegistrations = sqlite.prepare<[number, string]>(
    `UPDATE registrations SET phone = NULL, outcome_reason = NULL, purged_at = ?
     WHERE recipient_id = ? AND purged_at IS NULL`,
  );
  const purgeRecords = sqlite.prepare<[number, string]>(
    `UPDATE batch_records SET canonical = json_remove(canonical, '$.recipient'), purged_at = ?
     WHERE purged_at IS NULL AND record_id IN (SELECT id FROM doses WHERE recipient_id = ?)`,
  );

  function purgeSome(cutoff: number, limit: number, confirmed: string): PurgeResult {
    const now = deps.clock.now();
    const result = { recipients: 0, records: 0 };
    sqlite.transaction(() => {
      for (const { id } of due.all({ cutoff, limit, confirmed })) {
        result.recipients += purgeRecipient.run(now.at, id).changes;
        purgeRegistrations.run(now.at, id);
        result.records += purgeRecords.run(now.at, id).changes;
      }
      if (result.recipients === 0) return;
      deps.audit.append({
        at: now.at,
        deviceAt: now.deviceAt,
        userId: null,
        station: deps.stationId,
        action: 'retention.purged',
        entityType: null,
        entityId: null,
        detail: { ...result, acceptedBefore: cutoff },
      });
    })();
    return result;
  }

  return {
    /**
     * Purges everyone due whose batches MyVAS, asked now, still holds as the station does; a
     * transaction of PURGE_BATCH at a time, yielding between them.
     */
    async purgeDue(heldAtMyvas: HeldAtMyvas): Promise<PurgeResult> {
      const settings = deps.settings.find();
      if (!settings) return { recipients: 0, records: 0 };
      const now = deps.clock.now().at;
      const change = settings.myvasChange;
      if (change && now - change.at < PURGE_HOLD_AFTER_MYVAS_CHANGE_MS) {
        return { recipients: 0, records: 0 };
      }
      const cutoff = now - settings.retentionDays * DAY_MS;
      const held = await heldAtMyvas(toConfirm.all({ cutoff }));
      const confirmed = JSON.stringify([...held]);
      const total = { recipients: 0, records: 0 };
      for (;;) {
        const step = purgeSome(cutoff, PURGE_BATCH, confirmed);
        total.recipients += step.recipients;
        total.records += step.records;
        if (step.recipients < PURGE_BATCH) return total;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
  };
}

export type Retention = ReturnType<typeof createRetention>;
