/**
 * The domain's words and limits, written once. Zod-free and import-free, so the renderer may import
 * these as values (the linter allows it for this file only); the contract's zod enums and the core's
 * checks derive from them.
 */

export const DOC_TYPES = ['MYKAD', 'MYPR', 'MYKAS', 'MYTENTERA', 'PASSPORT', 'BIRTH_CERT'] as const;
export type DocType = (typeof DOC_TYPES)[number];

export const SEXES = ['M', 'F'] as const;
export type Sex = (typeof SEXES)[number];

export const ROLES = ['clerk', 'vaccinator', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const INJECTION_SITES = ['L_DELTOID', 'R_DELTOID', 'L_THIGH', 'R_THIGH'] as const;
export type InjectionSite = (typeof INJECTION_SITES)[number];
/** The site a dose form starts on. */
export const DEFAULT_INJECTION_SITE: InjectionSite = 'L_DELTOID';

/**
 * How a recipient's presence at the vaccinator's station was confirmed. MYKAD: a card read at the
 * station; MYKAD_TYPED: the number typed by hand, with a reason; SLIP_QR: the slip's QR scanned.
 */
export const PRESENCE_METHODS = ['MYKAD', 'MYKAD_TYPED', 'SLIP_QR'] as const;
export type PresenceMethod = (typeof PRESENCE_METHODS)[number];

export const CHANNEL_KINDS = ['walk-in', 'outreach'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const SERIES = ['primary', 'booster'] as const;
export type Series = (typeof SERIES)[number];

export const QUEUE_STATUSES = ['waiting', 'vaccinated', 'deferred', 'left'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

/** Lengths and bounds people meet in forms; the contract's schemas hold the same numbers. */
export const LIMITS = {
  reasonMin: 5,
  reasonMax: 500,
  fullNameMax: 150,
  addressLineMax: 200,
  stateMax: 60,
  postcodeLength: 5,
  /** A phone as typed, before it is normalised to E.164. */
  phoneMax: 40,
  docNumberMax: 40,
  /** Rows per page of any list: never a bulk dump of personal data. */
  pageMax: 100,
  /** The oldest a recipient can be, in years: a birth date is at most this long ago. */
  maxAgeYears: 130,
} as const;

/** The recipient slip's QR code is `PPVSLIP1:<slip token>`. */
export const SLIP_QR_PREFIX = 'PPVSLIP1:';

/**
 * A document number as lists, slips and logs show it: every character but the last 4 becomes `*`
 * ('********1234'); a value of 4 characters or fewer is hidden entirely.
 */
export function maskDocNumber(docNumber: string): string {
  const chars = [...docNumber];
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return '*'.repeat(chars.length - 4) + chars.slice(-4).join('');
}

/**
 * What the console writes to the audit log besides each write channel's own entry (named by its
 * channel): refusals it keeps, what it does by itself, and each failed approval. Every action
 * written has words in both languages (renderer/screens/audit/messages.ts, checked by its test).
 */
export const SYSTEM_AUDIT_ACTIONS = [
  'access.denied',
  'access.deniedCount',
  'auth.signInFailed',
  'auth.unlockFailed',
  'auth.changeSecretFailed',
  'auth.changeSecretWitnessFailed',
  'user.create.approvalFailed',
  'user.update.approvalFailed',
  'user.resetSecret.approvalFailed',
  'ppv.updateSettings.approvalFailed',
  'recipient.duplicateApprovalFailed',
  'backup.restoreApprovalFailed',
  'user.rolesSeparated',
  'catalogue.seeded',
  'recipient.read',
  'privacy.readQuotaReached',
  'batch.uploaded',
  'retention.purged',
  'desk.paired',
  'desk.pairingCodesWithdrawn',
  'desk.pairingThrottled',
  'desk.usedElsewhere',
  'desk.copyDetected',
  'desk.tokensThrottled',
  'backup.taken',
  'backup.restored',
  'backup.restoreDiscarded',
] as const;
export type SystemAuditAction = (typeof SYSTEM_AUDIT_ACTIONS)[number];
