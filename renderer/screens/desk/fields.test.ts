import { CalendarDate } from '@internationalized/date';
import { describe, expect, it } from 'vitest';
import { errorMessages } from '../../../electron/contract/errors';
import { fieldOfRefusal, fieldProblems } from './fields';

const TODAY = new CalendarDate(2026, 12, 7);
const complete = {
  fullName: 'Aminah binti Ujian',
  birthDate: '1990-08-14',
  sex: 'F' as const,
  nationality: 'MYS',
  addressLine: '',
  postcode: '50000',
  state: 'W.P. Kuala Lumpur',
  phone: '012-345 6789',
};

describe('the new-recipient form’s own checks', () => {
  it('finds nothing wrong with a complete person', () => {
    expect(
      fieldProblems(complete, {
        phoneRequired: true,
        today: TODAY,
        birthDate: new CalendarDate(1990, 8, 14),
      }),
    ).toEqual({});
  });

  it('names each blank field, and the phone only when the day needs one', () => {
    const blank = {
      ...complete,
      fullName: ' ',
      sex: null,
      nationality: '',
      postcode: '',
      state: '',
      phone: '',
    };
    const options = { today: TODAY, birthDate: null };
    expect(fieldProblems(blank, { ...options, phoneRequired: true })).toEqual({
      fullName: 'desk.field.required',
      birthDate: 'desk.field.required',
      sex: 'desk.field.required',
      nationality: 'desk.field.required',
      postcode: 'desk.field.required',
      state: 'desk.field.required',
      phone: 'desk.field.required',
    });
    expect(fieldProblems(blank, { ...options, phoneRequired: false })).not.toHaveProperty('phone');
  });

  it('keeps a birth date between 130 years ago and today', () => {
    const check = (birthDate: CalendarDate) =>
      fieldProblems(complete, { phoneRequired: true, today: TODAY, birthDate }).birthDate;
    expect(check(new CalendarDate(2026, 12, 8))).toBe('desk.field.birthDateRange');
    expect(check(new CalendarDate(1896, 12, 6))).toBe('desk.field.birthDateRange');
    expect(check(new CalendarDate(1896, 12, 7))).toBeUndefined();
    expect(check(TODAY)).toBeUndefined();
  });

  it('wants a 5-digit postcode and a 3-letter nationality', () => {
    const problems = fieldProblems(
      { ...complete, postcode: '5000', nationality: 'MY' },
      { phoneRequired: true, today: TODAY, birthDate: new CalendarDate(1990, 8, 14) },
    );
    expect(problems).toEqual({
      postcode: 'desk.field.postcode',
      nationality: 'desk.field.nationality',
    });
  });
});

describe('refusals by field', () => {
  it.each([
    ['PHONE_INVALID', 'phone'],
    ['PHONE_REQUIRED', 'phone'],
    ['RECIPIENT_NAME_CHARACTER', 'fullName'],
    ['POSTCODE_NOT_IN_STATE', 'postcode'],
    ['STATE_UNKNOWN', 'state'],
    ['BIRTH_DATE_INVALID', 'birthDate'],
  ])('%s is shown at %s', (code, field) => {
    expect(code in errorMessages).toBe(true);
    expect(fieldOfRefusal(code)).toBe(field);
  });

  it('leaves a refusal about no field to the form', () => {
    expect(fieldOfRefusal('NO_OPEN_DAY')).toBeNull();
  });
});
