import { z } from 'zod';
import { isCalendarDate, isValidGtin, UUID_PATTERN } from './formats';
import {
  CHANNEL_KINDS,
  DOC_TYPES,
  INJECTION_SITES,
  PRESENCE_METHODS,
  SERIES,
  SEXES,
} from './vocabulary';

/**
 * The MyVAS batch upload API, version 1.1 (MYVAS-API.md): the Record and the request and response
 * bodies. Shared by the console's upload worker and the reference MyVAS server. A record that fails
 * `myvasRecord` is what MyVAS rejects as `INCOMPLETE`.
 */

const RFC3339 =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** GS1 GTIN-14 with a valid check digit, as MyVAS records carry it. */
const isGtin14 = (value: string): boolean => /^\d{14}$/.test(value) && isValidGtin(value);

const nonBlank = z.string().refine((value) => value.trim().length > 0, 'must not be blank');

export const myvasUuid = z.string().regex(UUID_PATTERN, 'UUID');
/** `YYYY-MM-DD`, a real calendar day. */
export const myvasDate = z.string().refine(isCalendarDate, 'YYYY-MM-DD');
/** RFC 3339 with an offset (`Z` or `±HH:MM`), a real calendar day. */
export const myvasTimestamp = z.string().refine((value) => {
  const match = RFC3339.exec(value);
  // A leap second (:60) matches RFC 3339 but names no instant a computer can compare.
  return match?.[1] !== undefined && isCalendarDate(match[1]) && Number.isFinite(Date.parse(value));
}, 'RFC 3339 with offset');
export const myvasPhone = z.string().regex(/^\+[0-9]{8,15}$/, 'E.164');
export const myvasPostcode = z.string().regex(/^[0-9]{5}$/, '5 digits');
export const myvasGtin = z.string().refine(isGtin14, '14 digits with a valid GS1 check digit');
const alpha3 = z.string().regex(/^[A-Z]{3}$/, 'ISO 3166 alpha-3');

export const myvasDocType = z.enum(DOC_TYPES);

export const myvasRecipient = z.strictObject({
  docType: myvasDocType,
  docNumber: z.string().regex(/^[A-Z0-9]{1,20}$/, 'normalised: upper-case letters and digits'),
  docCountry: alpha3,
  name: nonBlank,
  birthDate: myvasDate,
  sex: z.enum(SEXES),
  nationality: alpha3,
  /** Null only for outreach registrations. */
  phone: myvasPhone.nullable(),
  state: nonBlank,
  postcode: myvasPostcode,
});

export const myvasDose = z.strictObject({
  productCode: nonBlank,
  gtin: myvasGtin.nullable(),
  lot: nonBlank,
  expiry: myvasDate,
  doseNumber: z.number().int().min(1),
  series: z.enum(SERIES),
  administeredAt: myvasTimestamp,
  site: z.enum(INJECTION_SITES),
  /** The vaccinator's staff id. */
  vaccinatorId: nonBlank,
  presence: z.enum(PRESENCE_METHODS),
});

export const myvasRegistration = z.strictObject({
  channel: z.enum(CHANNEL_KINDS),
  registeredAt: myvasTimestamp,
  /** Text for outreach, null for walk-in. */
  outreachLocation: nonBlank.nullable(),
});

const common = {
  recordId: myvasUuid,
  ppvCode: nonBlank,
  sessionDate: myvasDate,
  deviceRecordedAt: myvasTimestamp,
  recordedAt: myvasTimestamp,
};

const administration = {
  recipient: myvasRecipient,
  dose: myvasDose,
  registration: myvasRegistration,
  /** Present only when the record is uploaded more than 72 h after `administeredAt`. */
  lateReason: nonBlank.optional(),
};

type Administered = {
  recipient: z.output<typeof myvasRecipient>;
  registration: z.output<typeof myvasRegistration>;
};

/** The rules across fields: phone and outreach location by channel, MyKad/MyPR number against person. */
function checkAdministered(record: Administered, ctx: z.RefinementCtx): void {
  const { recipient, registration } = record;
  if (recipient.phone === null && registration.channel !== 'outreach') {
    ctx.addIssue({ code: 'custom', path: ['recipient', 'phone'], message: 'required for walk-in' });
  }
  if (registration.channel === 'outreach' && registration.outreachLocation === null) {
    ctx.addIssue({
      code: 'custom',
      path: ['registration', 'outreachLocation'],
      message: 'required for outreach',
    });
  }
  if (registration.channel === 'walk-in' && registration.outreachLocation !== null) {
    ctx.addIssue({
      code: 'custom',
      path: ['registration', 'outreachLocation'],
      message: 'must be null for walk-in',
    });
  }
  if (recipient.docType === 'MYKAD' || recipient.docType === 'MYPR') {
    const number = recipient.docNumber;
    if (!/^\d{12}$/.test(number)) {
      ctx.addIssue({ code: 'custom', path: ['recipient', 'docNumber'], message: '12 digits' });
      return;
    }
    const yymmdd = recipient.birthDate.slice(2).replaceAll('-', '');
    if (number.slice(0, 6) !== yymmdd) {
      ctx.addIssue({
        code: 'custom',
        path: ['recipient', 'docNumber'],
        message: 'YYMMDD does not match birthDate',
      });
    }
    const odd = Number(number.slice(-1)) % 2 === 1;
    if (odd !== (recipient.sex === 'M')) {
      ctx.addIssue({
        code: 'custom',
        path: ['recipient', 'docNumber'],
        message: 'last digit does not match sex',
      });
    }
  }
}

