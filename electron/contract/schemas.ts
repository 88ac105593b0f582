import { z } from 'zod';
import { isCalendarDate, UUID_PATTERN } from './formats';
import {
  CHANNEL_KINDS,
  DOC_TYPES,
  INJECTION_SITES,
  LIMITS,
  PRESENCE_METHODS,
  QUEUE_STATUSES,
  ROLES,
  SERIES,
  SEXES,
} from './vocabulary';

export const uuid = z.string().regex(UUID_PATTERN, 'UUID');
export const instant = z.number().int().nonnegative();
/** The earliest and latest instant a person may send: 2000-01-01 to 2100-01-01 (UTC). */
export const EARLIEST_INSTANT = Date.UTC(2000, 0, 1);
export const LATEST_INSTANT = Date.UTC(2100, 0, 1);
/**
 * An instant sent in a channel's input. Bounded, so no arithmetic or date formatting on it can fail:
 * a time outside the range is refused as invalid input, never an internal error.
 */
export const instantInput = z
  .number()
  .int()
  .min(EARLIEST_INSTANT, 'from 2000-01-01')
  .max(LATEST_INSTANT, 'before 2100-01-01');
export const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
/** A date a person sets (a closure date, a vial's expiry, a day to export): real, 2000 to 2099. */
export const dateInput = calendarDate.refine(
  (date) => isCalendarDate(date) && date >= '2000-01-01' && date < '2100-01-01',
  'a real date from 2000 to 2099',
);
export const role = z.enum(ROLES);
export const staffId = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{3,20}$/, '3–20 letters or digits');
export const secret = z.string().min(1).max(200);
export const reason = z
  .string()
  .trim()
  .min(LIMITS.reasonMin, `at least ${LIMITS.reasonMin} characters`)
  .max(LIMITS.reasonMax);
export const text = (max: number) => z.string().trim().min(1).max(max);
export const docType = z.enum(DOC_TYPES);
export const sex = z.enum(SEXES);
export const channelKind = z.enum(CHANNEL_KINDS);
/** As typed (`012-345 6789`, `+60 12-345 6789`, …): the core normalises it to E.164 or refuses it. */
export const phone = z.string().trim().min(1).max(LIMITS.phoneMax);
export const postcode = z.string().regex(/^[0-9]{5}$/, '5 digits');
export const alpha3 = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'ISO 3166 alpha-3');
export const site = z.enum(INJECTION_SITES);
export const presenceMethod = z.enum(PRESENCE_METHODS);
export const series = z.enum(SERIES);
export const gtin = z.string().regex(/^[0-9]{8,14}$/, '8–14 digits');

export const outreachLocation = z.object({
  place: text(120),
  district: text(60),
  state: text(60),
});

/** Lists page: at most 100 rows per call, never a bulk dump of personal data. */
export const pageInput = z.object({
  cursor: z.string().max(200).nullable().default(null),
  limit: z.number().int().min(1).max(LIMITS.pageMax).default(25),
});

export function page<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const empty = z.object({}).strict();
export const ok = z.object({ done: z.literal(true) });

export const sessionUser = z.object({
  userId: uuid,
  staffId: z.string(),
  fullName: z.string(),
  roles: z.array(role),
  mustChangeSecret: z.boolean(),
});

/** What a person is told once, at their next sign-in. */
export const signInNotice = z.discriminatedUnion('kind', [
  /** An admin account held other roles before separation of duties: these were taken away. */
  z.object({ kind: z.literal('roles-removed'), at: instant, roles: z.array(role) }),
  /** Someone reset this person's PIN. */
  z.object({
    kind: z.literal('pin-reset'),
    at: instant,
    byStaffId: z.string(),
    byName: z.string(),
  }),
]);

export const signedIn = sessionUser.extend({ notices: z.array(signInNotice) });

/** A second person's staff ID and PIN, typed into the same call. */
export const approval = z.object({ staffId, secret });

export const userSummary = z.object({
  userId: uuid,
  staffId: z.string(),
  fullName: z.string(),
  roles: z.array(role),
  active: z.boolean(),
  /** Sign-in attempts wait until then after repeated failures; null when they need not wait. */
  delayedUntil: instant.nullable(),
  createdAt: instant,
});

