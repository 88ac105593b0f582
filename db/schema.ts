import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';

/*
 * Every instant is epoch milliseconds (UTC). `*_at` is the trusted (corrected) clock;
 * `*_device_at` keeps what the PC's own clock said. Calendar dates are YYYY-MM-DD in Malaysia time.
 * Required fields are NOT NULL / CHECK here, not only in code.
 */

const isDate = (column: string) =>
  sql.raw(`${column} GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'`);
const isUuid = (column: string) => sql.raw(`length(${column}) = 36`);
/** Non-empty text; NULL fails too (a CHECK that evaluates to NULL would otherwise pass). */
const notBlank = (column: string) => sql.raw(`coalesce(length(trim(${column})), 0) > 0`);

export const ppvSettings = sqliteTable(
  'ppv_settings',
  {
    id: integer('id').primaryKey(),
    ppvCode: text('ppv_code').notNull(),
    name: text('name').notNull(),
    state: text('state').notNull(),
    district: text('district').notNull(),
    myvasEndpoint: text('myvas_endpoint'),
    myvasToken: text('myvas_token'),
    closureDate: text('closure_date'),
    idleLockMinutes: integer('idle_lock_minutes').notNull().default(5),
    exportRowLimit: integer('export_row_limit').notNull().default(200),
    retentionDays: integer('retention_days').notNull().default(90),
    /** How many distinct recipients one person may read in a rolling hour. */
    recipientReadsPerHour: integer('recipient_reads_per_hour').notNull().default(300),
    updatedAt: integer('updated_at').notNull(),
    /** When the PPV's first manager account was made; until then an admin may grant manager alone. */
    firstManagerAt: integer('first_manager_at'),
    /** The last change of the MyVAS address or token, by an admin with a manager's approval. */
    myvasChangedAt: integer('myvas_changed_at'),
    myvasChangedBy: text('myvas_changed_by').references((): AnySQLiteColumn => users.id),
    myvasApprovedBy: text('myvas_approved_by').references((): AnySQLiteColumn => users.id),
    myvasChange: text('myvas_change', { enum: ['endpoint', 'token', 'both'] }),
  },
  (t) => [
    check('ppv_settings_single_row', sql`${t.id} = 1`),
    check('ppv_settings_code', sql`${t.ppvCode} GLOB 'PPV-*' AND length(${t.ppvCode}) <= 32`),
    check('ppv_settings_name', notBlank('name')),
    check('ppv_settings_closure_date', sql`closure_date IS NULL OR (${isDate('closure_date')})`),
    check('ppv_settings_idle', sql`${t.idleLockMinutes} BETWEEN 1 AND 60`),
    check('ppv_settings_export_limit', sql`${t.exportRowLimit} BETWEEN 1 AND 200`),
    check('ppv_settings_retention', sql`${t.retentionDays} BETWEEN 1 AND 3650`),
  ],
);

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    staffId: text('staff_id').notNull().unique(),
    fullName: text('full_name').notNull(),
    secretHash: text('secret_hash').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull(),
    mustChangeSecret: integer('must_change_secret', { mode: 'boolean' }).notNull(),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    /** When the next sign-in attempt may be checked, after failures (no account is locked out). */
    lockedUntil: integer('locked_until'),
    /** Who approved the first PIN the account holds: its holder changes it with them as witness. */
    firstPinApprovedBy: text('first_pin_approved_by').references((): AnySQLiteColumn => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    check(
      'users_staff_id',
      sql`${t.staffId} NOT GLOB '*[^A-Z0-9]*' AND length(${t.staffId}) BETWEEN 3 AND 20`,
    ),
    check('users_full_name', notBlank('full_name')),
    check('users_secret_hash', sql`${t.secretHash} GLOB 'scrypt$*'`),
    check('users_failed_attempts', sql`${t.failedAttempts} >= 0`),
  ],
);

export const userRoles = sqliteTable(
  'user_roles',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: ['clerk', 'vaccinator', 'manager', 'admin'] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.role] }),
    check('user_roles_role', sql`${t.role} IN ('clerk', 'vaccinator', 'manager', 'admin')`),
  ],
);

/** JPN's document types with 12 digits share one key; every other document is type, country, number. */
const jpnIdentityKey = sql.raw(`CASE
      WHEN doc_number IS NULL THEN NULL
      WHEN doc_type IN ('MYKAD', 'MYPR', 'MYKAS', 'BIRTH_CERT') AND length(doc_number) = 12 AND doc_number NOT GLOB '*[^0-9]*'
        THEN 'JPN:' || doc_number
      ELSE doc_type || ':' || doc_country || ':' || doc_number END`);