export const myvasDoseRecord = z
  .strictObject({ ...common, recordType: z.literal('dose'), ...administration })
  .superRefine(checkAdministered);

export const myvasAmendmentRecord = z
  .strictObject({
    ...common,
    recordType: z.literal('amendment'),
    amends: myvasUuid,
    reason: nonBlank,
    ...administration,
  })
  .superRefine(checkAdministered);

export const myvasVoidRecord = z.strictObject({
  ...common,
  recordType: z.literal('void'),
  amends: myvasUuid,
  reason: nonBlank,
});

export const myvasRecord = z.discriminatedUnion('recordType', [
  myvasDoseRecord,
  myvasAmendmentRecord,
  myvasVoidRecord,
]);

export type MyvasRecipient = z.output<typeof myvasRecipient>;
export type MyvasDose = z.output<typeof myvasDose>;
export type MyvasRegistration = z.output<typeof myvasRegistration>;
export type MyvasDoseRecord = z.output<typeof myvasDoseRecord>;
export type MyvasAmendmentRecord = z.output<typeof myvasAmendmentRecord>;
export type MyvasVoidRecord = z.output<typeof myvasVoidRecord>;
export type MyvasRecord = z.output<typeof myvasRecord>;
export type MyvasRecordType = MyvasRecord['recordType'];

// --- requests and responses -------------------------------------------------------------------

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 hex');

export const myvasTimeResponse = z.object({ serverTime: myvasTimestamp });

export const myvasBatchDeclaration = z.strictObject({
  batchId: myvasUuid,
  ppvCode: nonBlank,
  sessionDate: myvasDate,
  openedAt: myvasTimestamp,
  closedAt: myvasTimestamp,
  recordCount: z.number().int().min(0),
  contentHash: sha256Hex,
  auditHead: sha256Hex,
  chunkSize: z.number().int().min(1),
});

/** Records are judged one by one, so a chunk's body only needs to be a list of objects. */
export const myvasChunkBody = z.strictObject({
  records: z.array(z.record(z.string(), z.unknown())),
});

export const myvasRejectionCode = z.enum([
  'INCOMPLETE',
  'ADMINISTERED_IN_FUTURE',
  'AFTER_CLOSURE',
  'DOSE_SEQUENCE',
  'DUPLICATE_DOSE',
  'INTERVAL',
  'PRODUCT_MISMATCH',
  'EXPIRED_LOT',
  'UNKNOWN_PRODUCT',
  'LATE_UPLOAD_NO_REASON',
  'RECORD_CONFLICT',
  'UNKNOWN_RECORD',
]);

export const myvasRecordResult = z.object({
  recordId: z.string(),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
  code: z.string().optional(),
  message: z.string().optional(),
});

export const myvasChunkResponse = z.object({
  serverTime: myvasTimestamp,
  results: z.array(myvasRecordResult),
});

export const myvasCommitResponse = z.object({
  status: z.literal('committed'),
  accepted: z.number().int(),
  duplicate: z.number().int(),
  rejected: z.number().int(),
});

export const myvasBatchStatus = z.object({
  batchId: myvasUuid,
  status: z.enum(['open', 'committed']),
  accepted: z.number().int(),
  duplicate: z.number().int(),
  rejected: z.number().int(),
  rejections: z.array(z.object({ recordId: z.string(), code: z.string(), message: z.string() })),
  /** The declaration MyVAS holds (1.1), so a client that lost an answer can see what it declared. */
  contentHash: sha256Hex,
  recordCount: z.number().int(),
  chunkSize: z.number().int(),
  auditHead: sha256Hex,
});

/** `POST /v1/anchors` (1.1): the hash of audit entry `seq`, the chain head when sent. */
export const myvasAnchorBody = z.strictObject({
  ppvCode: nonBlank,
  seq: z.number().int().min(1),
  head: sha256Hex,
  at: myvasTimestamp,
});

export const myvasAnchorReply = z.object({
  serverTime: myvasTimestamp,
  seq: z.number().int(),
  head: sha256Hex,
});

export const myvasAnchorConflict = z.object({
  code: z.literal('ANCHOR_CONFLICT'),
  /** The head MyVAS holds for that `seq`. */
  head: sha256Hex,
});

/** `GET /v1/anchors?after=n`: this PPV's anchors with `seq > n`, in `seq` order, a page at a time. */
export const myvasAnchorsPage = z.object({
  serverTime: myvasTimestamp,
  anchors: z.array(
    z.object({
      seq: z.number().int().min(1),
      head: sha256Hex,
      at: myvasTimestamp,
      receivedAt: myvasTimestamp,
    }),
  ),
});

export const myvasErrorBody = z.object({
  code: z.string(),
  missingChunks: z.array(z.number().int()).optional(),
});

export type MyvasBatchDeclaration = z.output<typeof myvasBatchDeclaration>;
export type MyvasRejectionCode = z.output<typeof myvasRejectionCode>;
export type MyvasRecordResult = z.output<typeof myvasRecordResult>;
export type MyvasChunkResponse = z.output<typeof myvasChunkResponse>;
export type MyvasCommitResponse = z.output<typeof myvasCommitResponse>;
export type MyvasBatchStatus = z.output<typeof myvasBatchStatus>;
export type MyvasAnchorBody = z.output<typeof myvasAnchorBody>;
export type MyvasAnchor = z.output<typeof myvasAnchorsPage>['anchors'][number];
