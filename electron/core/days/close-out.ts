import type { AppDatabase } from '../../../db/open';
import { myvasRecord, type MyvasRecord } from '../../contract/myvas';
import { maskDocNumber } from '../identity';
import { malaysiaDate } from '../shared/time';
import type { DayRow } from './open-day';

export type BlockerKind =
  'incomplete-registration' | 'incomplete-record' | 'in-observation' | 'unreconciled-vial';

export interface Blocker {
  kind: BlockerKind;
  id: string;
  label: string;
  /** Who it is about, by name, for the manager's screen (never in a refusal's details). */
  person: string | null;
  /** An unreconciled vial's doses not drawn: the wastage to propose. */
  dosesLeft: number | null;
}

/** A short label for a record that fails the MyVAS schema: its type, masked number, first problem. */
export function incompleteRecordBlocker(record: MyvasRecord): Blocker | null {
  const checked = myvasRecord.safeParse(record);
  if (checked.success) return null;
  const issue = checked.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'record';
  const who = record.recordType === 'void' ? '' : ` ${maskDocNumber(record.recipient.docNumber)}`;
  return {
    kind: 'incomplete-record',
    id: record.recordId,
    label: `${record.recordType}${who}: ${where}`,
    person: record.recordType === 'void' ? null : record.recipient.name,
    dosesLeft: null,
  };
}

export function createCloseOut(db: AppDatabase) {
  const registrations = db.sqlite.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM registrations WHERE day_id = ?',
  );
  const dosesByProduct = db.sqlite.prepare<
    [string],
    { productCode: string; doseNumber: number; count: number }
  >(
    `SELECT product_code AS productCode, dose_number AS doseNumber, count(*) AS count
     FROM doses
     WHERE day_id = ? AND record_type = 'dose' AND void_record_id IS NULL
     GROUP BY product_code, dose_number
     ORDER BY product_code, dose_number`,
  );
  // Malaysia is UTC+08:00 all year: the hour of the clock there is (instant + 8 h) / 1 h mod 24.
  const dosesByHour = db.sqlite.prepare<[string], { hour: number; count: number }>(
    `SELECT ((administered_at + 28800000) / 3600000) % 24 AS hour, count(*) AS count
     FROM doses
     WHERE day_id = ? AND record_type = 'dose' AND void_record_id IS NULL
     GROUP BY hour
     ORDER BY hour`,
  );
  const vials = db.sqlite.prepare<
    [string],
    { opened: number; drawn: number | null; wasted: number | null }
  >(
    `SELECT count(*) AS opened, sum(doses_drawn) AS drawn,
            sum(CASE WHEN reconciled_at IS NOT NULL THEN doses_wasted ELSE 0 END) AS wasted
     FROM vials WHERE day_id = ?`,
  );
  const voids = db.sqlite.prepare<[string, string], { n: number }>(
    `SELECT count(*) AS n FROM doses
     WHERE void_record_id IS NOT NULL AND (void_day_id = ? OR (void_day_id IS NULL AND day_id = ?))`,
  );
  const waiting = db.sqlite.prepare<
    [string],
    { id: string; doc_number: string; full_name: string }
  >(
    `SELECT g.id, r.doc_number, r.full_name FROM registrations g JOIN recipients r ON r.id = g.recipient_id
     WHERE g.day_id = ? AND g.queue_status = 'waiting' ORDER BY g.registered_at, g.id`,
  );
  const inObservation = db.sqlite.prepare<
    [string],
    { id: string; doc_number: string; full_name: string; observation_ends_at: number }
  >(
    `SELECT d.id, r.doc_number, r.full_name, d.observation_ends_at FROM doses d JOIN recipients r ON r.id = d.recipient_id
     WHERE d.day_id = ? AND d.record_type = 'dose' AND d.void_record_id IS NULL
       AND d.observation_released_at IS NULL
     ORDER BY d.administered_at, d.id`,
  );
  const unreconciled = db.sqlite.prepare<
    [string],
    { id: string; product_code: string; lot: string; doses_left: number }
  >(
    `SELECT id, product_code, lot, doses_per_vial - doses_drawn AS doses_left FROM vials WHERE day_id = ? AND reconciled_at IS NULL
     ORDER BY opened_at, id`,
  );

  /**
   * What stops the day closing at `now`. On a day left open past midnight no observation can be
   * ended any more (the day takes no change to a dose): one whose time is up no longer blocks.
   */
  function blockers(day: DayRow, records: readonly MyvasRecord[], now: number): Blocker[] {
    const pastItsDate = day.session_date !== malaysiaDate(now);
    const found: Blocker[] = [];
    for (const row of waiting.all(day.id)) {
      found.push({
        kind: 'incomplete-registration',
        id: row.id,
        label: maskDocNumber(row.doc_number),
        person: row.full_name,
        dosesLeft: null,
      });
    }
    for (const record of records) {
      const blocker = incompleteRecordBlocker(record);
      if (blocker) found.push(blocker);
    }
    for (const row of inObservation.all(day.id)) {
      if (pastItsDate && row.observation_ends_at <= now) continue;
      found.push({
        kind: 'in-observation',
        id: row.id,
        label: maskDocNumber(row.doc_number),
        person: row.full_name,
        dosesLeft: null,
      });
    }
    for (const row of unreconciled.all(day.id)) {
      found.push({
        kind: 'unreconciled-vial',
        id: row.id,
        label: `${row.product_code} lot ${row.lot}`,
        person: null,
        dosesLeft: row.doses_left,
      });
    }
    return found;
  }

  function counts(day: DayRow) {
    const vialTotals = vials.get(day.id);
    return {
      registrations: registrations.get(day.id)?.n ?? 0,
      dosesByProduct: dosesByProduct.all(day.id),
      vialsOpened: vialTotals?.opened ?? 0,
      dosesDrawn: vialTotals?.drawn ?? 0,
      wastage: vialTotals?.wasted ?? 0,
      voids: voids.get(day.id, day.id)?.n ?? 0,
    };
  }

  return { blockers, counts, dosesByHour: (day: DayRow) => dosesByHour.all(day.id) };
}

export type CloseOut = ReturnType<typeof createCloseOut>;
