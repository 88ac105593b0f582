import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelInput } from '../../contract';
import { normaliseDocument } from '../identity';
import { createHarness, DAY, TEST_PIN, type Harness } from '../testing/harness';
import {
  cleanRefusal,
  newRecipient,
  nthRecipient,
  openWalkIn,
  UNKNOWN_ID,
} from '../testing/scenario';
import { dashed, syntheticMyKad } from '../testing/synthetic';

let h: Harness;
let managerId: string;
let clerkId: string;

beforeEach(async () => {
  h = createHarness();
  await h.setUpPpv();
  managerId = (await h.staff('mgr', ['manager'], 'MGR01')).userId;
  clerkId = (await h.staff('desk', ['clerk'], 'CLERK01')).userId;
});
afterEach(() => h.close());

const outreachLocation = {
  place: 'Dewan Orang Ramai Ujian',
  district: 'Gombak',
  state: 'Selangor',
};

function lastAudit(action: string): {
  user_id: string | null;
  entity_id: string | null;
  detail: string;
} {
  const row = h.db.sqlite
    .prepare<[string], { user_id: string | null; entity_id: string | null; detail: string }>(
      'SELECT user_id, entity_id, detail FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1',
    )
    .get(action);
  if (!row) throw new Error(`no audit entry ${action}`);
  return row;
}

describe('synthetic identities', () => {
  it('pass the identity checks without warnings', () => {
    for (const input of [newRecipient(), nthRecipient(0), nthRecipient(7)]) {
      const doc = normaliseDocument(input.document, '2026-03-02');
      expect(doc.warnings).toEqual([]);
      expect(doc.myKad).toMatchObject({ birthDate: input.birthDate, sex: input.sex });
    }
  });
});