/** An account with a first PIN the console generated: shown this once, never stored in clear. */
export const userWithFirstPin = userSummary.extend({ firstPin: z.string() });

export const recipientView = z.object({
  recipientId: uuid,
  docType,
  docNumber: z.string(),
  docNumberDisplay: z.string(),
  docCountry: z.string(),
  fullName: z.string(),
  birthDate: calendarDate,
  sex,
  nationality: z.string(),
  addressLine: z.string().nullable(),
  postcode: z.string(),
  state: z.string(),
  /**
   * Set when an older version registered this person twice under two JPN card types: the recipient
   * first registered with the same 12 digits. Both are kept; this one is flagged.
   */
  sameDocumentAs: uuid.nullable(),
  doses: z.array(
    z.object({
      doseId: uuid,
      doseNumber: z.number().int(),
      productCode: z.string(),
      series,
      administeredAt: instant,
      voided: z.boolean(),
    }),
  ),
  /** The next dose by the interval rules in force today, as `dose.record` will apply them. */
  nextDose: z.object({
    doseNumber: z.number().int(),
    series,
    /** The primary series' product; null for a first dose or a booster (any approved product). */
    productCode: z.string().nullable(),
    earliestDate: calendarDate.nullable(),
    eligibleToday: z.boolean(),
    /** When the series' product is known: the dose after this one is due from then, if this one is given today. */
    thenDueFrom: calendarDate.nullable(),
  }),
  /** The phone (E.164) given at the latest registration that had one. */
  lastPhone: z.string().nullable(),
});

export const possibleDuplicate = z.object({
  recipientId: uuid,
  docType,
  docNumberMasked: z.string(),
  docCountry: z.string(),
  fullName: z.string(),
  birthDate: calendarDate,
  /**
   * Why: a name in common with a close birth date, a passport number under another country, or a
   * JPN number's 12 digits under a document JPN does not issue (MyTentera, passport).
   */
  match: z.enum(['NAME_AND_BIRTH_DATE', 'PASSPORT_OTHER_COUNTRY', 'JPN_NUMBER_OTHER_DOCUMENT']),
});

export const queueEntry = z.object({
  registrationId: uuid,
  recipientId: uuid,
  fullName: z.string(),
  docNumberMasked: z.string(),
  registeredAt: instant,
  status: z.enum(QUEUE_STATUSES),
  presenceConfirmed: z.boolean(),
});

/** A lot the PPV received, recorded from one scanned vial of its box. */
export const deliveredLot = z.object({
  lotId: uuid,
  productCode: z.string(),
  productName: z.string(),
  gtin: z.string(),
  lot: z.string(),
  expiry: calendarDate,
  recordedAt: instant,
});

/** A dose before it is recorded: what the vaccinator checks, and the refusal it would meet. */
export const dosePreview = z.object({
  /** The number the recipient's next dose has, as the registration desk shows it. */
  doseNumber: z.number().int().min(1),
  /** The first Malaysia date that dose may be given (null: nothing holds it back), as the desk shows it. */
  dueFrom: calendarDate.nullable(),
  productCode: z.string(),
  productName: z.string(),
  ageYears: z.number().int(),
  eligible: z.boolean(),
  /** Why recording it now would be refused: the refusal `dose.record` would give. */
  refusal: z
    .object({ code: z.string(), message: z.object({ ms: z.string(), en: z.string() }) })
    .nullable(),
  warnings: z.array(z.object({ code: z.string(), maxDays: z.number(), days: z.number() })),
});

export const registrationView = z.object({
  registrationId: uuid,
  recipientId: uuid,
  dayId: uuid,
  channel: channelKind,
  registeredAt: instant,
  slipToken: z.string(),
  status: z.enum(QUEUE_STATUSES),
  /** Its place among the day's registrations, from 1: the number on the slip. */
  queueNumber: z.number().int().min(1),
  /** How presence was confirmed (null: not yet), and why a MyKad number was typed by hand. */
  presenceMethod: presenceMethod.nullable(),
  presenceTypedReason: z.string().nullable(),
});

/**
 * How the clock was trusted when a day opened: MyVAS time measured just before, or the date and time
 * the console showed, confirmed by a manager (no MyVAS reachable). Null basis: a day opened before the
 * console kept this.
 */
