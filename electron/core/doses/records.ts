import type { ChannelOutput } from '../../contract';
import {
  INJECTION_SITES,
  PRESENCE_METHODS,
  SERIES,
  type InjectionSite,
  type PresenceMethod,
  type Series,
} from '../../contract/vocabulary';
import { findProductByCode, type Catalogue, type DoseWarning } from '../catalogue';
import { refuse } from '../shared/errors';
import { isCalendarDate } from '../shared/time';

export type Site = InjectionSite;
export type Presence = PresenceMethod;
export type { Series };

export interface VialRow {
  id: string;
  day_id: string;
  product_code: string;
  gtin: string | null;
  lot: string;
  expiry: string;
  serial: string | null;
  doses_per_vial: number;
  doses_drawn: number;
  opened_at: number;
  opened_by: string;
  reconciled_at: number | null;
  reconciled_by: string | null;
  doses_wasted: number | null;
}

/** The columns a dose or amendment is inserted with (the void columns start NULL). */
export interface DoseInsert {
  id: string;
  record_type: 'dose' | 'amendment';
  amends: string | null;
  amend_reason: string | null;
  registration_id: string;
  recipient_id: string;
  day_id: string;
  vial_id: string;
  product_code: string;
  gtin: string | null;
  lot: string;
  expiry: string;
  dose_number: number;
  series: Series;
  administered_at: number;
  site: Site;
  vaccinator_id: string;
  presence: Presence;
  recorded_at: number;
  recorded_device_at: number;
  recorded_by: string;
  observation_ends_at: number;
  observation_released_at: number | null;
  adverse_event_note: string | null;
}

/** A row still being put together: anything may be missing until `assertComplete` says otherwise. */
export type DoseDraft = { [K in keyof DoseInsert]: DoseInsert[K] | null | undefined };

export type DoseView = ChannelOutput<'dose.record'>;
export type VialView = ChannelOutput<'vial.open'>;

const isText = (value: unknown) => typeof value === 'string' && value.trim().length > 0;
const isId = (value: unknown) => typeof value === 'string' && value.length === 36;
const isInstant = (value: unknown) =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const oneOf =
  (...allowed: string[]) =>
  (value: unknown) =>
    typeof value === 'string' && allowed.includes(value);

const requiredFields: Array<[keyof DoseInsert, string, (value: unknown) => boolean]> = [
  ['id', 'recordId', isId],
  ['record_type', 'recordType', oneOf('dose', 'amendment')],
  ['registration_id', 'registration', isText],
  ['recipient_id', 'recipient', isText],
  ['day_id', 'day', isText],
  ['vial_id', 'vial', isText],
  ['product_code', 'productCode', isText],
  ['lot', 'lot', isText],
  ['expiry', 'expiry', (value) => typeof value === 'string' && isCalendarDate(value)],
  ['dose_number', 'doseNumber', (value) => Number.isInteger(value) && (value as number) >= 1],
  ['series', 'series', oneOf(...SERIES)],
  ['administered_at', 'administeredAt', isInstant],
  ['site', 'site', oneOf(...INJECTION_SITES)],
  ['vaccinator_id', 'vaccinator', isText],
  ['presence', 'presence', oneOf(...PRESENCE_METHODS)],
  ['recorded_at', 'recordedAt', isInstant],
  ['recorded_device_at', 'deviceRecordedAt', isInstant],
  ['recorded_by', 'recordedBy', isText],
  ['observation_ends_at', 'observationEndsAt', isInstant],
];

/**
 * Hard rule 7 in the service: refuses DOSE_INCOMPLETE naming every required field that is missing
 * or malformed. The database's NOT NULL and CHECK constraints refuse the same rows again.
 */
export function assertComplete(row: DoseDraft): asserts row is DoseInsert {
  const missing = requiredFields
    .filter(([column, , valid]) => !valid(row[column]))
    .map(([, name]) => name);
  if (row.record_type === 'amendment') {
    if (!isId(row.amends)) missing.push('amends');
    if (!isText(row.amend_reason)) missing.push('reason');
  }
  if (missing.length > 0) refuse('DOSE_INCOMPLETE', { fields: missing.join(', ') });
}

export function doseView(row: DoseInsert, warnings: DoseWarning[]): DoseView {
  return {
    doseId: row.id,
    recordType: row.record_type,
    amends: row.amends,
    registrationId: row.registration_id,
    recipientId: row.recipient_id,
    productCode: row.product_code,
    lot: row.lot,
    expiry: row.expiry,
    doseNumber: row.dose_number,
    series: row.series,
    administeredAt: row.administered_at,
    site: row.site,
    recordedAt: row.recorded_at,
    recordedDeviceAt: row.recorded_device_at,
    observationEndsAt: row.observation_ends_at,
    warnings,
  };
}

export function vialView(row: VialRow, catalogue: Catalogue): VialView {
  return {
    vialId: row.id,
    productCode: row.product_code,
    productName: findProductByCode(catalogue, row.product_code)?.name ?? row.product_code,
    gtin: row.gtin,
    lot: row.lot,
    expiry: row.expiry,
    serial: row.serial,
    dosesPerVial: row.doses_per_vial,
    dosesDrawn: row.doses_drawn,
    reconciled: row.reconciled_at !== null,
    dosesWasted: row.doses_wasted,
  };
}