/** What a person is told once, at their next sign-in: a PIN reset, roles taken away. */
export const signInNotices = sqliteTable(
  'sign_in_notices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: ['roles-removed', 'pin-reset'] }).notNull(),
    detail: text('detail').notNull(),
    createdAt: integer('created_at').notNull(),
    shownAt: integer('shown_at'),
    /** Null only for a notice a migration wrote, until the console's first start audits it. */
    auditedAt: integer('audited_at'),
  },
  (t) => [
    index('sign_in_notices_pending').on(t.userId, t.shownAt),
    check('sign_in_notices_kind', sql`${t.kind} IN ('roles-removed', 'pin-reset')`),
  ],
);

export const recipients = sqliteTable(
  'recipients',
  {
    id: text('id').primaryKey(),
    docType: text('doc_type', {
      enum: ['MYKAD', 'MYPR', 'MYKAS', 'MYTENTERA', 'PASSPORT', 'BIRTH_CERT'],
    }).notNull(),
    /** Null once purged (retention); so are the other personal fields. */
    docNumber: text('doc_number'),
    docCountry: text('doc_country').notNull(),
    fullName: text('full_name'),
    nameKey: text('name_key'),
    birthDate: text('birth_date'),
    sex: text('sex', { enum: ['M', 'F'] }).notNull(),
    nationality: text('nationality').notNull(),
    addressLine: text('address_line'),
    postcode: text('postcode'),
    state: text('state').notNull(),
    duplicateApprovedBy: text('duplicate_approved_by').references(() => users.id),
    duplicateReason: text('duplicate_reason'),
    createdAt: integer('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    /** When the retention purge removed the personal fields: MyVAS holds the records. */
    purgedAt: integer('purged_at'),
    /**
     * The identity key as one text, unique among recipients (core/identity identityKeyText):
     * JPN's 12-digit numbers are one number space, whatever the card type.
     */
    identityKey: text('identity_key').generatedAlwaysAs(jpnIdentityKey, { mode: 'virtual' }),
    /**
     * Set only by migration 0006, on a recipient that an older version let in twice under two JPN
     * card types: the first recipient holding the same 12 digits. Kept, not merged, for the desk.
     */
    identityConflictOf: text('identity_conflict_of').references(
      (): AnySQLiteColumn => recipients.id,
    ),
    /** The core/identity NAME_KEY_VERSION of name_key and the recipient's recipient_names rows. */
    nameKeyVersion: integer('name_key_version').notNull().default(0),
  },
  (t) => [
    uniqueIndex('recipients_identity_key').on(t.docType, t.docNumber, t.docCountry),
    uniqueIndex('recipients_identity')
      .on(t.identityKey)
      .where(sql`identity_conflict_of IS NULL`),
    index('recipients_identity_conflict')
      .on(t.identityConflictOf)
      .where(sql`identity_conflict_of IS NOT NULL`),
    index('recipients_name_key_version')
      .on(t.nameKeyVersion)
      .where(sql`purged_at IS NULL`),
    check(
      'recipients_doc_type',
      sql`${t.docType} IN ('MYKAD', 'MYPR', 'MYKAS', 'MYTENTERA', 'PASSPORT', 'BIRTH_CERT')`,
    ),
    check(
      'recipients_doc_number',
      sql`${t.docNumber} NOT GLOB '*[^A-Z0-9]*' AND length(${t.docNumber}) BETWEEN 5 AND 20`,
    ),
    check('recipients_doc_country', sql`${t.docCountry} GLOB '[A-Z][A-Z][A-Z]'`),
    check(
      'recipients_personal',
      sql`CASE WHEN purged_at IS NULL
        THEN doc_number IS NOT NULL AND birth_date IS NOT NULL AND postcode IS NOT NULL AND ${notBlank('full_name')} AND ${notBlank('name_key')}
        ELSE doc_number IS NULL AND full_name IS NULL AND name_key IS NULL AND birth_date IS NULL AND address_line IS NULL AND postcode IS NULL AND duplicate_reason IS NULL END`,
    ),
    check('recipients_birth_date', isDate('birth_date')),
    check('recipients_sex', sql`${t.sex} IN ('M', 'F')`),
    check('recipients_nationality', sql`${t.nationality} GLOB '[A-Z][A-Z][A-Z]'`),
    check('recipients_postcode', sql`${t.postcode} GLOB '[0-9][0-9][0-9][0-9][0-9]'`),
    check('recipients_state', notBlank('state')),
    check(
      'recipients_duplicate_approval',
      sql`(duplicate_approved_by IS NULL AND duplicate_reason IS NULL) OR (duplicate_approved_by IS NOT NULL AND (${notBlank('duplicate_reason')} OR purged_at IS NOT NULL))`,
    ),
  ],
);

/**
 * The normalised names of each recipient (core/identity nameKeys: the name, and each alias after `@`)
 * with the birth date, for the possible-duplicate search. Removed with the personal data on purge.
 */
export const recipientNames = sqliteTable(
  'recipient_names',
  {
    recipientId: text('recipient_id')
      .notNull()
      .references(() => recipients.id),
    nameKey: text('name_key').notNull(),
    birthDate: text('birth_date').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.recipientId, t.nameKey] }),
    index('recipient_names_key_birth').on(t.nameKey, t.birthDate),
    check('recipient_names_key', notBlank('name_key')),
    check('recipient_names_birth_date', isDate('birth_date')),
  ],
);

