import { createHash } from 'node:crypto';
import type { AppDatabase } from '../../../db/open';
import type { MyvasRecord } from '../../contract/myvas';
import type {
  ChannelKind,
  DocType,
  InjectionSite,
  PresenceMethod,
  Series,
  Sex,
} from '../../contract/vocabulary';
import { canonicalJson } from '../shared/canonical';
import { malaysiaTimestamp } from '../shared/time';

/** A dose or amendment row joined with what its MyVAS record needs. */
export interface AdministeredRow {
  id: string;
  record_type: 'dose' | 'amendment';
  amends: string | null;
  amend_reason: string | null;
  product_code: string;
  gtin: string | null;
  lot: string;
  expiry: string;
  dose_number: number;
  series: Series;
  administered_at: number;
  site: InjectionSite;
  presence: PresenceMethod;
  recorded_at: number;
  recorded_device_at: number;
  doc_type: DocType;
  doc_number: string;
  doc_country: string;
  full_name: string;
  birth_date: string;
  sex: Sex;
  nationality: string;
  recipient_state: string;
  postcode: string;
  registration_channel: ChannelKind;
  phone: string | null;
  registered_at: number;
  /** The place of the day the recipient was registered on (null unless an outreach day). */
  registration_place: string | null;
  vaccinator_staff_id: string;
}

/** A dose voided after its day was sealed: the void travels in the batch of the day it was made. */
export interface VoidRow {
  id: string;
  void_record_id: string;
  void_reason: string;
  voided_at: number;
  voided_device_at: number;
}

export interface RecordContext {
  ppvCode: string;
  /** The session date of the day whose batch carries the record. */
  sessionDate: string;
}

export function administeredRecord(row: AdministeredRow, context: RecordContext): MyvasRecord {
  const body = {
    recordId: row.id,
    recipient: {
      docType: row.doc_type,
      docNumber: row.doc_number,
      docCountry: row.doc_country,
      name: row.full_name,
      birthDate: row.birth_date,
      sex: row.sex,
      nationality: row.nationality,
      phone: row.phone,
      state: row.recipient_state,
      postcode: row.postcode,
    },
    dose: {
      productCode: row.product_code,
      gtin: row.gtin,
      lot: row.lot,
      expiry: row.expiry,
      doseNumber: row.dose_number,
      series: row.series,
      administeredAt: malaysiaTimestamp(row.administered_at),
      site: row.site,
      vaccinatorId: row.vaccinator_staff_id,
      presence: row.presence,
    },
    registration: {
      channel: row.registration_channel,
      registeredAt: malaysiaTimestamp(row.registered_at),
      outreachLocation: row.registration_channel === 'outreach' ? row.registration_place : null,
    },
    ppvCode: context.ppvCode,
    sessionDate: context.sessionDate,
    deviceRecordedAt: malaysiaTimestamp(row.recorded_device_at),
    recordedAt: malaysiaTimestamp(row.recorded_at),
  };
  if (row.record_type === 'dose') return { ...body, recordType: 'dose' };
  // The database requires both on an amendment; empty text would fail the record schema.
  return {
    ...body,
    recordType: 'amendment',
    amends: row.amends ?? '',
    reason: row.amend_reason ?? '',
  };
}

export function voidRecord(row: VoidRow, context: RecordContext): MyvasRecord {
  return {
    recordId: row.void_record_id,
    recordType: 'void',
    amends: row.id,
    reason: row.void_reason,
    ppvCode: context.ppvCode,
    sessionDate: context.sessionDate,
    deviceRecordedAt: malaysiaTimestamp(row.voided_device_at),
    recordedAt: malaysiaTimestamp(row.voided_at),
  };
}

/** Byte order of the ids (all ASCII), the order MyVAS chunks and hashes in. */
export function byRecordId(a: { recordId: string }, b: { recordId: string }): number {
  if (a.recordId === b.recordId) return 0;
  return a.recordId < b.recordId ? -1 : 1;
}

export function canonicalRecord(record: MyvasRecord): string {
  return canonicalJson(record);
}

/** SHA-256 hex over the canonical records in recordId order, each followed by '\n'. */
export function contentHash(records: readonly MyvasRecord[]): string {
  const hash = createHash('sha256');
  for (const record of [...records].sort(byRecordId))
    hash.update(`${canonicalRecord(record)}\n`, 'utf8');
  return hash.digest('hex');
}

/**
 * Doses and amendments recorded on the day, except those voided while it was open (void_day_id NULL,
 * or the day itself): those never leave the station.
 */
const administeredSql = `
  SELECT d.id, d.record_type, d.amends, d.amend_reason, d.product_code, d.gtin, d.lot, d.expiry,
         d.dose_number, d.series, d.administered_at, d.site, d.presence, d.recorded_at,
         d.recorded_device_at,
         r.doc_type, r.doc_number, r.doc_country, r.full_name, r.birth_date, r.sex, r.nationality,
         r.state AS recipient_state, r.postcode,
         g.channel AS registration_channel, g.phone, g.registered_at,
         gd.outreach_place AS registration_place,
         u.staff_id AS vaccinator_staff_id
  FROM doses d
  JOIN recipients r ON r.id = d.recipient_id
  JOIN registrations g ON g.id = d.registration_id
  JOIN days gd ON gd.id = g.day_id
  JOIN users u ON u.id = d.vaccinator_id
  WHERE d.day_id = ?
    AND NOT (d.void_record_id IS NOT NULL AND (d.void_day_id IS NULL OR d.void_day_id = d.day_id))`;

/** Voids made on the day of doses from earlier, sealed days. */
const voidSql = `
  SELECT id, void_record_id, void_reason, voided_at, voided_device_at
  FROM doses
  WHERE void_day_id = ? AND day_id <> void_day_id AND void_record_id IS NOT NULL`;

export function createDayRecords(db: AppDatabase) {
  const administered = db.sqlite.prepare<[string], AdministeredRow>(administeredSql);
  const voids = db.sqlite.prepare<[string], VoidRow>(voidSql);

  /** Every MyVAS record of the day, in recordId order. */
  function build(dayId: string, context: RecordContext): MyvasRecord[] {
    const records = [
      ...administered.all(dayId).map((row) => administeredRecord(row, context)),
      ...voids.all(dayId).map((row) => voidRecord(row, context)),
    ];
    return records.sort(byRecordId);
  }

  return { build };
}

export type DayRecords = ReturnType<typeof createDayRecords>;
