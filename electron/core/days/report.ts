import type { AppDatabase } from '../../../db/open';
import type { ChannelOutput } from '../../contract';
import { isGs1Lot } from '../../contract/formats';
import type { Settings } from '../ppv/settings';
import { refuse } from '../shared/errors';
import { LATE_AFTER_MS, LATE_MARGIN_MS } from '../upload/store';
import type { DayRow } from './open-day';

type DailyReport = ChannelOutput<'day.report'>;

const DOCUMENT_DIGITS = /[0-9]{12}/;

/**
 * A lot the report may print: a GS1 lot (`lot.deliver` and `vial.open` take no other since LOT_NOT_GS1;
 * a vial opened before may hold anything) with no run of 12 digits, which GS1's shape allows but a
 * JPN number is.
 */
export function lotFitsReport(lot: string): boolean {
  return isGs1Lot(lot) && !DOCUMENT_DIGITS.test(lot);
}

/**
 * The daily report of a sealed day: counts only, read from the day's own rows and its batch. It
 * selects no column that holds a person's data or free text, so none can reach the page.
 */
export function createDailyReport(db: AppDatabase, settings: Pick<Settings, 'get'>) {
  const sqlite = db.sqlite;
  const batchOf = sqlite.prepare<
    [string],
    {
      id: string;
      record_count: number;
      content_hash: string;
      late_cutoff: number | null;
      late_given: number;
    }
  >(
    `SELECT b.id, b.record_count, b.content_hash, u.late_cutoff,
            u.late_reason IS NOT NULL AS late_given
     FROM batches b JOIN batch_uploads u ON u.batch_id = b.id WHERE b.day_id = ?`,
  );
  const registrations = sqlite.prepare<
    [string],
    { total: number; vaccinated: number; deferred: number; left: number }
  >(
    `SELECT count(*) AS total,
            coalesce(sum(queue_status = 'vaccinated'), 0) AS vaccinated,
            coalesce(sum(queue_status = 'deferred'), 0) AS deferred,
            coalesce(sum(queue_status = 'left'), 0) AS "left"
     FROM registrations WHERE day_id = ?`,
  );
  const dosesByProduct = sqlite.prepare<
    [string],
    { productCode: string; productName: string; doseNumber: number; count: number }
  >(
    `SELECT d.product_code AS productCode, p.name AS productName, d.dose_number AS doseNumber,
            count(*) AS count
     FROM doses d JOIN products p ON p.code = d.product_code
     WHERE d.day_id = ? AND d.record_type = 'dose' AND d.void_record_id IS NULL
     GROUP BY d.product_code, d.dose_number
     ORDER BY d.product_code, d.dose_number`,
  );
  const vials = sqlite.prepare<
    [string],
    {
      product_code: string;
      lot: string;
      delivered: number;
      doses_drawn: number;
      doses_wasted: number | null;
    }
  >(
    `SELECT v.product_code, v.lot, v.doses_drawn, v.doses_wasted,
            EXISTS (SELECT 1 FROM delivered_lots l
                    WHERE l.product_code = v.product_code AND l.lot = v.lot) AS delivered
     FROM vials v WHERE v.day_id = ? ORDER BY v.product_code, v.lot, v.opened_at, v.id`,
  );
  const voids = sqlite.prepare<[string, string], { n: number }>(
    `SELECT count(*) AS n FROM doses
     WHERE void_record_id IS NOT NULL AND (void_day_id = ? OR (void_day_id IS NULL AND day_id = ?))`,
  );
  const amendments = sqlite.prepare<[string], { n: number }>(
    `SELECT count(*) AS n FROM doses WHERE day_id = ? AND record_type = 'amendment'`,
  );
  const givenBefore = sqlite.prepare<[string, number], { n: number }>(
    `SELECT count(*) AS n FROM batch_records br JOIN doses d ON d.id = br.record_id
     WHERE br.batch_id = ? AND br.record_type <> 'void' AND d.administered_at < ?`,
  );

  function wastageByLot(dayId: string): DailyReport['wastageByLot'] {
    const rows = new Map<string, DailyReport['wastageByLot'][number]>();
    for (const vial of vials.all(dayId)) {
      const lot = vial.delivered === 1 && lotFitsReport(vial.lot) ? vial.lot : null;
      // Withheld lots of a product count together, apart from every lot shown.
      const key =
        lot === null ? `${vial.product_code} withheld` : `${vial.product_code} lot ${lot}`;
      const row = rows.get(key) ?? {
        productCode: vial.product_code,
        lot,
        vials: 0,
        dosesDrawn: 0,
        dosesWasted: 0,
      };
      row.vials += 1;
      row.dosesDrawn += vial.doses_drawn;
      row.dosesWasted += vial.doses_wasted ?? 0;
      rows.set(key, row);
    }
    return [...rows.values()];
  }

  return function report(day: DayRow, now: number): DailyReport {
    if (day.state !== 'sealed' || day.closed_at === null) {
      refuse('DAY_NOT_SEALED', { sessionDate: day.session_date });
    }
    const batch = batchOf.get(day.id) ?? refuse('BATCH_NOT_FOUND');
    const { ppvCode, name } = settings.get();
    const byProduct = dosesByProduct.all(day.id);
    const wastage = wastageByLot(day.id);
    // Once planned, the late records are the ones the plan sends with the reason; before, those
    // that would be late if the batch were planned now (as the batch list counts them).
    const lateCutoff = batch.late_cutoff ?? now + LATE_MARGIN_MS - LATE_AFTER_MS;
    const lateRecords = givenBefore.get(batch.id, lateCutoff)?.n ?? 0;
    return {
      ppv: { code: ppvCode, name },
      day: {
        dayId: day.id,
        sessionDate: day.session_date,
        channel: day.channel,
        outreachArea:
          day.channel === 'outreach' && day.outreach_district && day.outreach_state
            ? { district: day.outreach_district, state: day.outreach_state }
            : null,
        openedAt: day.opened_at,
        closedAt: day.closed_at,
      },
      batch: {
        batchId: batch.id,
        recordCount: batch.record_count,
        contentHash: batch.content_hash,
      },
      registrations: registrations.get(day.id) ?? {
        total: 0,
        vaccinated: 0,
        deferred: 0,
        left: 0,
      },
      dosesByProduct: byProduct,
      dosesTotal: byProduct.reduce((sum, row) => sum + row.count, 0),
      wastageByLot: wastage,
      wastageTotal: wastage.reduce((sum, row) => sum + row.dosesWasted, 0),
      voids: voids.get(day.id, day.id)?.n ?? 0,
      amendments: amendments.get(day.id)?.n ?? 0,
      lateRecords,
      lateReasonGiven: batch.late_given === 1,
      generatedAt: now,
    };
  };
}