export const days = sqliteTable(
  'days',
  {
    id: text('id').primaryKey(),
    sessionDate: text('session_date').notNull(),
    channel: text('channel', { enum: ['walk-in', 'outreach'] }).notNull(),
    outreachPlace: text('outreach_place'),
    outreachDistrict: text('outreach_district'),
    outreachState: text('outreach_state'),
    state: text('state', { enum: ['open', 'sealed'] }).notNull(),
    openedAt: integer('opened_at').notNull(),
    openedDeviceAt: integer('opened_device_at').notNull(),
    openedBy: text('opened_by')
      .notNull()
      .references(() => users.id),
    closedAt: integer('closed_at'),
    closedDeviceAt: integer('closed_device_at'),
    closedBy: text('closed_by').references(() => users.id),
    /**
     * How the clock was trusted at opening: `measured` (MyVAS time, fresh) or `confirmed` (a manager
     * confirmed the time shown; who and what time). Required of every new day by a trigger; NULL only
     * on days opened before the console kept it.
     */
    openedClock: text('opened_clock', { enum: ['measured', 'confirmed'] }),
    clockConfirmedBy: text('clock_confirmed_by').references(() => users.id),
    clockConfirmedTime: integer('clock_confirmed_time'),
  },
  (t) => [
    uniqueIndex('days_one_open')
      .on(t.state)
      .where(sql`state = 'open'`),
    check('days_session_date', isDate('session_date')),
    check('days_channel', sql`${t.channel} IN ('walk-in', 'outreach')`),
    check(
      'days_outreach_location',
      sql`(channel = 'walk-in' AND outreach_place IS NULL AND outreach_district IS NULL AND outreach_state IS NULL) OR (channel = 'outreach' AND ${notBlank('outreach_place')} AND ${notBlank('outreach_district')} AND ${notBlank('outreach_state')})`,
    ),
    check(
      'days_state',
      sql`(state = 'open' AND closed_at IS NULL AND closed_by IS NULL) OR (state = 'sealed' AND closed_at IS NOT NULL AND closed_by IS NOT NULL AND closed_device_at IS NOT NULL AND closed_at >= opened_at)`,
    ),
  ],
);

export const registrations = sqliteTable(
  'registrations',
  {
    id: text('id').primaryKey(),
    recipientId: text('recipient_id')
      .notNull()
      .references(() => recipients.id),
    dayId: text('day_id')
      .notNull()
      .references(() => days.id),
    channel: text('channel', { enum: ['walk-in', 'outreach'] }).notNull(),
    phone: text('phone'),
    consent: integer('consent', { mode: 'boolean' }).notNull(),
    slipToken: text('slip_token').notNull().unique(),
    registeredAt: integer('registered_at').notNull(),
    registeredDeviceAt: integer('registered_device_at').notNull(),
    registeredBy: text('registered_by')
      .notNull()
      .references(() => users.id),
    queueStatus: text('queue_status', {
      enum: ['waiting', 'vaccinated', 'deferred', 'left'],
    }).notNull(),
    outcomeReason: text('outcome_reason'),
    presenceMethod: text('presence_method', { enum: ['MYKAD', 'SLIP_QR'] }),
    presenceConfirmedAt: integer('presence_confirmed_at'),
    presenceConfirmedBy: text('presence_confirmed_by').references(() => users.id),
    /** The card read (at the confirming station) that proved presence by MyKad. */
    presenceReadId: text('presence_read_id'),
    /** Why the MyKad number was typed by hand instead of read from the chip. */
    presenceTypedReason: text('presence_typed_reason'),
    /** When the retention purge removed the phone number and the outcome text. */
    purgedAt: integer('purged_at'),
  },
  (t) => [
    uniqueIndex('registrations_once_a_day').on(t.recipientId, t.dayId),
    // A day's registrations in order (queue numbers, lists by outcome), and apart its waiting queue
    // alone: a registration leaving the queue deletes one entry there, and rewrites no other index.
    index('registrations_day').on(t.dayId, t.registeredAt),
    index('registrations_waiting')
      .on(t.dayId, t.registeredAt)
      .where(sql`queue_status = 'waiting'`),
    uniqueIndex('registrations_presence_read').on(t.presenceReadId),
    check('registrations_channel', sql`${t.channel} IN ('walk-in', 'outreach')`),
    check(
      'registrations_phone',
      sql`CASE WHEN purged_at IS NOT NULL THEN phone IS NULL AND outcome_reason IS NULL WHEN phone IS NULL THEN channel = 'outreach' ELSE phone GLOB '+[0-9]*' AND phone NOT GLOB '+*[^0-9]*' AND length(phone) BETWEEN 9 AND 16 END`,
    ),
    check('registrations_consent', sql`${t.consent} = 1`),
    check(
      'registrations_queue_status',
      sql`${t.queueStatus} IN ('waiting', 'vaccinated', 'deferred', 'left')`,
    ),
    check(
      'registrations_outcome_reason',
      sql`queue_status NOT IN ('deferred', 'left') OR purged_at IS NOT NULL OR ${notBlank('outcome_reason')}`,
    ),
    check(
      'registrations_presence',
      sql`(presence_method IS NULL AND presence_confirmed_at IS NULL AND presence_confirmed_by IS NULL) OR (presence_method IS NOT NULL AND presence_method IN ('MYKAD', 'SLIP_QR') AND presence_confirmed_at IS NOT NULL AND presence_confirmed_by IS NOT NULL)`,
    ),
  ],
);

