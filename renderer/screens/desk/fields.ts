/**
 * The new-recipient form's fields: what the desk checks as the clerk goes (before anything is sent),
 * and which field each of the console's refusals belongs to, so it is shown there.
 */
import type { CalendarDate } from '@internationalized/date';
import type { ErrorCode } from '../../../electron/contract';
import { LIMITS } from '../../../electron/contract/vocabulary';
import type { PersonDraft } from './cardFill';

export type PersonField =
  'fullName' | 'birthDate' | 'sex' | 'nationality' | 'postcode' | 'state' | 'phone';

/** The field a refusal of `recipient.register` or `registration.create` is about, if one. */
const refusalField: Partial<Record<ErrorCode, PersonField>> = {
  RECIPIENT_NAME_INVALID: 'fullName',
  RECIPIENT_NAME_CHARACTER: 'fullName',
  BIRTH_DATE_INVALID: 'birthDate',
  IDENTITY_BIRTH_DATE_MISMATCH: 'birthDate',
  IDENTITY_SEX_MISMATCH: 'sex',
  NATIONALITY_INVALID: 'nationality',
  POSTCODE_NOT_IN_STATE: 'postcode',
  STATE_UNKNOWN: 'state',
  PHONE_INVALID: 'phone',
  PHONE_REQUIRED: 'phone',
};

export function fieldOfRefusal(code: string): PersonField | null {
  return refusalField[code as ErrorCode] ?? null;
}

/** Why a field cannot be sent as it is, by message key; empty when all is well. */
export type FieldProblems = Partial<Record<PersonField, FieldProblem>>;
export type FieldProblem =
  | 'desk.field.required'
  | 'desk.field.birthDateRange'
  | 'desk.field.postcode'
  | 'desk.field.nationality';

/**
 * What the desk can tell about a field without the console: blanks, a birth date outside the
 * 130 years up to today, a postcode that is not 5 digits, a nationality that is not 3 letters.
 * The phone's form, the name's characters and the state's postcodes are the console's to judge.
 */
export function fieldProblems(
  person: PersonDraft & { phone: string },
  options: { phoneRequired: boolean; today: CalendarDate; birthDate: CalendarDate | null },
): FieldProblems {
  const problems: FieldProblems = {};
  if (person.fullName.trim() === '') problems.fullName = 'desk.field.required';
  if (options.birthDate === null) problems.birthDate = 'desk.field.required';
  else if (
    options.birthDate.compare(options.today) > 0 ||
    options.birthDate.compare(options.today.subtract({ years: LIMITS.maxAgeYears })) < 0
  ) {
    problems.birthDate = 'desk.field.birthDateRange';
  }
  if (person.sex === null) problems.sex = 'desk.field.required';
  if (!/^[A-Za-z]{3}$/.test(person.nationality.trim())) {
    problems.nationality =
      person.nationality.trim() === '' ? 'desk.field.required' : 'desk.field.nationality';
  }
  if (!new RegExp(`^[0-9]{${LIMITS.postcodeLength}}$`).test(person.postcode.trim())) {
    problems.postcode =
      person.postcode.trim() === '' ? 'desk.field.required' : 'desk.field.postcode';
  }
  if (person.state.trim() === '') problems.state = 'desk.field.required';
  if (options.phoneRequired && person.phone.trim() === '') problems.phone = 'desk.field.required';
  return problems;
}