describe('recipient.register', () => {
  it('registers a walk-in recipient, stores the 12 digits, and queues them', () => {
    const day = openWalkIn(h);
    const input = newRecipient();
    const { recipient, registration } = h.ok('desk', 'recipient.register', input);
    const digits = input.document.docNumber.replaceAll('-', '');
    expect(recipient).toMatchObject({
      docType: 'MYKAD',
      docNumber: digits,
      docNumberDisplay: input.document.docNumber,
      docCountry: 'MYS',
      fullName: 'Siti Aminah binti Ujian',
      birthDate: '1990-01-01',
      sex: 'F',
      nationality: 'MYS',
      doses: [],
    });
    expect(registration).toMatchObject({
      recipientId: recipient.recipientId,
      dayId: day.dayId,
      channel: 'walk-in',
      registeredAt: h.clock.now(),
      status: 'waiting',
    });
    expect(registration.slipToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(h.events.at(-1)).toEqual({
      event: 'queue.changed',
      payload: { dayId: day.dayId, waiting: 1 },
    });

    const stored = h.db.sqlite
      .prepare<
        [string],
        { created_by: string; registered_by: string; phone: string; consent: number }
      >(
        `SELECT r.created_by, g.registered_by, g.phone, g.consent
         FROM recipients r JOIN registrations g ON g.recipient_id = r.id WHERE r.id = ?`,
      )
      .get(recipient.recipientId);
    expect(stored).toEqual({
      created_by: clerkId,
      registered_by: clerkId,
      phone: '+60123456789',
      consent: 1,
    });

    const audit = lastAudit('recipient.register');
    expect(audit.user_id).toBe(clerkId);
    expect(audit.entity_id).toBe(recipient.recipientId);
    expect(JSON.parse(audit.detail)).toMatchObject({
      registrationId: registration.registrationId,
      docType: 'MYKAD',
      docNumberMasked: `********${digits.slice(-4)}`,
    });
    expect(audit.detail).not.toContain(digits);
    expect(audit.detail).not.toContain('Siti');
  });

  it('is for clerks only', async () => {
    openWalkIn(h);
    await h.staff('vax', ['vaccinator']);
    expect(h.refused('vax', 'recipient.register', newRecipient())).toBe('FORBIDDEN');
    expect(h.refused('mgr', 'recipient.register', newRecipient())).toBe('FORBIDDEN');
  });

  it('needs an open day', () => {
    expect(cleanRefusal(h, 'desk', 'recipient.register', newRecipient()).code).toBe('NO_OPEN_DAY');
  });

  it('refuses after the PPV closure date', async () => {
    openWalkIn(h);
    h.ok('mgr', 'ppv.setClosureDate', { closureDate: '2026-03-02', reason: 'Penutupan PPV ujian' });
    h.ok('desk', 'recipient.register', newRecipient());
    h.clock.advance(DAY);
    await h.okAsync('desk', 'auth.unlock', { secret: TEST_PIN });
    const error = cleanRefusal(h, 'desk', 'recipient.register', nthRecipient(1));
    expect(error.code).toBe('PPV_CLOSED');
    expect(error.message.en).toContain('02/03/2026');
  });

  it('refuses without consent', () => {
    openWalkIn(h);
    const input = newRecipient({ consent: false });
    expect(cleanRefusal(h, 'desk', 'recipient.register', input).code).toBe('CONSENT_REQUIRED');
  });

  it('needs a phone on a walk-in day', () => {
    openWalkIn(h);
    const input = newRecipient({ phone: null });
    expect(cleanRefusal(h, 'desk', 'recipient.register', input).code).toBe('PHONE_REQUIRED');
  });

  it('accepts no phone on an outreach day, and the registration is an outreach one', () => {
    h.ok('mgr', 'day.open', {
      channel: 'outreach',
      outreachLocation,
      confirmedTime: h.app.clock.now().at,
    });
    const { registration } = h.ok('desk', 'recipient.register', newRecipient({ phone: null }));
    expect(registration.channel).toBe('outreach');
  });

  it('refuses a document number that fails its format, saying which part', () => {
    openWalkIn(h);
    const cases: Array<[string, string]> = [
      ['90010114567', 'IDENTITY_FORMAT'],
      ['901301-14-5676', 'IDENTITY_BIRTH_DATE'],
      ['900101-17-5676', 'IDENTITY_PLACE_CODE'],
    ];
    for (const [docNumber, code] of cases) {
      const input = newRecipient({ document: { docType: 'MYKAD', docNumber, docCountry: null } });
      expect(cleanRefusal(h, 'desk', 'recipient.register', input).code).toBe(code);
    }
    const passport = newRecipient({
      document: { docType: 'PASSPORT', docNumber: 'A1234567', docCountry: 'ZZZ' },
    });
    expect(cleanRefusal(h, 'desk', 'recipient.register', passport).code).toBe('IDENTITY_COUNTRY');
  });

  it('refuses a birth date or sex that contradicts the MyKad number', () => {
    openWalkIn(h);
    const wrongDate = newRecipient({ birthDate: '1990-01-02' });
    expect(cleanRefusal(h, 'desk', 'recipient.register', wrongDate).code).toBe(
      'IDENTITY_BIRTH_DATE_MISMATCH',
    );
    const wrongSex = newRecipient({ sex: 'M' });
    expect(cleanRefusal(h, 'desk', 'recipient.register', wrongSex).code).toBe(
      'IDENTITY_SEX_MISMATCH',
    );
  });

  it('refuses an impossible birth date, an unknown nationality and a name without letters', () => {
    openWalkIn(h);
    const passport = (overrides: Parameters<typeof newRecipient>[0]) =>
      newRecipient({
        document: { docType: 'PASSPORT', docNumber: 'B7654321', docCountry: 'IDN' },
        nationality: 'IDN',
        ...overrides,
      });
    for (const birthDate of ['1990-02-30', '2026-03-03', '1896-03-01']) {
      const error = cleanRefusal(h, 'desk', 'recipient.register', passport({ birthDate }));
      expect(error.code).toBe('BIRTH_DATE_INVALID');
      expect(error.message.en).toContain(birthDate.split('-').reverse().join('/'));
    }
    expect(
      cleanRefusal(h, 'desk', 'recipient.register', passport({ nationality: 'ZZZ' })).code,
    ).toBe('NATIONALITY_INVALID');
    expect(
      cleanRefusal(h, 'desk', 'recipient.register', passport({ fullName: '- . -' })).code,
    ).toBe('RECIPIENT_NAME_INVALID');
  });

  it('refuses input the contract rejects', () => {
    openWalkIn(h);
    expect(h.refused('desk', 'recipient.register', { ...newRecipient(), phone: 12345 })).toBe(
      'INVALID_INPUT',
    );
    expect(h.refused('desk', 'recipient.register', { ...newRecipient(), postcode: '5210' })).toBe(
      'INVALID_INPUT',
    );
  });
});

describe('one recipient per identity document', () => {
  it('refuses a known MyKad, however typed, and returns the existing recipient', () => {
    openWalkIn(h);
    const first = h.ok('desk', 'recipient.register', newRecipient());
    const digits = first.recipient.docNumber;
    for (const docNumber of [
      digits,
      dashed(digits),
      `${digits.slice(0, 6)} ${digits.slice(6, 8)} ${digits.slice(8)}`,
    ]) {
      const again = newRecipient({
        document: { docType: 'MYKAD', docNumber, docCountry: null },
        fullName: 'Nama Lain Sama Sekali',
      });
      const error = cleanRefusal(h, 'desk', 'recipient.register', again);
      expect(error.code).toBe('RECIPIENT_EXISTS');
      expect(error.details).toEqual({ recipientId: first.recipient.recipientId, docType: 'MYKAD' });
    }
  });

  it('treats passport numbers in any case and spacing as one identity', () => {
    openWalkIn(h);
    const passport = (docNumber: string) =>
      newRecipient({
        document: { docType: 'PASSPORT', docNumber, docCountry: 'idn' },
        nationality: 'IDN',
        fullName: 'Budi Santoso',
      });
    const first = h.ok('desk', 'recipient.register', passport('B7654321'));
    expect(first.recipient).toMatchObject({ docNumber: 'B7654321', docCountry: 'IDN' });
    const error = cleanRefusal(h, 'desk', 'recipient.register', passport(' b765 4321 '));
    expect(error.code).toBe('RECIPIENT_EXISTS');
    expect(error.details).toEqual({
      recipientId: first.recipient.recipientId,
      docType: 'PASSPORT',
    });
  });

  it('takes the same 12 digits under another JPN card type for the same person', () => {
    openWalkIn(h);
    const first = h.ok('desk', 'recipient.register', newRecipient());
    const asMyPr = newRecipient({
      document: { ...newRecipient().document, docType: 'MYPR' },
      fullName: 'Orang Lain',
    });
    const error = cleanRefusal(h, 'desk', 'recipient.register', asMyPr);
    expect(error.code).toBe('RECIPIENT_EXISTS');
    expect(error.details).toEqual({ recipientId: first.recipient.recipientId, docType: 'MYKAD' });
  });
});

describe('possible duplicates', () => {
  /** The same person (name typed differently) under a passport. */
  const samePersonOtherDocument = (
    approval: ChannelInput<'recipient.register'>['duplicateApproval'] = null,
  ) =>
    newRecipient({
      document: { docType: 'PASSPORT', docNumber: 'A9876543', docCountry: 'SGP' },
      fullName: '  SITI  AMINAH BINTI UJIAN. ',
      nationality: 'SGP',
      duplicateApproval: approval,
    });
  const approval = (managerStaffId: string, managerSecret = TEST_PIN) => ({
    managerStaffId,
    managerSecret,
    reason: 'Dokumen berlainan, orang berlainan disahkan',
  });

  let existingId: string;
  beforeEach(() => {
    openWalkIn(h);
    existingId = h.ok('desk', 'recipient.register', newRecipient()).recipient.recipientId;
  });

  it('refuses same name and birth date under another document, showing the candidates', () => {
    const error = cleanRefusal(h, 'desk', 'recipient.register', samePersonOtherDocument());
    expect(error.code).toBe('POSSIBLE_DUPLICATE');
    const digits = syntheticMyKad({ birthDate: '1990-01-01', sex: 'F' });
    expect(error.details).toEqual({
      candidates: [
        {
          recipientId: existingId,
          docType: 'MYKAD',
          docNumberMasked: `********${digits.slice(-4)}`,
          docCountry: 'MYS',
          fullName: 'Siti Aminah binti Ujian',
          birthDate: '1990-01-01',
          match: 'NAME_AND_BIRTH_DATE',
        },
      ],
    });
  });

  it('does not flag the same name with another birth date', () => {
    const other = newRecipient({
      document: { docType: 'PASSPORT', docNumber: 'A9876543', docCountry: 'SGP' },
      nationality: 'SGP',
      birthDate: '1990-01-03',
    });
    h.ok('desk', 'recipient.register', other);
  });

  it('saves with a manager’s approval and reason, stored and audited', async () => {
    const { recipient } = await h.okAsync(
      'desk',
      'recipient.register',
      samePersonOtherDocument(approval('MGR01')),
    );
    const stored = h.db.sqlite
      .prepare<[string], { duplicate_approved_by: string; duplicate_reason: string }>(
        'SELECT duplicate_approved_by, duplicate_reason FROM recipients WHERE id = ?',
      )
      .get(recipient.recipientId);
    expect(stored).toEqual({
      duplicate_approved_by: managerId,
      duplicate_reason: 'Dokumen berlainan, orang berlainan disahkan',
    });
    const audit = lastAudit('recipient.register');
    expect(audit.user_id).toBe(clerkId);
    expect(JSON.parse(audit.detail)).toMatchObject({
      approverId: managerId,
      reason: 'Dokumen berlainan, orang berlainan disahkan',
      possibleDuplicateOf: [existingId],
      docType: 'PASSPORT',
      docNumberMasked: '****6543',
    });
  });

  it('refuses a wrong manager PIN, audited, without slowing the manager’s own sign-in', async () => {
    const before = h.counts();
    const error = await h.callAsync(
      'desk',
      'recipient.register',
      samePersonOtherDocument(approval('MGR01', '000000')),
    );
    expect(error.ok ? null : error.error.code).toBe('APPROVAL_FAILED');
    expect(h.counts()).toEqual({ ...before, audit_log: (before.audit_log ?? 0) + 1 });
    const manager = h.db.sqlite
      .prepare<[string], { failed_attempts: number }>(
        'SELECT failed_attempts FROM users WHERE id = ?',
      )
      .get(managerId);
    expect(manager?.failed_attempts).toBe(0);
    const audit = lastAudit('recipient.duplicateApprovalFailed');
    expect(audit).toMatchObject({ user_id: clerkId, entity_id: managerId });
  });

  it('refuses a clerk as approver, even with the right PIN', async () => {
    const before = h.counts();
    const error = await h.refusalAsync(
      'desk',
      'recipient.register',
      samePersonOtherDocument(approval('CLERK01')),
    );
    expect(error.code).toBe('OVERRIDE_NOT_MANAGER');
    expect(h.counts()).toEqual(before);
  });

  it('refuses a disabled manager as approver', async () => {
    h.ok('admin', 'user.setActive', {
      userId: managerId,
      active: false,
      reason: 'Bertukar ke PPV lain',
    });
    const before = h.counts();
    const result = await h.callAsync(
      'desk',
      'recipient.register',
      samePersonOtherDocument(approval('MGR01')),
    );
    expect(result.ok ? null : result.error.code).toBe('APPROVAL_FAILED');
    expect(h.counts().recipients).toBe(before.recipients);
  });

  it('lists at most five candidates', async () => {
    for (let i = 0; i < 6; i += 1) {
      await h.okAsync(
        'desk',
        'recipient.register',
        newRecipient({
          document: { docType: 'PASSPORT', docNumber: `K100000${i}`, docCountry: 'THA' },
          nationality: 'THA',
          duplicateApproval: approval('MGR01'),
        }),
      );
    }
    const error = cleanRefusal(h, 'desk', 'recipient.register', samePersonOtherDocument());
    expect((error.details?.candidates as unknown[]).length).toBe(5);
  });
});

describe('registration.create (a known recipient, another day)', () => {
  async function registerThenCloseDay() {
    openWalkIn(h);
    const { recipient, registration } = h.ok('desk', 'recipient.register', newRecipient());
    h.ok('mgr', 'registration.setOutcome', {
      registrationId: registration.registrationId,
      outcome: 'left',
      reason: 'Pulang sebelum dipanggil',
    });
    h.ok('mgr', 'day.close', {});
    h.clock.advance(DAY);
    for (const connection of ['mgr', 'desk'])
      await h.okAsync(connection, 'auth.unlock', { secret: TEST_PIN });
    return recipient;
  }

  it('queues a known recipient in the new day', async () => {
    const recipient = await registerThenCloseDay();
    const day = openWalkIn(h);
    const registration = h.ok('desk', 'registration.create', {
      recipientId: recipient.recipientId,
      phone: '+60198765432',
      consent: true,
    });
    expect(registration).toMatchObject({
      recipientId: recipient.recipientId,
      dayId: day.dayId,
      channel: 'walk-in',
      status: 'waiting',
    });
    expect(h.events.at(-1)).toEqual({
      event: 'queue.changed',
      payload: { dayId: day.dayId, waiting: 1 },
    });
    expect(lastAudit('registration.create').entity_id).toBe(registration.registrationId);
  });

  it('refuses an unknown recipient', () => {
    openWalkIn(h);
    const input = {
      recipientId: UNKNOWN_ID,
      phone: '+60123456789',
      consent: true,
    };
    expect(cleanRefusal(h, 'desk', 'registration.create', input).code).toBe(
      'RECIPIENT_NOT_IN_WORK',
    );
  });

  it('refuses a recipient already registered today', () => {
    openWalkIn(h);
    const { recipient, registration } = h.ok('desk', 'recipient.register', newRecipient());
    const error = cleanRefusal(h, 'desk', 'registration.create', {
      recipientId: recipient.recipientId,
      phone: '+60123456789',
      consent: true,
    });
    expect(error.code).toBe('ALREADY_IN_QUEUE');
    expect(error.details).toEqual({ registrationId: registration.registrationId });
  });

  it('needs an open day, consent, and a phone on a walk-in day', async () => {
    const recipient = await registerThenCloseDay();
    const visit = { recipientId: recipient.recipientId, phone: '+60123456789', consent: true };
    expect(cleanRefusal(h, 'desk', 'registration.create', visit).code).toBe('NO_OPEN_DAY');
    openWalkIn(h);
    expect(cleanRefusal(h, 'desk', 'registration.create', { ...visit, consent: false }).code).toBe(
      'CONSENT_REQUIRED',
    );
    expect(cleanRefusal(h, 'desk', 'registration.create', { ...visit, phone: null }).code).toBe(
      'PHONE_REQUIRED',
    );
  });

  it('accepts no phone on an outreach day', async () => {
    const recipient = await registerThenCloseDay();
    h.ok('mgr', 'day.open', {
      channel: 'outreach',
      outreachLocation,
      confirmedTime: h.app.clock.now().at,
    });
    const registration = h.ok('desk', 'registration.create', {
      recipientId: recipient.recipientId,
      phone: null,
      consent: true,
    });
    expect(registration.channel).toBe('outreach');
  });

  it('refuses after the PPV closure date', async () => {
    openWalkIn(h);
    h.ok('mgr', 'ppv.setClosureDate', { closureDate: '2026-03-02', reason: 'Penutupan PPV ujian' });
    const { recipient } = h.ok('desk', 'recipient.register', newRecipient());
    h.clock.advance(DAY);
    await h.okAsync('desk', 'auth.unlock', { secret: TEST_PIN });
    const error = cleanRefusal(h, 'desk', 'registration.create', {
      recipientId: recipient.recipientId,
      phone: '+60123456789',
      consent: true,
    });
    expect(error.code).toBe('PPV_CLOSED');
  });
});

describe('identity.check', () => {
  it('returns what a typed MyKad number implies', () => {
    const digits = syntheticMyKad({ birthDate: '1990-01-01', sex: 'F' });
    expect(h.ok('desk', 'identity.check', { docType: 'MYKAD', docNumber: dashed(digits) })).toEqual(
      {
        docType: 'MYKAD',
        docNumber: digits,
        docNumberDisplay: dashed(digits),
        docCountry: 'MYS',
        suggestedBirthDate: '1990-01-01',
        alternativeBirthDate: null,
        sex: 'F',
        warnings: [],
        existingRecipientId: null,
        existingDocType: null,
      },
    );
  });

  it('offers the other century when both are possible, and warns on a failed check digit', () => {
    const child = syntheticMyKad({ birthDate: '2015-06-15', placeCode: '10' });
    const result = h.ok('desk', 'identity.check', { docType: 'MYKAD', docNumber: child });
    expect(result).toMatchObject({
      suggestedBirthDate: '2015-06-15',
      alternativeBirthDate: '1915-06-15',
      sex: 'M',
      warnings: [],
    });
    const lastDigit = Number(child.slice(-1));
    const wrongCheck = `${child.slice(0, 11)}${(lastDigit + 2) % 10}`;
    expect(
      h.ok('desk', 'identity.check', { docType: 'MYKAD', docNumber: wrongCheck }).warnings,
    ).toEqual(['CHECK_DIGIT']);
  });

  it('names the existing recipient of a held identity', () => {
    openWalkIn(h);
    const { recipient } = h.ok('desk', 'recipient.register', newRecipient());
    const result = h.ok('desk', 'identity.check', {
      docType: 'MYKAD',
      docNumber: recipient.docNumber,
    });
    expect(result.existingRecipientId).toBe(recipient.recipientId);
  });

  it('has nothing to suggest for a passport, and refuses a bad number', () => {
    expect(
      h.ok('desk', 'identity.check', {
        docType: 'PASSPORT',
        docNumber: 'a123 4567',
        docCountry: 'idn',
      }),
    ).toMatchObject({
      docNumber: 'A1234567',
      docCountry: 'IDN',
      suggestedBirthDate: null,
      alternativeBirthDate: null,
      sex: null,
    });
    expect(
      h.refused('desk', 'identity.check', { docType: 'MYKAD', docNumber: '900101-95-5676' }),
    ).toBe('IDENTITY_PLACE_CODE');
  });
});

describe('recipient.findByDocument and recipient.get', () => {
  it('finds a recipient however the number is typed, and says null when unknown', () => {
    const digits = syntheticMyKad({ birthDate: '1990-01-01', sex: 'F' });
    expect(
      h.ok('desk', 'recipient.findByDocument', { docType: 'MYKAD', docNumber: digits }),
    ).toBeNull();
    openWalkIn(h);
    const { recipient } = h.ok('desk', 'recipient.register', newRecipient());
    const found = h.ok('mgr', 'recipient.findByDocument', {
      docType: 'MYKAD',
      docNumber: dashed(digits),
    });
    expect(found).toEqual(recipient);
    expect(h.ok('mgr', 'recipient.get', { recipientId: recipient.recipientId })).toEqual(recipient);
  });

  it('refuses an unknown recipient id as outside the caller’s work, and admins', () => {
    const recipientId = UNKNOWN_ID;
    expect(h.refused('desk', 'recipient.get', { recipientId })).toBe('RECIPIENT_NOT_IN_WORK');
    expect(h.refused('admin', 'recipient.get', { recipientId })).toBe('FORBIDDEN');
  });
});
