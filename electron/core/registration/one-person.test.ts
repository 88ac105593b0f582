/**
 * One person, one record (SPEC.md "Identity documents"), through the dispatcher and a real database:
 * JPN's 12-digit numbers are one number space; possible duplicates by normalised name and near birth
 * date, or by passport number under another country; names, birth dates, postcodes and phones as the
 * desk meets them.
 */
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelInput } from '../../contract';
import { NAME_KEY_VERSION } from '../identity';
import { createHarness, DAY, MINUTE, TEST_PIN, type Harness } from '../testing/harness';
import {
  cleanRefusal,
  newRecipient,
  openWalkIn,
  setUpStation,
  skewClock,
  type RegisterInput,
} from '../testing/scenario';
import { dashed, syntheticMyKad } from '../testing/synthetic';

let h: Harness;
let managerId: string;
let clerkId: string;
const extraDirs: string[] = [];

beforeEach(async () => {
  h = createHarness();
  ({ managerId, clerkId } = await setUpStation(h));
  openWalkIn(h);
});
afterEach(() => {
  h.close();
  for (const dir of extraDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const jpnTypes = ['MYKAD', 'MYPR', 'MYKAS', 'BIRTH_CERT'] as const;
const DIGITS = syntheticMyKad({ birthDate: '1990-01-01', sex: 'F' });

let passports = 0;
/** A passport holder born 1990-01-01 (female) with a number of her own, unless given. */
function passportHolder(fullName: string, overrides: Partial<RegisterInput> = {}): RegisterInput {
  passports += 1;
  return newRecipient({
    document: { docType: 'PASSPORT', docNumber: `K${1_000_000 + passports}`, docCountry: 'SGP' },
    nationality: 'SGP',
    fullName,
    ...overrides,
  });
}

const register = (input: RegisterInput) => h.ok('desk', 'recipient.register', input).recipient;

/** The candidates a refused registration shows, after checking it wrote nothing. */
function candidatesFor(input: RegisterInput) {
  const error = cleanRefusal(h, 'desk', 'recipient.register', input);
  expect(error.code, input.fullName).toBe('POSSIBLE_DUPLICATE');
  return error.details?.['candidates'] as Array<{ recipientId: string; match: string }>;
}

function flags(existingId: string, input: RegisterInput, match = 'NAME_AND_BIRTH_DATE'): void {
  expect(candidatesFor(input)).toEqual([
    expect.objectContaining({ recipientId: existingId, match }),
  ]);
}

const recipientCount = () =>
  h.db.sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM recipients').get()!.n;

describe('JPN’s 12-digit numbers are one number space', () => {
  it('keeps the same person under MyKad, MyPR, MyKAS and birth certificate as one record', () => {
    const first = register(newRecipient());
    for (const docType of jpnTypes) {
      for (const docNumber of [DIGITS, dashed(DIGITS)]) {
        const again = newRecipient({
          document: { docType, docNumber, docCountry: null },
          fullName: 'Nama Lain Sama Sekali',
        });
        const error = cleanRefusal(h, 'desk', 'recipient.register', again);
        expect(error.code, docType).toBe('RECIPIENT_EXISTS');
        expect(error.details).toEqual({ recipientId: first.recipientId, docType: 'MYKAD' });
      }
      expect(h.ok('desk', 'identity.check', { docType, docNumber: DIGITS }), docType).toMatchObject(
        { existingRecipientId: first.recipientId, existingDocType: 'MYKAD' },
      );
      expect(h.ok('desk', 'recipient.findByDocument', { docType, docNumber: DIGITS })).toEqual(
        first,
      );
    }
    expect(recipientCount()).toBe(1);
  });

  it('finds a child first registered by birth certificate when the MyKad comes', () => {
    const child = syntheticMyKad({ birthDate: '2015-06-15', placeCode: '10' });
    const input = (docType: 'BIRTH_CERT' | 'MYKAD') =>
      newRecipient({
        document: { docType, docNumber: child, docCountry: null },
        fullName: 'Adam bin Ujian',
        birthDate: '2015-06-15',
        sex: 'M',
      });
    const first = register(input('BIRTH_CERT'));
    expect(first.docNumberDisplay).toBe(dashed(child));
    expect(cleanRefusal(h, 'desk', 'recipient.register', input('MYKAD')).details).toEqual({
      recipientId: first.recipientId,
      docType: 'BIRTH_CERT',
    });
  });

  it('flags the digits typed under MyTentera or a passport, either way round', () => {
    const siti = register(newRecipient());
    const soldier = (docType: 'MYTENTERA' | 'PASSPORT', docNumber: string) =>
      newRecipient({
        document: { docType, docNumber, docCountry: docType === 'PASSPORT' ? 'IDN' : null },
        fullName: 'Nama Lain Sama Sekali',
        birthDate: '1971-02-03',
        nationality: docType === 'PASSPORT' ? 'IDN' : 'MYS',
      });
    flags(siti.recipientId, soldier('MYTENTERA', DIGITS), 'JPN_NUMBER_OTHER_DOCUMENT');
    flags(siti.recipientId, soldier('PASSPORT', DIGITS), 'JPN_NUMBER_OTHER_DOCUMENT');

    const other = syntheticMyKad({ birthDate: '1971-02-03', sex: 'F', nth: 7 });
    const tentera = register(soldier('MYTENTERA', other));
    flags(
      tentera.recipientId,
      newRecipient({
        document: { docType: 'MYKAS', docNumber: dashed(other), docCountry: null },
        fullName: 'Nama Ketiga',
        birthDate: '1971-02-03',
      }),
      'JPN_NUMBER_OTHER_DOCUMENT',
    );
    expect(recipientCount()).toBe(2);
  });

  it('is held by the database too: a second card type with the same digits cannot be written', () => {
    const first = register(newRecipient());
    expect(() =>
      h.db.sqlite
        .prepare(
          `INSERT INTO recipients (id, doc_type, doc_number, doc_country, full_name, name_key, birth_date,
             sex, nationality, postcode, state, created_at, created_by)
           SELECT '01900000-0000-7000-8000-00000000abcd', 'MYKAS', doc_number, doc_country, full_name,
             name_key, birth_date, sex, nationality, postcode, state, created_at, created_by
           FROM recipients WHERE id = ?`,
        )
        .run(first.recipientId),
    ).toThrow(/UNIQUE constraint failed: recipients.identity_key/);
  });
});

describe('recipient.correctDocType', () => {
  const reason = 'Kad sebenar ialah MyPR, disemak di kaunter';

  it('lets the desk correct the card type with a reason, audited without the number', () => {
    const first = register(newRecipient());
    const corrected = h.ok('desk', 'recipient.correctDocType', {
      recipientId: first.recipientId,
      docType: 'MYPR',
      reason,
    });
    expect(corrected).toMatchObject({ docType: 'MYPR', docNumber: DIGITS });
    const audit = h.db.sqlite
      .prepare<[], { user_id: string; entity_id: string; detail: string }>(
        "SELECT user_id, entity_id, detail FROM audit_log WHERE action = 'recipient.correctDocType'",
      )
      .get()!;
    expect(audit).toMatchObject({ user_id: clerkId, entity_id: first.recipientId });
    expect(JSON.parse(audit.detail)).toEqual({
      from: 'MYKAD',
      to: 'MYPR',
      docNumberMasked: `********${DIGITS.slice(-4)}`,
      reason,
    });
    expect(audit.detail).not.toContain(DIGITS);
    // The person is still found under any JPN type, and a manager may correct it back.
    expect(
      h.ok('desk', 'identity.check', { docType: 'MYKAD', docNumber: DIGITS }).existingDocType,
    ).toBe('MYPR');
    h.ok('mgr', 'recipient.findByDocument', { docType: 'MYPR', docNumber: DIGITS });
    h.ok('mgr', 'recipient.correctDocType', {
      recipientId: first.recipientId,
      docType: 'MYKAD',
      reason,
    });
  });

  it('refuses another number space, the same type, a missing reason and other roles', () => {
    const jpn = register(newRecipient());
    const passport = register(passportHolder('Lee Mei Ling', { birthDate: '1980-01-01' }));
    const correct = (recipientId: string, docType: string, why: string = reason) => ({
      recipientId,
      docType,
      reason: why,
    });
    for (const input of [
      correct(jpn.recipientId, 'PASSPORT'),
      correct(jpn.recipientId, 'MYTENTERA'),
      correct(jpn.recipientId, 'MYKAD'),
      correct(passport.recipientId, 'MYKAD'),
    ]) {
      expect(cleanRefusal(h, 'desk', 'recipient.correctDocType', input).code).toBe(
        'DOC_TYPE_CORRECTION_INVALID',
      );
    }
    expect(
      h.refused('desk', 'recipient.correctDocType', correct(jpn.recipientId, 'MYPR', '')),
    ).toBe('INVALID_INPUT');
    expect(h.refused('vax', 'recipient.correctDocType', correct(jpn.recipientId, 'MYPR'))).toBe(
      'FORBIDDEN',
    );
  });

  it('checks the person against the number when the new type is one MyVAS checks', () => {
    // A MyKAS holder whose birth date is not the number's: MyKAS is not checked, MyKad is.
    const kas = register(
      newRecipient({
        document: { docType: 'MYKAS', docNumber: DIGITS, docCountry: null },
        birthDate: '1990-01-02',
      }),
    );
    const error = cleanRefusal(h, 'desk', 'recipient.correctDocType', {
      recipientId: kas.recipientId,
      docType: 'MYKAD',
      reason,
    });
    expect(error.code).toBe('IDENTITY_BIRTH_DATE_MISMATCH');
  });
});

describe('possible duplicates by normalised name and birth date', () => {
  let siti: string;
  beforeEach(() => {
    siti = register(newRecipient()).recipientId; // Siti Aminah binti Ujian, 1990-01-01
  });

  it('finds names written with look-alike letters of other scripts', () => {
    flags(
      siti,
      passportHolder('\u0405\u0456t\u0456 \u0410m\u0456n\u0430h b\u0456nt\u0456 Uj\u0456\u0430n'),
    );
    flags(
      siti,
      passportHolder(
        'S\u0399\u03A4\u0399 \u0391\u039C\u0399\u039D\u0391\u0397 \u0392\u0399\u039D\u03A4\u0399 UJ\u0399\u0391\u039D',
      ),
    );
  });

  it('finds the patronymic written short: BT. and BTE for BINTI', () => {
    flags(siti, passportHolder('Siti Aminah bt. Ujian'));
    flags(siti, passportHolder('SITI AMINAH BTE UJIAN'));
  });

  it('finds BIN, B. and BN as one, A/L and S/O as one, and an alias after @', () => {
    const ahmad = register(passportHolder('Ahmad bin Ali', { sex: 'M', birthDate: '1985-05-05' }));
    for (const name of ['AHMAD B. ALI', 'Ahmad bn Ali']) {
      flags(ahmad.recipientId, passportHolder(name, { sex: 'M', birthDate: '1985-05-05' }));
    }
    const muthu = register(
      passportHolder('Muthu a/l Raman', { sex: 'M', birthDate: '1970-07-07' }),
    );
    for (const name of ['MUTHU A / L RAMAN', 'Muthu s/o Raman']) {
      flags(muthu.recipientId, passportHolder(name, { sex: 'M', birthDate: '1970-07-07' }));
    }
    const tan = register(
      passportHolder('Tan Ah Kow @ Tan Kok Wah', { sex: 'M', birthDate: '1950-02-02' }),
    );
    for (const name of ['Tan Kok Wah', 'TAN AH KOW', 'Tan Kok Wah @ Kow']) {
      flags(tan.recipientId, passportHolder(name, { sex: 'M', birthDate: '1950-02-02' }));
    }
    // And the other way round: the alias registered later finds the plain name.
    const lim = register(passportHolder('Lim Mei Ling', { birthDate: '1960-06-06' }));
    flags(
      lim.recipientId,
      passportHolder('Lim Ah Moi @ Lim Mei Ling', { birthDate: '1960-06-06' }),
    );
  });

  it('finds names that differ only invisibly: width, composed accents, case and spacing', () => {
    flags(siti, passportHolder('\uFF33\uFF49\uFF54\uFF49 Aminah binti Ujian'));
    flags(siti, passportHolder('  siti   AMINAH  binti ujian '));
    const rene = register(passportHolder('Ren\u00E9e Dupont', { birthDate: '1977-07-17' }));
    flags(rene.recipientId, passportHolder('Rene\u0301e Dupont', { birthDate: '1977-07-17' }));
  });

  it('finds a Latin name with marks added to its letters', () => {
    flags(siti, passportHolder('Siti Ami\u0323nah binti Ujian'));
    flags(siti, passportHolder('S\u00CDTI \u00C5MINAH BINTI UJIAN'));
  });

  it('finds A/P and D/O as one, however spaced', () => {
    const devi = register(passportHolder('Devi a/p Muniandy', { birthDate: '1966-06-16' }));
    for (const name of ['DEVI A / P MUNIANDY', 'Devi d/o Muniandy', 'Devi D / O Muniandy']) {
      flags(devi.recipientId, passportHolder(name, { birthDate: '1966-06-16' }));
    }
    register(passportHolder('Devi a/l Muniandy', { birthDate: '1966-06-16', sex: 'M' }));
  });

  it('finds birth dates a day apart or with day and month swapped, and no further', () => {
    const lee = register(passportHolder('Lee Chong Wei', { sex: 'M', birthDate: '1982-03-04' }));
    for (const birthDate of ['1982-03-03', '1982-03-05', '1982-04-03']) {
      flags(lee.recipientId, passportHolder('LEE CHONG WEI', { sex: 'M', birthDate }));
    }
    for (const birthDate of ['1982-03-06', '1982-03-02', '1983-03-04']) {
      register(passportHolder('LEE CHONG WEI', { sex: 'M', birthDate }));
    }
  });

  it('tells other people apart', () => {
    register(passportHolder('Siti Aminah binti Ujang'));
    register(passportHolder('Siti Amina binti Ujian'));
  });

  it('saves a possible duplicate only with a manager’s approval, naming the candidate', async () => {
    const input = passportHolder('\u0405\u0456t\u0456 Aminah binti Ujian', {
      duplicateApproval: {
        managerStaffId: 'MGR01',
        managerSecret: TEST_PIN,
        reason: 'Orang berbeza, disahkan dengan dokumen asal',
      },
    });
    const { recipient: saved } = await h.okAsync('desk', 'recipient.register', input);
    const stored = h.db.sqlite
      .prepare<[string], { duplicate_approved_by: string }>(
        'SELECT duplicate_approved_by FROM recipients WHERE id = ?',
      )
      .get(saved.recipientId);
    expect(stored?.duplicate_approved_by).toBe(managerId);
  });
});

describe('passport numbers under another issuing country', () => {
  it('are possible duplicates; under the same country they are the same person', () => {
    const lee = register(
      passportHolder('Lee Mei Ling', {
        document: { docType: 'PASSPORT', docNumber: 'A1234567', docCountry: 'SGP' },
        birthDate: '1980-08-08',
      }),
    );
    const other = (docCountry: string) =>
      passportHolder('Budi Santoso', {
        document: { docType: 'PASSPORT', docNumber: 'a123 4567', docCountry },
        nationality: 'IDN',
        sex: 'M',
        birthDate: '1975-01-01',
      });
    flags(lee.recipientId, other('IDN'), 'PASSPORT_OTHER_COUNTRY');
    expect(cleanRefusal(h, 'desk', 'recipient.register', other('SGP')).code).toBe(
      'RECIPIENT_EXISTS',
    );
  });
});

describe("names are letters, spaces and ' - . @ /", () => {
  it.each([
    ['Si\u200Bti Aminah', 'U+200B', 3],
    ['Siti Ami\u00ADnah', 'U+00AD', 9],
    ['Siti \u202Eharuj', 'U+202E', 6],
    ['Siti\u0000Aminah', 'U+0000', 5],
    ['<img src=x>', '«<» (U+003C)', 1],
  ])('refuses %j, naming the character, and writes nothing', (fullName, character, position) => {
    const error = cleanRefusal(h, 'desk', 'recipient.register', passportHolder(fullName));
    expect(error.code).toBe('RECIPIENT_NAME_CHARACTER');
    expect(error.message.en).toContain(`${character} at position ${position}`);
    expect(error.message.ms).toContain(`${character} pada kedudukan ${position}`);
  });
});

describe('birth dates on the trusted clock', () => {
  it('refuses one after today or more than 130 years ago', () => {
    for (const birthDate of ['2026-03-03', '1896-03-01']) {
      const error = cleanRefusal(
        h,
        'desk',
        'recipient.register',
        passportHolder('Lee', { birthDate }),
      );
      expect(error.code).toBe('BIRTH_DATE_INVALID');
    }
    register(passportHolder('Lee Tertua', { birthDate: '1896-03-02' }));
    register(passportHolder('Lee Terbaru', { birthDate: '2026-03-02' }));
  });

  it('reads today from the trusted clock, not from a PC clock set two days ahead', async () => {
    h.clock.advance(2 * DAY);
    skewClock(h, -2 * DAY);
    await h.okAsync('desk', 'auth.unlock', { secret: TEST_PIN });
    const error = cleanRefusal(
      h,
      'desk',
      'recipient.register',
      passportHolder('Bayi Ujian', { birthDate: '2026-03-03' }),
    );
    expect(error.code).toBe('BIRTH_DATE_INVALID');
    register(passportHolder('Bayi Ujian', { birthDate: '2026-03-02' }));
  });
});

describe('postcodes inside the chosen state', () => {
  it('refuses a postcode of another state, naming the state’s ranges', () => {
    const error = cleanRefusal(
      h,
      'desk',
      'recipient.register',
      newRecipient({ postcode: '52100', state: 'Selangor' }),
    );
    expect(error.code).toBe('POSTCODE_NOT_IN_STATE');
    expect(error.message.en).toContain('40000–48300');
    expect(error.message.ms).toContain('Poskod 52100 bukan poskod Selangor');
    expect(
      cleanRefusal(h, 'desk', 'recipient.register', newRecipient({ state: 'Atlantis' })).code,
    ).toBe('STATE_UNKNOWN');
  });

  it('stores the state by its name, the federal territory told by its postcode', () => {
    const stored = register(newRecipient({ postcode: '50480', state: 'WILAYAH PERSEKUTUAN' }));
    expect(stored.state).toBe('W.P. Kuala Lumpur');
  });
});

describe('phones as Malaysians type them', () => {
  const phoneOf = (registrationId: string) =>
    h.db.sqlite
      .prepare<[string], { phone: string }>('SELECT phone FROM registrations WHERE id = ?')
      .get(registrationId)!.phone;

  it('are stored in E.164, at registration and at a later visit', () => {
    const forms: Array<[string, string]> = [
      ['012-345 6789', '+60123456789'],
      ['0123456789', '+60123456789'],
      ['011-2345 6789', '+601123456789'],
      ['+60 12-345 6789', '+60123456789'],
      ['60123456789', '+60123456789'],
    ];
    for (const [typed, e164] of forms) {
      const { registration } = h.ok(
        'desk',
        'recipient.register',
        passportHolder(`Penerima Telefon ${'abcde'[forms.findIndex(([t]) => t === typed)]}`, {
          phone: typed,
          birthDate: '1970-01-01',
        }),
      );
      expect(phoneOf(registration.registrationId), typed).toBe(e164);
    }
  });

  it('refuses one that cannot be a phone number, in Malay and English', () => {
    for (const [phone, en, ms] of [
      ['0123', 'is too short', 'terlalu pendek'],
      ['012-345 678', 'is not in its country’s numbering plan', 'tiada dalam pelan penomboran'],
      ['nombor saya', 'is not a phone number', 'bukan nombor telefon'],
    ] as const) {
      const error = cleanRefusal(h, 'desk', 'recipient.register', newRecipient({ phone }));
      expect(error.code).toBe('PHONE_INVALID');
      expect(error.message.en).toContain(en);
      expect(error.message.ms).toContain(ms);
    }
  });

  it('holds for registration.create too', async () => {
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
    openWalkIn(h);
    const visit: ChannelInput<'registration.create'> = {
      recipientId: recipient.recipientId,
      phone: '019-876 5432',
      consent: true,
    };
    expect(
      cleanRefusal(h, 'desk', 'registration.create', { ...visit, phone: '019-876' }).code,
    ).toBe('PHONE_INVALID');
    const again = h.ok('desk', 'registration.create', visit);
    expect(phoneOf(again.registrationId)).toBe('+60198765432');
  });
});

describe('recipients an older version stored', () => {
  /** Writes a recipient as version 0005 did: its own name key, and names of key version 0. */
  function olderRecipient(id: string, fullName: string, oldKey: string): void {
    h.db.sqlite
      .prepare(
        `INSERT INTO recipients (id, doc_type, doc_number, doc_country, full_name, name_key, birth_date,
           sex, nationality, postcode, state, created_at, created_by, name_key_version)
         VALUES (?, 'PASSPORT', ?, 'THA', ?, ?, '1990-01-01', 'F', 'THA', '50000', 'W.P. Kuala Lumpur', 1, ?, 0)`,
      )
      .run(id, `T${id.slice(-7).toUpperCase()}`, fullName, oldKey, clerkId);
    h.db.sqlite
      .prepare(
        "INSERT INTO recipient_names (recipient_id, name_key, birth_date) VALUES (?, ?, '1990-01-01')",
      )
      .run(id, oldKey);
  }

  /** Closes the console and opens it again on the same database, as at the next start. */
  async function restart(): Promise<void> {
    void h.db.close();
    extraDirs.push(h.dir);
    h = createHarness({ file: h.file, start: h.clock.now() + MINUTE });
    for (const [connection, staffId] of [
      ['desk', 'CLERK01'],
      ['mgr', 'MGR01'],
    ] as const) {
      await h.okAsync(connection, 'auth.signIn', { staffId, secret: TEST_PIN });
    }
  }

  it('are keyed again at start, so names differing only invisibly are found', async () => {
    const ids = ['01900000-0000-7000-8000-000000000a01', '01900000-0000-7000-8000-000000000a02'];
    olderRecipient(
      ids[0]!,
      'Nur\u200B Ain binti Ab\u00ADdullah',
      'NUR\u200B AIN BINTI AB\u00ADDULLAH',
    );
    olderRecipient(ids[1]!, 'Lee\u2060 Mei Ling', 'LEE\u2060 MEI LING');
    await restart();

    const names = h.db.sqlite
      .prepare<[], { recipient_id: string; name_key: string }>(
        'SELECT recipient_id, name_key FROM recipient_names ORDER BY recipient_id',
      )
      .all();
    expect(
      names.filter((row) => ids.includes(row.recipient_id)).map((row) => row.name_key),
    ).toEqual(['NUR ALN BLNTL ABDULLAH', 'LEE MEL LLNG']);
    expect(
      h.db.sqlite
        .prepare<[number], { n: number }>(
          'SELECT count(*) AS n FROM recipients WHERE name_key_version < ?',
        )
        .get(NAME_KEY_VERSION),
    ).toEqual({ n: 0 });

    flags(ids[0]!, passportHolder("NUR 'AIN BT. ABDULLAH"));
    flags(ids[1]!, passportHolder('Lee Mei-Ling'));
  });
});
