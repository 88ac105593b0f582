import { randomBytes } from 'node:crypto';
import { parseSlipQr } from '../../contract/slip';
import type { CheckedSecret } from '../auth/checks';
import type { DayRow } from '../days/open-day';
import type { CoreDeps } from '../deps';
import type { HandlerContext } from '../dispatch/types';
import {
  checkNameCharacters,
  isIsoAlpha3,
  isPossibleBirthDate,
  nameKeys,
  normalisePhone,
  resolveState,
  SPACES_AND_DASHES,
} from '../identity';
import { refuse } from '../shared/errors';
import { addDays, isCalendarDate } from '../shared/time';
import type { RecipientRow, RegistrationRow } from './store';

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

export interface CheckedPerson {
  /** The name's keys for the duplicate search: the name, and each alias after `@`. */
  nameKeys: string[];
  /** The keys joined, as stored with the recipient. */
  nameKey: string;
  /** The state's stored name. */
  state: string;
}

/**
 * Checks the person's details that no document checks: the name's characters, the birth date on
 * the trusted clock (not in the future, not more than 130 years ago), the nationality, and the
 * postcode inside the state's ranges.
 */
export function checkPerson(
  person: {
    fullName: string;
    birthDate: string;
    nationality: string;
    postcode: string;
    state: string;
  },
  today: string,
): CheckedPerson {
  checkNameCharacters(person.fullName);
  const keys = nameKeys(person.fullName);
  const { birthDate, nationality } = person;
  if (!isPossibleBirthDate(birthDate, today)) refuse('BIRTH_DATE_INVALID', { birthDate });
  if (!isIsoAlpha3(nationality)) refuse('NATIONALITY_INVALID', { nationality });
  const state = resolveState(person.state, person.postcode);
  return { nameKeys: keys, nameKey: keys.join(' @ '), state };
}

/** The visit's phone as E.164, or none (PHONE_INVALID when it cannot be a phone number). */
export function visitPhone(phone: string | null): string | null {
  return phone === null ? null : normalisePhone(phone);
}

/**
 * The birth dates that make a same-named person a possible duplicate: the date itself, a day either
 * side, and the day and month swapped when that is a date too.
 */
export function nearBirthDates(birthDate: string): string[] {
  const [year, month, day] = birthDate.split('-');
  const swapped = `${year}-${day}-${month}`;
  const dates = [birthDate, addDays(birthDate, -1), addDays(birthDate, 1)];
  if (isCalendarDate(swapped) && swapped !== birthDate) dates.push(swapped);
  return dates;
}

/**
 * A manager's approval to save a possible duplicate, its PIN checked before the transaction
 * (`checks.approval`). A wrong PIN is counted for the manager at this station, apart from their own
 * sign-in, and refused with its own committed audit entry.
 */
export function approveDuplicate(
  deps: Pick<CoreDeps, 'checks'>,
  checked: CheckedSecret | null,
  context: HandlerContext,
): string {
  if (!checked) refuse('OVERRIDE_NOT_MANAGER');
  return deps.checks.approver(
    checked,
    context.call,
    context.now.at,
    'recipient.duplicateApprovalFailed',
    { roles: ['manager'], excluded: [context.actor.userId], refusal: 'OVERRIDE_NOT_MANAGER' },
  ).id;
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
