import { randomBytes } from 'node:crypto';
import { parseSlipQr } from '../../contract/slip';
import type { DayRow } from '../days/open-day';
import type { CoreDeps } from '../deps';
import { isIsoAlpha3, normaliseName, SPACES_AND_DASHES } from '../identity';
import { refuse } from '../shared/errors';
import { isCalendarDate } from '../shared/time';
import type { RecipientRow, RegistrationRow } from './store';

const EARLIEST_BIRTH_DATE = '1900-01-01';

/**
 * What every registration (new or known recipient) needs: the PPV not closed, consent, and a phone
 * unless the open day is an outreach day.
 */
export function assertMayRegister(
  deps: Pick<CoreDeps, 'settings'>,
  day: DayRow,
  visit: { phone: string | null; consent: boolean },
  today: string,
): void {
  const { closureDate } = deps.settings.get();
  if (closureDate !== null && today > closureDate) refuse('PPV_CLOSED', { closureDate });
  if (!visit.consent) refuse('CONSENT_REQUIRED');
  if (visit.phone === null && day.channel !== 'outreach') refuse('PHONE_REQUIRED');
}

/** Checks the person's details that no document checks; returns the name's duplicate key. */
export function checkPerson(
  person: { fullName: string; birthDate: string; nationality: string },
  today: string,
): string {
  const nameKey = normaliseName(person.fullName);
  if (!/\p{L}/u.test(nameKey)) refuse('RECIPIENT_NAME_INVALID');
  const { birthDate, nationality } = person;
  if (!isCalendarDate(birthDate) || birthDate < EARLIEST_BIRTH_DATE || birthDate > today) {
    refuse('BIRTH_DATE_INVALID', { birthDate });
  }
  if (!isIsoAlpha3(nationality)) refuse('NATIONALITY_INVALID', { nationality });
  return nameKey;
}

/**
 * A manager's approval to save a possible duplicate. A wrong PIN is counted against the manager
 * and refused with its own committed audit entry (Users.authenticate).
 */
export function approveDuplicate(
  deps: Pick<CoreDeps, 'users'>,
  approval: { managerStaffId: string; managerSecret: string },
  at: number,
): string {
  const row = deps.users.authenticate(
    approval.managerStaffId,
    approval.managerSecret,
    at,
    'recipient.duplicateApprovalFailed',
  );
  const approver = deps.users.actor(row.id);
  if (!approver?.active || !approver.roles.includes('manager')) refuse('OVERRIDE_NOT_MANAGER');
  return approver.userId;
}

export function newSlipToken(): string {
  return randomBytes(16).toString('base64url');
}

/** Whether a MyKad or MyPR number (read from the chip or typed) is this recipient's. */
export function cardNumberMatches(cardNumber: string, recipient: RecipientRow): boolean {
  const digits = cardNumber.replace(SPACES_AND_DASHES, '');
  const cardHolder = recipient.doc_type === 'MYKAD' || recipient.doc_type === 'MYPR';
  return cardHolder && /^\d{12}$/.test(digits) && digits === recipient.doc_number;
}

/** Whether the scanned slip QR is this registration's own. */
export function slipMatches(scanned: string, registration: RegistrationRow): boolean {
  const token = parseSlipQr(scanned);
  return token !== null && token === registration.slip_token;
}