export const products = sqliteTable(
  'products',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    manufacturer: text('manufacturer').notNull(),
    dosesPerVial: integer('doses_per_vial').notNull(),
    primaryDoses: integer('primary_doses').notNull(),
    boosterApproved: integer('booster_approved', { mode: 'boolean' }).notNull(),
  },
  (t) => [
    check(
      'products_code',
      sql`${t.code} NOT GLOB '*[^A-Z]*' AND length(${t.code}) BETWEEN 2 AND 30`,
    ),
    check('products_doses_per_vial', sql`${t.dosesPerVial} BETWEEN 1 AND 50`),
    check('products_primary_doses', sql`${t.primaryDoses} BETWEEN 1 AND 5`),
  ],
);

export const productGtins = sqliteTable(
  'product_gtins',
  {
    gtin: text('gtin').primaryKey(),
    productCode: text('product_code')
      .notNull()
      .references(() => products.code),
  },
  (t) => [
    check('product_gtins_gtin', sql`length(${t.gtin}) = 14 AND ${t.gtin} NOT GLOB '*[^0-9]*'`),
  ],
);

export const intervalRules = sqliteTable(
  'interval_rules',
  {
    id: text('id').primaryKey(),
    productCode: text('product_code').references(() => products.code),
    series: text('series', { enum: ['primary', 'booster'] }).notNull(),
    doseNumber: integer('dose_number'),
    minDays: integer('min_days'),
    minMonths: integer('min_months'),
    maxDays: integer('max_days'),
    effectiveFrom: text('effective_from').notNull(),
    source: text('source').notNull(),
  },
  (t) => [
    check('interval_rules_series', sql`${t.series} IN ('primary', 'booster')`),
    check(
      'interval_rules_target',
      sql`(series = 'primary' AND product_code IS NOT NULL AND coalesce(dose_number, 0) >= 2) OR (series = 'booster' AND dose_number IS NULL)`,
    ),
    check('interval_rules_minimum', sql`(min_days IS NULL) <> (min_months IS NULL)`),
    check('interval_rules_effective', isDate('effective_from')),
  ],
);

export const vials = sqliteTable(
  'vials',
  {
    id: text('id').primaryKey(),
    dayId: text('day_id')
      .notNull()
      .references(() => days.id),
    productCode: text('product_code')
      .notNull()
      .references(() => products.code),
    gtin: text('gtin'),
    lot: text('lot').notNull(),
    expiry: text('expiry').notNull(),
    serial: text('serial'),
    dosesPerVial: integer('doses_per_vial').notNull(),
    dosesDrawn: integer('doses_drawn').notNull().default(0),
    openedAt: integer('opened_at').notNull(),
    openedBy: text('opened_by')
      .notNull()
      .references(() => users.id),
    reconciledAt: integer('reconciled_at'),
    reconciledBy: text('reconciled_by').references(() => users.id),
    dosesWasted: integer('doses_wasted'),
  },
  (t) => [
    index('vials_day').on(t.dayId),
    check('vials_lot', notBlank('lot')),
    check('vials_expiry', isDate('expiry')),
    check('vials_gtin', sql`gtin IS NULL OR (length(gtin) = 14 AND gtin NOT GLOB '*[^0-9]*')`),
    check('vials_doses_drawn', sql`${t.dosesDrawn} BETWEEN 0 AND ${t.dosesPerVial}`),
    check(
      'vials_reconciled',
      sql`(reconciled_at IS NULL AND reconciled_by IS NULL AND doses_wasted IS NULL) OR (reconciled_at IS NOT NULL AND reconciled_by IS NOT NULL AND doses_wasted IS NOT NULL AND doses_wasted BETWEEN 0 AND doses_per_vial - doses_drawn)`,
    ),
  ],
);

/**
 * The lots the PPV has received, one scanned vial per box: a vial of another lot asks the vaccinator
 * to confirm the lot shown before it opens (a scanner that drops GS merges lot and serial).
 */