export const openedClock = z.object({
  basis: z.enum(['measured', 'confirmed']).nullable(),
  /** Staff ID of the manager who confirmed the time. */
  confirmedBy: z.string().nullable(),
  confirmedTime: instant.nullable(),
});

export const dayView = z.object({
  dayId: uuid,
  sessionDate: calendarDate,
  channel: channelKind,
  outreachLocation: outreachLocation.nullable(),
  state: z.enum(['open', 'sealed']),
  openedAt: instant,
  closedAt: instant.nullable(),
  openedClock,
});

export const vialView = z.object({
  vialId: uuid,
  productCode: z.string(),
  productName: z.string(),
  gtin: z.string().nullable(),
  lot: z.string(),
  expiry: calendarDate,
  serial: z.string().nullable(),
  dosesPerVial: z.number().int(),
  dosesDrawn: z.number().int(),
  reconciled: z.boolean(),
  dosesWasted: z.number().int().nullable(),
});

export const doseView = z.object({
  doseId: uuid,
  recordType: z.enum(['dose', 'amendment']),
  amends: uuid.nullable(),
  registrationId: uuid,
  recipientId: uuid,
  productCode: z.string(),
  lot: z.string(),
  expiry: calendarDate,
  doseNumber: z.number().int(),
  series,
  administeredAt: instant,
  site,
  recordedAt: instant,
  recordedDeviceAt: instant,
  observationEndsAt: instant,
  warnings: z.array(z.object({ code: z.string(), maxDays: z.number(), days: z.number() })),
});

export const blocker = z.object({
  kind: z.enum([
    'incomplete-registration',
    'incomplete-record',
    'in-observation',
    'unreconciled-vial',
  ]),
  id: uuid,
  label: z.string(),
  /** Who it is about, by name (a waiting recipient, one in observation, an incomplete record's). */
  person: z.string().nullable(),
  /** An unreconciled vial's doses not drawn: the wastage to propose at reconciliation. */
  dosesLeft: z.number().int().nullable(),
});

/** Doses of the open day per hour of the clock (Malaysia time), only hours with a dose. */
export const dosesByHour = z.object({
  hours: z.array(z.object({ hour: z.number().int().min(0).max(23), count: z.number().int() })),
});

/** One dose of the open day, as the manager sees it to void one given in error. */
export const doseListItem = z.object({
  doseId: uuid,
  recordType: z.enum(['dose', 'amendment']),
  docNumberMasked: z.string(),
  fullName: z.string(),
  productCode: z.string(),
  doseNumber: z.number().int(),
  administeredAt: instant,
  voided: z.boolean(),
  /** How the recipient's presence was confirmed before this dose. */
  presence: presenceMethod,
});

export const closeOutSummary = z.object({
  day: dayView,
  registrations: z.number().int(),
  dosesByProduct: z.array(
    z.object({ productCode: z.string(), doseNumber: z.number().int(), count: z.number().int() }),
  ),
  vialsOpened: z.number().int(),
  dosesDrawn: z.number().int(),
  wastage: z.number().int(),
  voids: z.number().int(),
  blockers: z.array(blocker),
});

/**
 * A sealed day on one page, for print: counts only. No name, document number, phone or free text
 * (reasons, notes, the outreach place): a lot that is not a delivered lot of GS1's shape is withheld
 * (`lot: null`), since a lot typed at a station may hold anything.
 */
