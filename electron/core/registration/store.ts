import type { AppDatabase } from '../../../db/open';
import type { DocType, IdentityKey, Sex } from '../identity';

export type QueueStatus = 'waiting' | 'vaccinated' | 'deferred' | 'left';
export type Channel = 'walk-in' | 'outreach';
export type PresenceMethod = 'MYKAD' | 'SLIP_QR';

export interface RecipientRow {
  id: string;
  doc_type: DocType;
  doc_number: string;
  doc_country: string;
  full_name: string;
  name_key: string;
  birth_date: string;
  sex: Sex;
  nationality: string;
  address_line: string | null;
  postcode: string;
  state: string;
  duplicate_approved_by: string | null;
  duplicate_reason: string | null;
  created_at: number;
  created_by: string;
}

export interface RegistrationRow {
  id: string;
  recipient_id: string;
  day_id: string;
  channel: Channel;
  phone: string | null;
  consent: number;
  slip_token: string;
  registered_at: number;
  registered_device_at: number;
  registered_by: string;
  queue_status: QueueStatus;
  outcome_reason: string | null;
  presence_method: PresenceMethod | null;
  presence_confirmed_at: number | null;
  presence_confirmed_by: string | null;
}

export interface DoseSummaryRow {
  id: string;
  dose_number: number;
  product_code: string;
  series: 'primary' | 'booster';
  administered_at: number;
  void_record_id: string | null;
}

export interface QueueRow {
  id: string;
  recipient_id: string;
  full_name: string;
  doc_number: string;
  registered_at: number;
  queue_status: QueueStatus;
  presence_confirmed_at: number | null;
}

export interface ExportRow {
  doc_number: string;
  full_name: string;
  dose_number: number;
  product_code: string;
  administered_at: number;
}

export interface NewRecipient {
  id: string;
  key: IdentityKey;
  fullName: string;
  nameKey: string;
  birthDate: string;
  sex: Sex;
  nationality: string;
  addressLine: string | null;
  postcode: string;
  state: string;
  duplicateApprovedBy: string | null;
  duplicateReason: string | null;
  createdAt: number;
  createdBy: string;
}

export interface NewRegistration {
  id: string;
  recipientId: string;
  dayId: string;
  channel: Channel;
  phone: string | null;
  slipToken: string;
  registeredAt: number;
  registeredDeviceAt: number;
  registeredBy: string;
}

/** Not superseded by a standing (non-void) amendment, which takes the record's place. */
const notSuperseded =
  'NOT EXISTS (SELECT 1 FROM doses a WHERE a.amends = d.id AND a.void_record_id IS NULL)';