export const deliveredLots = sqliteTable(
  'delivered_lots',
  {
    id: text('id').primaryKey(),
    productCode: text('product_code')
      .notNull()
      .references(() => products.code),
    gtin: text('gtin').notNull(),
    lot: text('lot').notNull(),
    expiry: text('expiry').notNull(),
    recordedAt: integer('recorded_at').notNull(),
    recordedBy: text('recorded_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [
    uniqueIndex('delivered_lots_gtin_lot').on(t.gtin, t.lot),
    check('delivered_lots_lot', notBlank('lot')),
    check('delivered_lots_expiry', isDate('expiry')),
    check('delivered_lots_gtin', sql`length(gtin) = 14 AND gtin NOT GLOB '*[^0-9]*'`),
  ],
);

export const doses = sqliteTable(
  'doses',
  {
    id: text('id').primaryKey(),
    recordType: text('record_type', { enum: ['dose', 'amendment'] }).notNull(),
    amends: text('amends').references((): AnySQLiteColumn => doses.id),
    amendReason: text('amend_reason'),
    registrationId: text('registration_id')
      .notNull()
      .references(() => registrations.id),
    recipientId: text('recipient_id')
      .notNull()
      .references(() => recipients.id),
    dayId: text('day_id')
      .notNull()
      .references(() => days.id),
    vialId: text('vial_id')
      .notNull()
      .references(() => vials.id),
    productCode: text('product_code')
      .notNull()
      .references(() => products.code),
    gtin: text('gtin'),
    lot: text('lot').notNull(),
    expiry: text('expiry').notNull(),
    doseNumber: integer('dose_number').notNull(),
    series: text('series', { enum: ['primary', 'booster'] }).notNull(),
    administeredAt: integer('administered_at').notNull(),
    site: text('site', { enum: ['L_DELTOID', 'R_DELTOID', 'L_THIGH', 'R_THIGH'] }).notNull(),
    vaccinatorId: text('vaccinator_id')
      .notNull()
      .references(() => users.id),
    presence: text('presence', { enum: ['MYKAD', 'SLIP_QR'] }).notNull(),
    recordedAt: integer('recorded_at').notNull(),
    recordedDeviceAt: integer('recorded_device_at').notNull(),
    recordedBy: text('recorded_by')
      .notNull()
      .references(() => users.id),
    observationEndsAt: integer('observation_ends_at').notNull(),
    observationReleasedAt: integer('observation_released_at'),
    adverseEventNote: text('adverse_event_note'),
    voidRecordId: text('void_record_id'),
    voidReason: text('void_reason'),
    voidedBy: text('voided_by').references(() => users.id),
    voidedAt: integer('voided_at'),
    voidedDeviceAt: integer('voided_device_at'),
    voidDayId: text('void_day_id').references(() => days.id),
  },
  (t) => [
    uniqueIndex('doses_one_per_registration')
      .on(t.registrationId)
      .where(sql`record_type = 'dose' AND void_record_id IS NULL`),
    uniqueIndex('doses_number_once')
      .on(t.recipientId, t.doseNumber)
      .where(sql`record_type = 'dose' AND void_record_id IS NULL`),
    index('doses_recipient').on(t.recipientId, t.doseNumber),
    index('doses_day').on(t.dayId),
    // Partial indexes: an ordinary dose (no amendment, no void) adds no entry to them, which keeps
    // each dose.record commit small.
    uniqueIndex('doses_amended_once')
      .on(t.amends)
      .where(sql`amends IS NOT NULL AND void_record_id IS NULL`),
    uniqueIndex('doses_void_record')
      .on(t.voidRecordId)
      .where(sql`void_record_id IS NOT NULL`),
    index('doses_void_day')
      .on(t.voidDayId)
      .where(sql`void_day_id IS NOT NULL`),
    check('doses_id', isUuid('id')),
    check('doses_record_type', sql`${t.recordType} IN ('dose', 'amendment')`),
    check(
      'doses_amendment',
      sql`(record_type = 'dose' AND amends IS NULL AND amend_reason IS NULL) OR (record_type = 'amendment' AND amends IS NOT NULL AND ${notBlank('amend_reason')})`,
    ),
    check('doses_lot', notBlank('lot')),
    check('doses_expiry', isDate('expiry')),
    check('doses_gtin', sql`gtin IS NULL OR (length(gtin) = 14 AND gtin NOT GLOB '*[^0-9]*')`),
    check('doses_dose_number', sql`${t.doseNumber} >= 1`),
    check('doses_series', sql`${t.series} IN ('primary', 'booster')`),
    check('doses_site', sql`${t.site} IN ('L_DELTOID', 'R_DELTOID', 'L_THIGH', 'R_THIGH')`),
    check('doses_presence', sql`${t.presence} IN ('MYKAD', 'SLIP_QR')`),
    check('doses_recorded_after_given', sql`${t.administeredAt} <= ${t.recordedAt} + 120000`),
    check('doses_observation', sql`${t.observationEndsAt} >= ${t.administeredAt}`),
    check(
      'doses_void',
      sql`(void_record_id IS NULL AND void_reason IS NULL AND voided_by IS NULL AND voided_at IS NULL AND voided_device_at IS NULL AND void_day_id IS NULL) OR (void_record_id IS NOT NULL AND length(void_record_id) = 36 AND ${notBlank('void_reason')} AND voided_by IS NOT NULL AND voided_at IS NOT NULL AND voided_device_at IS NOT NULL)`,
    ),
  ],
);

export const batches = sqliteTable(
  'batches',
  {
    id: text('id').primaryKey(),
    dayId: text('day_id')
      .notNull()
      .unique()
      .references(() => days.id),
    sessionDate: text('session_date').notNull(),
    openedAt: integer('opened_at').notNull(),
    closedAt: integer('closed_at').notNull(),
    recordCount: integer('record_count').notNull(),
    contentHash: text('content_hash').notNull(),
    auditHead: text('audit_head').notNull(),
    sealedBy: text('sealed_by')
      .notNull()
      .references(() => users.id),
    uploadState: text('upload_state', {
      enum: ['waiting', 'uploading', 'committed', 'failed'],
    }).notNull(),
  },
  (t) => [
    check('batches_id', isUuid('id')),
    check('batches_session_date', isDate('session_date')),
    check('batches_times', sql`${t.openedAt} <= ${t.closedAt}`),
    check('batches_record_count', sql`${t.recordCount} BETWEEN 0 AND 100000`),
    check('batches_content_hash', sql`length(${t.contentHash}) = 64`),
    check('batches_audit_head', sql`length(${t.auditHead}) = 64`),
    check(
      'batches_upload_state',
      sql`${t.uploadState} IN ('waiting', 'uploading', 'committed', 'failed')`,
    ),
  ],
);

export const batchRecords = sqliteTable(
  'batch_records',
  {
    batchId: text('batch_id')
      .notNull()
      .references(() => batches.id),
    recordId: text('record_id').notNull(),
    position: integer('position').notNull(),
    recordType: text('record_type', { enum: ['dose', 'void', 'amendment'] }).notNull(),
    canonical: text('canonical').notNull(),
    /** When the retention purge took the recipient out of the canonical record. */
    purgedAt: integer('purged_at'),
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.recordId] }),
    uniqueIndex('batch_records_position').on(t.batchId, t.position),
    index('batch_records_record').on(t.recordId),
    check('batch_records_type', sql`${t.recordType} IN ('dose', 'void', 'amendment')`),
    check('batch_records_canonical', sql`json_valid(${t.canonical})`),
  ],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    // Numbered by the chain itself (the last entry's seq + 1), not by SQLite's sqlite_sequence.
    seq: integer('seq').primaryKey(),
    at: integer('at').notNull(),
    deviceAt: integer('device_at').notNull(),
    userId: text('user_id'),
    station: text('station').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    detail: text('detail').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    check('audit_log_action', notBlank('action')),
    check('audit_log_detail', sql`json_valid(${t.detail})`),
    check('audit_log_hashes', sql`length(${t.prevHash}) = 64 AND length(${t.hash}) = 64`),
  ],
);