export const dailyReport = z.object({
  ppv: z.object({ code: z.string(), name: z.string() }),
  day: z.object({
    dayId: uuid,
    sessionDate: calendarDate,
    channel: channelKind,
    /** An outreach day's district and state; its place is free text and stays off the report. */
    outreachArea: z.object({ district: z.string(), state: z.string() }).nullable(),
    openedAt: instant,
    closedAt: instant,
  }),
  batch: z.object({ batchId: uuid, recordCount: z.number().int(), contentHash: z.string() }),
  registrations: z.object({
    total: z.number().int(),
    vaccinated: z.number().int(),
    deferred: z.number().int(),
    left: z.number().int(),
  }),
  dosesByProduct: z.array(
    z.object({
      productCode: z.string(),
      productName: z.string(),
      doseNumber: z.number().int(),
      count: z.number().int(),
    }),
  ),
  dosesTotal: z.number().int(),
  wastageByLot: z.array(
    z.object({
      productCode: z.string(),
      /** null: withheld (not a delivered lot, or not of a lot's shape); such lots count together. */
      lot: z.string().nullable(),
      vials: z.number().int(),
      dosesDrawn: z.number().int(),
      dosesWasted: z.number().int(),
    }),
  ),
  wastageTotal: z.number().int(),
  /** Doses voided during the day (their reasons stay off the report). */
  voids: z.number().int(),
  /** Amendments recorded during the day (their reasons stay off the report). */
  amendments: z.number().int(),
  /** Records that reach MyVAS more than 72 hours after the dose, and whether their reason was given. */
  lateRecords: z.number().int(),
  lateReasonGiven: z.boolean(),
  generatedAt: instant,
});

/** Why an upload is not moving: the network, the manager's late reason, the clock, or MyVAS refusing. */
export const uploadWaitingFor = z.enum(['network', 'late-reason', 'clock', 'myvas-refused']);

export const batchView = z.object({
  batchId: uuid,
  dayId: uuid,
  sessionDate: calendarDate,
  openedAt: instant,
  closedAt: instant,
  recordCount: z.number().int(),
  contentHash: z.string(),
  auditHead: z.string(),
  openedClock,
  uploadState: z.enum(['waiting', 'uploading', 'committed', 'failed']),
  upload: z.object({
    /** Why the upload is not moving; null while it moves or once committed. */
    waitingFor: uploadWaitingFor.nullable(),
    /** Records older than 72 hours that need the manager's reason before the batch can go. */
    lateRecords: z.number().int(),
    lateReason: z.string().nullable(),
    accepted: z.number().int(),
    duplicate: z.number().int(),
    rejected: z.number().int(),
    /** Records MyVAS has not judged yet. */
    pending: z.number().int(),
    /** When the declaration was first sent: from then on the plan and the late reason are fixed. */
    declaredAt: instant.nullable(),
    committedAt: instant.nullable(),
    nextAttemptAt: instant.nullable(),
    lastErrorCode: z.string().nullable(),
  }),
});

/** One record MyVAS rejected, for the manager to amend or void. No name: a masked document number. */
export const rejectionView = z.object({
  recordId: uuid,
  recordType: z.enum(['dose', 'void', 'amendment']),
  /** The station's dose the record stands for (the voided dose, for a void). */
  doseId: uuid,
  code: z.string(),
  message: z.string(),
  docNumberMasked: z.string(),
  doseNumber: z.number().int(),
  productCode: z.string(),
  administeredAt: instant,
  /** Set once the manager has corrected the dose by an amendment or void. */
  correctedBy: uuid.nullable(),
});

/** The status bar's view of uploading: no personal data. */
export const uploadStatus = z.object({
  state: z.enum(['idle', 'uploading', 'waiting', 'not-configured']),
  waitingFor: uploadWaitingFor.nullable(),
  batchesToUpload: z.number().int(),
  recordsPending: z.number().int(),
  rejectedToCorrect: z.number().int(),
  oldestWaitingClosedAt: instant.nullable(),
  lastContactAt: instant.nullable(),
  nextAttemptAt: instant.nullable(),
});

export const clockStatus = z.object({
  state: z.enum(['unmeasured', 'ok', 'warn', 'stop']),
  /**
   * Why dose recording stopped: the offset to MyVAS is over 10 minutes; the clock runs behind the
   * latest time this station recorded (set back); or the PC clock jumped while the console ran.
   */
  stopReason: z.enum(['offset', 'behind-records', 'jumped']).nullable(),
  offsetMs: z.number().int().nullable(),
  /** How far the PC clock moved against the monotonic clock, while stopped for a jump. */
  jumpedByMs: z.number().int().nullable(),
  correctedNow: instant,
  deviceNow: instant,
  lastMeasuredAt: instant.nullable(),
  /** MyVAS time was measured in this run within the last 20 minutes: a day opens without confirmation. */
  fresh: z.boolean(),
  /** The latest time this station ever recorded (records and audit entries). */
  latestRecordedAt: instant.nullable(),
});

