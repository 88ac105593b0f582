import { randomBytes } from 'node:crypto';
import { parseSlipQr } from '../../contract/slip';
import type { DayRow } from '../days/open-day';
import type { CoreDeps } from '../deps';
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
import type { PresenceMethod, RecipientRow, RegistrationRow } from './store';

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

/**
 * Whether what the station scanned belongs to this registration: the number read from a MyKad or
 * MyPR, or the registration's own slip QR.
 */
export function presenceMatches(
  method: PresenceMethod,
  scanned: string,
  registration: RegistrationRow,
  recipient: RecipientRow,
): boolean {
  if (method === 'MYKAD') {
    const cardNumber = scanned.replace(SPACES_AND_DASHES, '');
    const cardHolder = recipient.doc_type === 'MYKAD' || recipient.doc_type === 'MYPR';
    return cardHolder && /^\d{12}$/.test(cardNumber) && cardNumber === recipient.doc_number;
  }
  const token = parseSlipQr(scanned);
  return token !== null && token === registration.slip_token;
}