export const clockSamples = sqliteTable(
  'clock_samples',
  {
    id: integer('id').primaryKey(),
    source: text('source').notNull(),
    deviceSentAt: integer('device_sent_at').notNull(),
    deviceReceivedAt: integer('device_received_at').notNull(),
    monotonicReceivedAt: integer('monotonic_received_at').notNull(),
    processId: text('process_id').notNull(),
    serverTime: integer('server_time').notNull(),
    offsetMs: integer('offset_ms').notNull(),
  },
  (t) => [check('clock_samples_round_trip', sql`${t.deviceReceivedAt} >= ${t.deviceSentAt}`)],
);

/**
 * The latest trusted time this station ever recorded: the maximum over the audit log, the doses'
 * times and MyVAS's clock samples, kept by triggers on their inserts so the clock reads it in one row.
 */
export const stationHighWater = sqliteTable(
  'station_high_water',
  {
    id: integer('id').primaryKey(),
    at: integer('at').notNull(),
  },
  (t) => [check('station_high_water_single_row', sql`${t.id} = 1`)],
);

/**
 * A sealed batch's way to MyVAS. The plan (`late_cutoff`, `upload_hash`, `chunk_size`) is fixed just
 * before the first declaration and never changes after, so every retry sends the same bytes.
 */
export const batchUploads = sqliteTable(
  'batch_uploads',
  {
    batchId: text('batch_id')
      .primaryKey()
      .references(() => batches.id),
    lateReason: text('late_reason'),
    lateReasonBy: text('late_reason_by').references(() => users.id),
    lateReasonAt: integer('late_reason_at'),
    /** Dose and amendment records administered before this instant carry the late reason. */
    lateCutoff: integer('late_cutoff'),
    /** The content hash of the records as declared to MyVAS (the sealed records plus late reasons). */
    uploadHash: text('upload_hash'),
    chunkSize: integer('chunk_size'),
    declaredAt: integer('declared_at'),
    committedAt: integer('committed_at'),
    accepted: integer('accepted').notNull().default(0),
    duplicate: integer('duplicate').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    /** Why the upload is not moving: null while it moves or once committed. */
    waitingFor: text('waiting_for', {
      enum: ['network', 'late-reason', 'clock', 'myvas-refused'],
    }),
    lastErrorCode: text('last_error_code'),
    nextAttemptAt: integer('next_attempt_at'),
    attempts: integer('attempts').notNull().default(0),
  },
  (t) => [
    check(
      'batch_uploads_late_reason',
      sql`(late_reason IS NULL AND late_reason_by IS NULL AND late_reason_at IS NULL) OR (${notBlank('late_reason')} AND late_reason_by IS NOT NULL AND late_reason_at IS NOT NULL)`,
    ),
    check(
      'batch_uploads_plan',
      sql`(upload_hash IS NULL AND late_cutoff IS NULL AND chunk_size IS NULL) OR (length(upload_hash) = 64 AND late_cutoff IS NOT NULL AND chunk_size BETWEEN 1 AND 1000)`,
    ),
    check('batch_uploads_declared', sql`declared_at IS NULL OR upload_hash IS NOT NULL`),
    check('batch_uploads_committed', sql`committed_at IS NULL OR declared_at IS NOT NULL`),
    check(
      'batch_uploads_counts',
      sql`${t.accepted} >= 0 AND ${t.duplicate} >= 0 AND ${t.rejected} >= 0 AND ${t.attempts} >= 0`,
    ),
    check(
      'batch_uploads_waiting_for',
      sql`waiting_for IS NULL OR waiting_for IN ('network', 'late-reason', 'clock', 'myvas-refused')`,
    ),
  ],
);