export const auditEntryView = z.object({
  seq: z.number().int(),
  at: instant,
  userId: z.string().nullable(),
  station: z.string(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

export const auditVerification = z.object({
  intact: z.boolean(),
  entries: z.number().int(),
  head: z.string(),
  problems: z.array(
    z.object({
      /** The first entry that disagrees, where one can be named. */
      seq: z.number().int().nullable(),
      kind: z.enum([
        'changed',
        'broken-link',
        'missing',
        'tail-missing',
        'anchor-disagrees',
        'batch-head-missing',
        'user-state-unaudited',
      ]),
      note: z.string(),
    }),
  ),
  /** The chain compared with the anchors MyVAS holds; `checked` false when they could not be had. */
  anchors: z.object({
    checked: z.boolean(),
    /** When MyVAS was last asked for them. */
    fetchedAt: instant.nullable(),
    count: z.number().int(),
    lastSeq: z.number().int().nullable(),
  }),
});

/** Whether the audit chain is anchored at MyVAS and agrees with it, for the status bar. */
export const anchorStatus = z.object({
  /**
   * `anchored`: the chain agrees with every anchor MyVAS holds and its head is anchored;
   * `unanchored`: MyVAS not set up or not reached yet; `conflict`: MyVAS holds anchors this chain
   * does not match (history rewritten, or a backup restored over newer entries): a person must look.
   */
  state: z.enum(['anchored', 'unanchored', 'conflict']),
  lastAnchoredSeq: z.number().int().nullable(),
  lastAnchoredAt: instant.nullable(),
  /** The first anchored entry that disagrees, while in conflict. */
  conflictSeq: z.number().int().nullable(),
});

export const ppvSettingsView = z.object({
  ppvCode: z.string(),
  name: z.string(),
  state: z.string(),
  district: z.string(),
  myvasEndpoint: z.string().nullable(),
  myvasTokenSet: z.boolean(),
  closureDate: calendarDate.nullable(),
  idleLockMinutes: z.number().int(),
  exportRowLimit: z.number().int(),
  retentionDays: z.number().int(),
  recipientReadsPerHour: z.number().int(),
});

/** A desk's name, as it shows in the status bar and the audit: "Kaunter 2", "Meja vaksin 4". */
export const deskName = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} .'/-]*$/u, "letters, digits, spaces and . ' / - only");

/** A pairing code as a person types it: 8 letters and digits, any case, dashes and spaces ignored. */
export const pairingCodeText = z
  .string()
  .max(20)
  .transform((text) => text.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[0-9A-Z]{8}$/, '8 letters and digits'));

export const pairWithHub = z.object({
  /** `host:port` of the hub, e.g. `192.168.1.10:8443`. */
  hubAddress: z
    .string()
    .trim()
    .max(100)
    .regex(/^[\w.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, 'HOST:PORT'),
  caFingerprint: z.string().trim().min(64).max(100),
  code: pairingCodeText,
  deskName,
});

export const pairingCode = z.object({
  /** `XXXX-XXXX`: shown to the person pairing the desk. */
  code: z.string(),
  expiresAt: instant,
  /** Where desks reach the hub: `https://HOST:PORT` for each of its addresses. */
  hubUrls: z.array(z.string()),
  caFingerprint: z.string(),
  /** What the QR code holds: the first address's pairing link, with the fingerprint after `#`. */
  pairingLink: z.string(),
});

export const deskView = z.object({
  deskId: uuid,
  name: z.string(),
  pairedAt: instant,
  lastSeenAt: instant.nullable(),
  connected: z.boolean(),
  revokedAt: instant.nullable(),
  /** Revoked by the hub itself: a token it had replaced was brought again (a copy was used). */
  revokedAsCopied: z.boolean(),
});

/** The last change of the MyVAS address or token, shown on every desk for 24 hours after it. */
export const myvasChange = z.object({
  changedAt: instant,
  changedBy: z.string(),
  approvedBy: z.string(),
  endpointChanged: z.boolean(),
  tokenChanged: z.boolean(),
  /** How much longer the desks show it. */
  showForMs: z.number().int().nonnegative(),
});
