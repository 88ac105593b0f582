import type { AppDatabase } from '../../../db/open';
import {
  identityKeyText,
  NAME_KEY_VERSION,
  type DocType,
  type IdentityKey,
  type Sex,
} from '../identity';
import { createWaitingCount } from './waiting-count';

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
  identity_key: string;
  /** Flagged by migration 0006: an older version registered these 12 digits first as that one. */
  identity_conflict_of: string | null;
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
  presence_read_id: string | null;
  presence_typed_reason: string | null;
  /** Its place in its day's registrations, from 1, in the order they were made. */
  queue_number: number;
}

/** How presence is proved: a card read (its id), the slip QR, or a MyKad number typed with a reason. */
export type PresenceProof =
  | { method: 'MYKAD'; readId: string }
  | { method: 'SLIP_QR' }
  | { method: 'MYKAD_TYPED'; reason: string };

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
  /** The name's keys for the duplicate search, of NAME_KEY_VERSION. */
  nameKeys: string[];
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
  const recipientByIdentity = sqlite.prepare<[string], RecipientRow>(
    'SELECT * FROM recipients WHERE identity_key = ? AND identity_conflict_of IS NULL',
  );
  /** Same name key, birth date one of four (equal, a day either side, day and month swapped). */
  const sameNameNearBirth = sqlite.prepare<
    [string, string, string, string, string, number],
    RecipientRow
  >(
    `SELECT r.* FROM recipient_names n JOIN recipients r ON r.id = n.recipient_id
     WHERE n.name_key = ? AND n.birth_date IN (?, ?, ?, ?)
     ORDER BY r.created_at, r.id LIMIT ?`,
  );
  const samePassportOtherCountry = sqlite.prepare<[string, string, number], RecipientRow>(
    `SELECT * FROM recipients WHERE doc_type = 'PASSPORT' AND doc_number = ? AND doc_country <> ?
     ORDER BY created_at, id LIMIT ?`,
  );
  /** Documents JPN does not issue whose number is these 12 digits (the identity key's index). */
  const jpnDigitsOtherDocument = sqlite.prepare<[string, number], RecipientRow>(
    `SELECT * FROM recipients WHERE doc_type IN ('MYTENTERA', 'PASSPORT') AND doc_number = ?
     ORDER BY created_at, id LIMIT ?`,
  );
  const insertName = sqlite.prepare<[string, string, string]>(
    'INSERT INTO recipient_names (recipient_id, name_key, birth_date) VALUES (?, ?, ?)',
  );
  const updateDocType = sqlite.prepare<[string, string]>(
    'UPDATE recipients SET doc_type = ? WHERE id = ? AND purged_at IS NULL',
  );
  const dosesOf = sqlite.prepare<[string], DoseSummaryRow>(
    `SELECT d.id, d.dose_number, d.product_code, d.series, d.administered_at, d.void_record_id
     FROM doses d WHERE d.recipient_id = ? AND ${notSuperseded}
     ORDER BY d.administered_at, d.id`,
  );
  const lastPhone = sqlite.prepare<[string], { phone: string }>(
    `SELECT phone FROM registrations WHERE recipient_id = ? AND phone IS NOT NULL
     ORDER BY registered_at DESC, id DESC LIMIT 1`,
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
       created_at, created_by, name_key_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${NAME_KEY_VERSION})`,
  );
  const insertRegistration = sqlite.prepare<
    [string, string, string, string, string | null, string, number, number, string]
  >(
    `INSERT INTO registrations (id, recipient_id, day_id, channel, phone, consent, slip_token,
       registered_at, registered_device_at, registered_by, queue_status)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 'waiting')`,
  );
  const withQueueNumber = `SELECT r.*, (SELECT COUNT(*) FROM registrations q WHERE q.day_id = r.day_id
       AND (q.registered_at < r.registered_at OR (q.registered_at = r.registered_at AND q.id <= r.id)))
     AS queue_number FROM registrations r`;
  const registrationById = sqlite.prepare<[string], RegistrationRow>(
    `${withQueueNumber} WHERE r.id = ?`,
  );
  const registrationOfDay = sqlite.prepare<[string, string], RegistrationRow>(
    `${withQueueNumber} WHERE r.recipient_id = ? AND r.day_id = ?`,
  );
  const waitingCount = createWaitingCount(db);
  const queuePageSql = (status: string) =>
    `SELECT g.id, g.recipient_id, r.full_name, r.doc_number, g.registered_at, g.queue_status,
       g.presence_confirmed_at
     FROM registrations g JOIN recipients r ON r.id = g.recipient_id
     WHERE g.day_id = ? AND g.queue_status = ${status}
       AND (g.registered_at > ? OR (g.registered_at = ? AND g.id > ?))
     ORDER BY g.registered_at, g.id
     LIMIT ?`;
  // The waiting queue is read from its own partial index, which SQLite takes only for the literal.
  const waitingPage = sqlite.prepare<[string, number, number, string, number], QueueRow>(
    queuePageSql(`'waiting'`),
  );
  const queuePage = sqlite.prepare<[string, string, number, number, string, number], QueueRow>(
    queuePageSql('?'),
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
  const updatePresence = sqlite.prepare<
    [PresenceMethod, string | null, string | null, number, string, string]
  >(
    `UPDATE registrations SET presence_method = ?, presence_read_id = ?, presence_typed_reason = ?,
       presence_confirmed_at = ?, presence_confirmed_by = ?
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
    /** The recipient holding this identity (identityKeyText): JPN numbers whatever the card type. */
    recipientByIdentity: (key: IdentityKey): RecipientRow | null =>
      recipientByIdentity.get(identityKeyText(key)) ?? null,
    /**
     * Recipients one of whose name keys is one of `nameKeys`, born on one of `birthDates` (≤ 4):
     * the oldest `limit` for each key.
     */
    sameNameNearBirth(nameKeys: string[], birthDates: string[], limit: number): RecipientRow[] {
      const [a, b, c, d] = birthDates;
      if (a === undefined) return [];
      return nameKeys.flatMap((nameKey) =>
        sameNameNearBirth.all(nameKey, a, b ?? a, c ?? a, d ?? a, limit),
      );
    },
    samePassportOtherCountry: (key: IdentityKey, limit: number): RecipientRow[] =>
      samePassportOtherCountry.all(key.docNumber, key.docCountry, limit),
    jpnDigitsOtherDocument: (digits: string, limit: number): RecipientRow[] =>
      jpnDigitsOtherDocument.all(digits, limit),
    setDocType: (recipientId: string, docType: DocType): boolean =>
      updateDocType.run(docType, recipientId).changes === 1,
    dosesOf: (recipientId: string): DoseSummaryRow[] => dosesOf.all(recipientId),
    /** The phone the recipient gave at their latest registration that had one. */
    lastPhone: (recipientId: string): string | null => lastPhone.get(recipientId)?.phone ?? null,

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
      for (const nameKey of r.nameKeys) insertName.run(r.id, nameKey, r.birthDate);
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
    waitingCount,

    /** Rows strictly after (registeredAt, id); pass (-1, '') for the first page. */
    queuePage: (
      dayId: string,
      status: QueueStatus,
      after: { registeredAt: number; id: string },
      limit: number,
    ): QueueRow[] =>
      status === 'waiting'
        ? waitingPage.all(dayId, after.registeredAt, after.registeredAt, after.id, limit)
        : queuePage.all(dayId, status, after.registeredAt, after.registeredAt, after.id, limit),

    /** The day's waiting registration whose slip token this is. */
    waitingWithSlip: (dayId: string, slipToken: string): QueueRow | null =>
      waitingWithSlip.get(dayId, slipToken) ?? null,
    /** The day's waiting registration of the MyKad or MyPR holder with this number. */
    waitingWithCard: (dayId: string, cardNumber: string): QueueRow | null =>
      waitingWithCard.get(dayId, cardNumber) ?? null,

    setOutcome: (registrationId: string, outcome: 'deferred' | 'left', reason: string): boolean =>
      updateOutcome.run(outcome, reason, registrationId).changes === 1,
    /** A typed MyKad number is stored as MYKAD with its reason: MyVAS knows only MYKAD and SLIP_QR. */
    confirmPresence: (registrationId: string, proof: PresenceProof, at: number, by: string) =>
      updatePresence.run(
        proof.method === 'SLIP_QR' ? 'SLIP_QR' : 'MYKAD',
        proof.method === 'MYKAD' ? proof.readId : null,
        proof.method === 'MYKAD_TYPED' ? proof.reason : null,
        at,
        by,
        registrationId,
      ).changes === 1,

    /** Effective doses administered in [from, to), oldest first. */
    exportRows: (from: number, to: number, limit: number): ExportRow[] =>
      exportPage.all(from, to, limit),
  };
}

export type RegistrationStore = ReturnType<typeof createRegistrationStore>;