/** MyVAS's judgement of each record uploaded: final once given. */
export const uploadResults = sqliteTable(
  'upload_results',
  {
    recordId: text('record_id').primaryKey(),
    batchId: text('batch_id')
      .notNull()
      .references(() => batches.id),
    status: text('status', { enum: ['accepted', 'duplicate', 'rejected'] }).notNull(),
    code: text('code'),
    message: text('message'),
    judgedAt: integer('judged_at').notNull(),
  },
  (t) => [
    index('upload_results_batch_status').on(t.batchId, t.status),
    index('upload_results_rejected')
      .on(t.recordId)
      .where(sql`${t.status} = 'rejected'`),
    check('upload_results_status', sql`${t.status} IN ('accepted', 'duplicate', 'rejected')`),
    check(
      'upload_results_rejection',
      sql`(status = 'rejected' AND ${notBlank('code')}) OR (status <> 'rejected' AND code IS NULL)`,
    ),
  ],
);

/**
 * The devices of one station (the PC the console runs on): which card reader, which serial port at
 * what speed and terminator, which USB HID scanner. Absent: no such device configured.
 */
export const deviceSettings = sqliteTable(
  'device_settings',
  {
    stationId: text('station_id').primaryKey(),
    /** The PC/SC reader's name; null takes the first reader present. */
    cardReader: text('card_reader'),
    serialPath: text('serial_path'),
    serialBaudRate: integer('serial_baud_rate').notNull().default(9600),
    serialTerminator: text('serial_terminator', { enum: ['CR', 'LF', 'CRLF', 'TAB', 'none'] })
      .notNull()
      .default('CR'),
    hidVendorId: integer('hid_vendor_id'),
    hidProductId: integer('hid_product_id'),
    hidMode: text('hid_mode', { enum: ['pos', 'keyboard'] })
      .notNull()
      .default('pos'),
    /**
     * The key a keyboard-wedge scanner at this station sends for GS besides Ctrl+] (as the page's
     * KeyboardEvent names it, `Control+` when held with Ctrl); null: Ctrl+] only.
     */
    wedgeGsKey: text('wedge_gs_key'),
    updatedAt: integer('updated_at').notNull(),
    updatedBy: text('updated_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [
    check('device_settings_baud', sql`${t.serialBaudRate} BETWEEN 1200 AND 921600`),
    check(
      'device_settings_terminator',
      sql`${t.serialTerminator} IN ('CR', 'LF', 'CRLF', 'TAB', 'none')`,
    ),
    check('device_settings_hid_mode', sql`${t.hidMode} IN ('pos', 'keyboard')`),
    check(
      'device_settings_hid_ids',
      sql`(hid_vendor_id IS NULL) = (hid_product_id IS NULL) AND coalesce(hid_vendor_id, 0) BETWEEN 0 AND 65535 AND coalesce(hid_product_id, 0) BETWEEN 0 AND 65535`,
    ),
    check('device_settings_serial_path', sql`serial_path IS NULL OR ${notBlank('serial_path')}`),
    check(
      'device_settings_wedge_gs_key',
      sql`wedge_gs_key IS NULL OR length(wedge_gs_key) BETWEEN 1 AND 24`,
    ),
  ],
);

/**
 * Where one station keeps its backups: a folder on another disk (a USB disk or a second drive),
 * set by the admin. Absent: no backups until it is set.
 */
export const backupSettings = sqliteTable(
  'backup_settings',
  {
    stationId: text('station_id').primaryKey(),
    folder: text('folder').notNull(),
    updatedAt: integer('updated_at').notNull(),
    updatedBy: text('updated_by')
      .notNull()
      .references(() => users.id),
  },
  () => [check('backup_settings_folder', notBlank('folder'))],
);

/** Pairing codes a manager or admin shows at the hub: stored hashed, one use, short-lived. */
export const pairingCodes = sqliteTable(
  'pairing_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    issuedAt: integer('issued_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    /** Null when the hub's operator printed it at start (`npm start -- --lan`). */
    issuedBy: text('issued_by').references(() => users.id),
    usedAt: integer('used_at'),
    /** Set when wrong guesses withdrew it before it was used or expired. */
    withdrawnAt: integer('withdrawn_at'),
  },
  (t) => [
    check('pairing_codes_lifetime', sql`${t.expiresAt} > ${t.issuedAt}`),
    check('pairing_codes_once', sql`used_at IS NULL OR withdrawn_at IS NULL`),
  ],
);