/** The registration desk's SQL, prepared once. */
export function createRegistrationStore(db: AppDatabase) {
  const sqlite = db.sqlite;
  const recipientById = sqlite.prepare<[string], RecipientRow>(
    'SELECT * FROM recipients WHERE id = ? AND purged_at IS NULL',
  );
  const recipientByKey = sqlite.prepare<[string, string, string], RecipientRow>(
    'SELECT * FROM recipients WHERE doc_type = ? AND doc_number = ? AND doc_country = ?',
  );
  const sameNameAndBirth = sqlite.prepare<[string, string, number], RecipientRow>(
    'SELECT * FROM recipients WHERE name_key = ? AND birth_date = ? ORDER BY created_at, id LIMIT ?',
  );
  const dosesOf = sqlite.prepare<[string], DoseSummaryRow>(
    `SELECT d.id, d.dose_number, d.product_code, d.series, d.administered_at, d.void_record_id
     FROM doses d WHERE d.recipient_id = ? AND ${notSuperseded}
     ORDER BY d.administered_at, d.id`,
  );
  const insertRecipient = sqlite.prepare<
    [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string | null,
      string,
      string,
      string | null,
      string | null,
      number,
      string,
    ]
  >(
    `INSERT INTO recipients (id, doc_type, doc_number, doc_country, full_name, name_key, birth_date,
       sex, nationality, address_line, postcode, state, duplicate_approved_by, duplicate_reason,
       created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertRegistration = sqlite.prepare<
    [string, string, string, string, string | null, string, number, number, string]
  >(
    `INSERT INTO registrations (id, recipient_id, day_id, channel, phone, consent, slip_token,
       registered_at, registered_device_at, registered_by, queue_status)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 'waiting')`,
  );
  const registrationById = sqlite.prepare<[string], RegistrationRow>(
    'SELECT * FROM registrations WHERE id = ?',
  );
  const registrationOfDay = sqlite.prepare<[string, string], RegistrationRow>(
    'SELECT * FROM registrations WHERE recipient_id = ? AND day_id = ?',
  );
  const countWaiting = sqlite.prepare<[string], { n: number }>(
    "SELECT count(*) AS n FROM registrations WHERE day_id = ? AND queue_status = 'waiting'",
  );
  const queuePage = sqlite.prepare<[string, string, number, number, string, number], QueueRow>(
    `SELECT g.id, g.recipient_id, r.full_name, r.doc_number, g.registered_at, g.queue_status,
       g.presence_confirmed_at
     FROM registrations g JOIN recipients r ON r.id = g.recipient_id
     WHERE g.day_id = ? AND g.queue_status = ?
       AND (g.registered_at > ? OR (g.registered_at = ? AND g.id > ?))
     ORDER BY g.registered_at, g.id
     LIMIT ?`,
  );
  const waitingWithSlip = sqlite.prepare<[string, string], QueueRow>(
    `SELECT g.id, g.recipient_id, r.full_name, r.doc_number, g.registered_at, g.queue_status,
       g.presence_confirmed_at
     FROM registrations g JOIN recipients r ON r.id = g.recipient_id
     WHERE g.day_id = ? AND g.slip_token = ? AND g.queue_status = 'waiting'`,
  );
  const waitingWithCard = sqlite.prepare<[string, string], QueueRow>(
    `SELECT g.id, g.recipient_id, r.full_name, r.doc_number, g.registered_at, g.queue_status,
       g.presence_confirmed_at
     FROM registrations g JOIN recipients r ON r.id = g.recipient_id
     WHERE g.day_id = ? AND r.doc_type IN ('MYKAD', 'MYPR') AND r.doc_number = ?
       AND g.queue_status = 'waiting'`,
  );
  const updateOutcome = sqlite.prepare<[string, string, string]>(
    "UPDATE registrations SET queue_status = ?, outcome_reason = ? WHERE id = ? AND queue_status = 'waiting'",
  );
  const updatePresence = sqlite.prepare<[string, number, string, string]>(
    `UPDATE registrations SET presence_method = ?, presence_confirmed_at = ?, presence_confirmed_by = ?
     WHERE id = ? AND queue_status = 'waiting'`,
  );
  const exportPage = sqlite.prepare<[number, number, number], ExportRow>(
    `SELECT r.doc_number, r.full_name, d.dose_number, d.product_code, d.administered_at
     FROM doses d JOIN recipients r ON r.id = d.recipient_id
     WHERE d.administered_at >= ? AND d.administered_at < ? AND d.void_record_id IS NULL
       AND ${notSuperseded}
     ORDER BY d.administered_at, d.id
     LIMIT ?`,
  );

  return {
    recipient: (recipientId: string): RecipientRow | null => recipientById.get(recipientId) ?? null,
    recipientByKey: (key: IdentityKey): RecipientRow | null =>
      recipientByKey.get(key.docType, key.docNumber, key.docCountry) ?? null,
    sameNameAndBirth: (nameKey: string, birthDate: string, limit: number): RecipientRow[] =>
      sameNameAndBirth.all(nameKey, birthDate, limit),
    dosesOf: (recipientId: string): DoseSummaryRow[] => dosesOf.all(recipientId),

    insertRecipient(r: NewRecipient): void {
      insertRecipient.run(
        r.id,
        r.key.docType,
        r.key.docNumber,
        r.key.docCountry,
        r.fullName,
        r.nameKey,
        r.birthDate,
        r.sex,
        r.nationality,
        r.addressLine,
        r.postcode,
        r.state,
        r.duplicateApprovedBy,
        r.duplicateReason,
        r.createdAt,
        r.createdBy,
      );
    },
    insertRegistration(g: NewRegistration): void {
      insertRegistration.run(
        g.id,
        g.recipientId,
        g.dayId,
        g.channel,
        g.phone,
        g.slipToken,
        g.registeredAt,
        g.registeredDeviceAt,
        g.registeredBy,
      );
    },

    registration: (registrationId: string): RegistrationRow | null =>
      registrationById.get(registrationId) ?? null,
    registrationOfDay: (recipientId: string, dayId: string): RegistrationRow | null =>
      registrationOfDay.get(recipientId, dayId) ?? null,
    waitingCount: (dayId: string): number => countWaiting.get(dayId)?.n ?? 0,

    /** Rows strictly after (registeredAt, id); pass (-1, '') for the first page. */
    queuePage: (
      dayId: string,
      status: QueueStatus,
      after: { registeredAt: number; id: string },
      limit: number,
    ): QueueRow[] =>
      queuePage.all(dayId, status, after.registeredAt, after.registeredAt, after.id, limit),

    /** The day's waiting registration whose slip token this is. */
    waitingWithSlip: (dayId: string, slipToken: string): QueueRow | null =>
      waitingWithSlip.get(dayId, slipToken) ?? null,
    /** The day's waiting registration of the MyKad or MyPR holder with this number. */
    waitingWithCard: (dayId: string, cardNumber: string): QueueRow | null =>
      waitingWithCard.get(dayId, cardNumber) ?? null,

    setOutcome: (registrationId: string, outcome: 'deferred' | 'left', reason: string): boolean =>
      updateOutcome.run(outcome, reason, registrationId).changes === 1,
    confirmPresence: (
      registrationId: string,
      method: PresenceMethod,
      at: number,
      by: string,
    ): boolean => updatePresence.run(method, at, by, registrationId).changes === 1,

    /** Effective doses administered in [from, to), oldest first. */
    exportRows: (from: number, to: number, limit: number): ExportRow[] =>
      exportPage.all(from, to, limit),
  };
}

export type RegistrationStore = ReturnType<typeof createRegistrationStore>;
