import type { AppDatabase } from '../../../db/open';
import type { ChannelOutput, ChannelParsedInput } from '../../contract';
import type { OpenDayLookup } from '../days/open-day';
import { maskDocNumber } from '../identity';
import { presenceOf } from '../registration/views';

interface DoseListRow {
  id: string;
  record_type: 'dose' | 'amendment';
  doc_number: string;
  full_name: string;
  product_code: string;
  dose_number: number;
  administered_at: number;
  voided: number;
  presence: 'MYKAD' | 'SLIP_QR';
  presence_typed_reason: string | null;
}

/** A page cursor: the last row's administration time and id, so equal times still page in order. */
function cursorOf(row: DoseListRow): string {
  return `${row.administered_at}:${row.id}`;
}

function parseCursor(cursor: string | null): { at: number; id: string } {
  const [at, id] = (cursor ?? '').split(':');
  const time = Number(at);
  return Number.isSafeInteger(time) && id ? { at: time, id } : { at: -1, id: '' };
}

export function createDoseList(db: AppDatabase, days: OpenDayLookup) {
  const pageDoses = db.sqlite.prepare<[string, number, number, string, number], DoseListRow>(
    `SELECT d.id, d.record_type, r.doc_number, r.full_name, d.product_code, d.dose_number,
            d.administered_at, d.void_record_id IS NOT NULL AS voided, d.presence,
            g.presence_typed_reason
     FROM doses d JOIN recipients r ON r.id = d.recipient_id
       JOIN registrations g ON g.id = d.registration_id
     WHERE d.day_id = ? AND (d.administered_at > ? OR (d.administered_at = ? AND d.id > ?))
     ORDER BY d.administered_at, d.id
     LIMIT ?`,
  );

  return function listDoses(input: ChannelParsedInput<'dose.list'>): ChannelOutput<'dose.list'> {
    const day = days.find();
    if (!day) return { items: [], nextCursor: null };
    const after = parseCursor(input.cursor);
    const rows = pageDoses.all(day.id, after.at, after.at, after.id, input.limit + 1);
    const shown = rows.slice(0, input.limit);
    const last = shown.at(-1);
    return {
      items: shown.map((row) => ({
        doseId: row.id,
        recordType: row.record_type,
        docNumberMasked: maskDocNumber(row.doc_number),
        fullName: row.full_name,
        productCode: row.product_code,
        doseNumber: row.dose_number,
        administeredAt: row.administered_at,
        voided: row.voided === 1,
        presence:
          presenceOf({
            presence_method: row.presence,
            presence_typed_reason: row.presence_typed_reason,
          }) ?? row.presence,
      })),
      nextCursor: rows.length > input.limit && last ? cursorOf(last) : null,
    };
  };
}