/**
 * The desk stations paired with this hub, each with the hash of the token it proves itself with. A
 * desk app's token is replaced each time its device link opens; the one before is kept until the
 * new one is first used (its answer may have been lost), and every one replaced is remembered in
 * `desk_retired_tokens`: one brought again means the identity was copied.
 */
export const desks = sqliteTable(
  'desks',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The token before `token_hash`, good on the device link until `token_hash` is first used. */
    previousTokenHash: text('previous_token_hash').unique(),
    /**
     * When the token was last replaced; null for a desk that has never opened a device link (a
     * browser). From the first replacement on, only the desk's link opens its sessions.
     */
    rotatedAt: integer('rotated_at'),
    pairedAt: integer('paired_at').notNull(),
    pairingCodeHash: text('pairing_code_hash')
      .notNull()
      .unique()
      .references(() => pairingCodes.codeHash),
    lastSeenAt: integer('last_seen_at'),
    revokedAt: integer('revoked_at'),
    revokedBy: text('revoked_by').references(() => users.id),
    revokeReason: text('revoke_reason'),
    /** `manager` (revoked by `revoked_by`), or `copied`: the hub saw a replaced token again. */
    revokeCause: text('revoke_cause', { enum: ['manager', 'copied'] }),
  },
  (t) => [
    check('desks_id', isUuid('id')),
    check('desks_name', sql`${notBlank('name')} AND length(name) <= 40`),
    check(
      'desks_revoked',
      sql`(revoked_at IS NULL AND revoked_by IS NULL AND revoke_reason IS NULL AND revoke_cause IS NULL) OR (revoked_at IS NOT NULL AND ${notBlank('revoke_reason')} AND ((revoke_cause = 'manager' AND revoked_by IS NOT NULL) OR (revoke_cause = 'copied' AND revoked_by IS NULL)))`,
    ),
    check('desks_previous_token', sql`previous_token_hash IS NULL OR rotated_at IS NOT NULL`),
    uniqueIndex('desks_active_name')
      .on(sql`lower(${t.name})`)
      .where(sql`revoked_at IS NULL`),
  ],
);

/** The tokens a desk's identity has had and the hub has replaced: one brought again is a copy's. */
export const deskRetiredTokens = sqliteTable(
  'desk_retired_tokens',
  {
    deskId: text('desk_id')
      .notNull()
      .references(() => desks.id),
    tokenHash: text('token_hash').notNull(),
    retiredAt: integer('retired_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deskId, t.tokenHash] })],
);

/**
 * What became of each write a desk sent with a request id, recorded in the write's own transaction
 * (`saved`), or settled as not saved when the desk asked after losing its link: either way, final.
 */
export const requestOutcomes = sqliteTable(
  'request_outcomes',
  {
    requestId: text('request_id').primaryKey(),
    /** The desk id, or `hub` for the hub's own screens. */
    station: text('station').notNull(),
    channel: text('channel'),
    saved: integer('saved', { mode: 'boolean' }).notNull(),
    at: integer('at').notNull(),
  },
  (t) => [
    check('request_outcomes_saved', sql`${t.saved} IN (0, 1)`),
    check('request_outcomes_channel', sql`(saved = 1) = (channel IS NOT NULL)`),
    index('request_outcomes_at').on(t.at),
  ],
);
