import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors';
import { checkNameCharacters, nameKeys, normaliseName } from './names';

/** Invisible characters a pasted name may carry: zero-width, soft hyphen, BOM, bidi marks. */
const INVISIBLES = [
  '\u200B', // zero width space
  '\u200C', // zero width non-joiner
  '\u200D', // zero width joiner
  '\u2060', // word joiner
  '\u00AD', // soft hyphen
  '\uFEFF', // byte order mark
  '\u200E', // left-to-right mark
  '\u200F', // right-to-left mark
  '\u202E', // right-to-left override
  '\u2066', // left-to-right isolate
  '\u034F', // combining grapheme joiner
];

const same = (a: string, b: string) =>
  expect(normaliseName(a), `${a} ≡ ${b}`).toBe(normaliseName(b));
const differ = (a: string, b: string) =>
  expect(normaliseName(a), `${a} ≢ ${b}`).not.toBe(normaliseName(b));

describe('nameKeys', () => {
  it('folds case, white space, punctuation and full-width forms', () => {
    same('  siti   aminah\tbinti  ali \n', 'SITI AMINAH BINTI ALI');
    same('Abd. Rahman bin Abdullah,', 'ABD RAHMAN BIN ABDULLAH');
    same('Abd.Rahman', 'ABD RAHMAN');
    same('Mary-Jane (Tan)', 'MARY JANE TAN');
    same('ＴＡＮ　ＡＨ　ＫＯＷ', 'TAN AH KOW');
    same("Nur 'Ain binti Ma'arof", 'NUR AIN BINTI MAAROF');
    same('Ma\u2019arof', "Ma'arof");
  });

  it('drops invisible and format characters wherever they stand', () => {
    for (const invisible of INVISIBLES) {
      same(`SITI${invisible} AMINAH`, 'SITI AMINAH');
      same(`S${invisible}ITI AMI${invisible}NAH`, 'SITI AMINAH');
    }
  });

  it('folds look-alike letters of other scripts to Latin', () => {
    same('\u0410\u041D\u041C\u0410D BIN \u0410LI', 'AHMAD BIN ALI'); // Cyrillic А, Н, М
    same('\u0391\u0397\u039C\u0391D BIN \u0391LI', 'AHMAD BIN ALI'); // Greek Α, Η, Μ
    same('\u0455\u0456t\u0456 \u0430m\u0456n\u0430h', 'Siti Aminah'); // Cyrillic ѕ, і, а
    same('𝐒𝐈𝐓𝐈 𝐀𝐌𝐈𝐍𝐀𝐇', 'SITI AMINAH'); // mathematical bold
  });

  it('drops marks on Latin letters, and keeps the vowel signs of other scripts', () => {
    same('Ren\u00E9e', 'RENEE');
    same('Siti Ami\u0323nah', 'SITI AMINAH'); // a dot below one letter
    same('S\u0301\u0301ITI \u0308AMINAH', 'SITI AMINAH'); // stacked, and on no letter
    same('Fran\u00E7ois M\u00FCller', 'FRANCOIS MULLER');
    differ('\u0BAE\u0BC1\u0BA4\u0BCD\u0BA4\u0BC1', '\u0BAE\u0BA4\u0BCD\u0BA4'); // Tamil முத்து, மத்த
    differ('\u0938\u0940\u0924\u093E', '\u0938\u0924'); // Devanagari सीता, सत
  });

  it('folds the patronymic forms BIN / B. / BN and BINTI / BT. / BTE, and no further', () => {
    same('Ahmad bin Ali', 'AHMAD B. ALI');
    same('Ahmad bin Ali', 'Ahmad Bn Ali');
    same('Siti binti Ali', 'SITI BT. ALI');
    same('Siti binti Ali', 'Siti Bte Ali');
    same('Siti binti Ali', 'Siti Binte Ali');
    differ('Ahmad bin Ali', 'Ahmad binti Ali');
    differ('Ahmad bin Ali', 'Ahmad Ali');
  });

  it('folds A/L and A/P however spaced, with their English S/O and D/O, and tells them apart', () => {
    same('Muthu a/l Raman', 'MUTHU A / L RAMAN');
    same('Muthu a/l Raman', 'Muthu s/o Raman');
    same('Devi a/p Raman', 'DEVI A /P RAMAN');
    same('Devi a/p Raman', 'Devi d/o Raman');
    differ('Muthu a/l Raman', 'Muthu a/p Raman');
  });

  it('gives the name before @ and each alias a key of its own', () => {
    expect(nameKeys('Tan Ah Kow @ Tan Kok Wah')).toEqual([
      ...nameKeys('Tan Ah Kow'),
      ...nameKeys('TAN KOK WAH'),
    ]);
    expect(nameKeys('Lim @ Lim')).toEqual(nameKeys('LIM'));
    expect(nameKeys('@ Lim Mei @')).toEqual(nameKeys('Lim Mei'));
    expect(nameKeys('- . -')).toEqual([]);
  });

  it('tells different names apart', () => {
    differ('Siti Aminah', 'Siti Amina');
    differ('Tan Ah Kow', 'Tan Ah Kaw');
    differ('陈美玲', '陈美龄');
  });

  const names = fc.string({ unit: 'grapheme', maxLength: 40 });

  it('is idempotent: a key gives itself back (property)', () => {
    fc.assert(
      fc.property(names, (name) => {
        for (const key of nameKeys(name)) expect(nameKeys(key)).toEqual([key]);
      }),
      { numRuns: 2000 },
    );
  });

  it('ignores invisible characters inserted anywhere (property)', () => {
    fc.assert(
      fc.property(
        names,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLES)), { maxLength: 6 }),
        (name, insertions) => {
          const characters = [...name];
          for (const [at, invisible] of insertions) {
            characters.splice(at % (characters.length + 1), 0, invisible);
          }
          expect(nameKeys(characters.join(''))).toEqual(nameKeys(name));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('ignores the case of Latin letters (property)', () => {
    const latinName = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,30}$/);
    fc.assert(
      fc.property(latinName, (name) => {
        expect(nameKeys(name.toLowerCase())).toEqual(nameKeys(name.toUpperCase()));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives keys with no invisible character, no lower-case Latin and single inner spaces (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (name) => {
        for (const key of nameKeys(name)) {
          expect(key).not.toMatch(/[\p{Cf}\p{Default_Ignorable_Code_Point}a-z@]|\s\s|^\s|\s$/u);
        }
      }),
      { numRuns: 5000 },
    );
  });
});

function refusalOf(name: string): DomainError {
  try {
    checkNameCharacters(name);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(name)} was not refused`);
}

describe('checkNameCharacters', () => {
  it('accepts letters of any script, spaces and the name punctuation', () => {
    for (const name of [
      "Nur 'Ain binti Ma\u2019arof",
      'Muthu a/l Raman',
      'Tan Ah Kow @ Tan Kok Wah',
      'Abd. Rahman bin Abdullah',
      'Mary-Jane Tan',
      'José Núñez',
      '陈美玲',
      'முருகன் சுப்பிரமணியம்',
      'Siti\u00A0Aminah',
    ]) {
      expect(() => checkNameCharacters(name), name).not.toThrow();
    }
  });

  it.each([
    ['Siti\u200BAminah', 'RECIPIENT_NAME_CHARACTER', 'U+200B', 5, 'an invisible character'],
    ['Siti Ami\u00ADnah', 'RECIPIENT_NAME_CHARACTER', 'U+00AD', 9, 'an invisible character'],
    ['\uFEFFSiti', 'RECIPIENT_NAME_CHARACTER', 'U+FEFF', 1, 'an invisible character'],
    ['Siti \u202EhanimA', 'RECIPIENT_NAME_CHARACTER', 'U+202E', 6, 'a text-direction mark'],
    ['Siti\u200FAminah', 'RECIPIENT_NAME_CHARACTER', 'U+200F', 5, 'a text-direction mark'],
    ['Siti\tAminah', 'RECIPIENT_NAME_CHARACTER', 'U+0009', 5, 'a control character'],
    ['Siti\u0007', 'RECIPIENT_NAME_CHARACTER', 'U+0007', 5, 'a control character'],
    ['<b>Siti</b>', 'RECIPIENT_NAME_CHARACTER', '«<» (U+003C)', 1, 'a markup character'],
    ['Siti Aminah 2', 'RECIPIENT_NAME_CHARACTER', '«2» (U+0032)', 13, 'a digit'],
    [
      'Siti, Aminah',
      'RECIPIENT_NAME_CHARACTER',
      '«,» (U+002C)',
      5,
      'a character that is not a letter',
    ],
    [
      '😀 Siti',
      'RECIPIENT_NAME_CHARACTER',
      '«😀» (U+1F600)',
      1,
      'a character that is not a letter',
    ],
  ])('refuses %j, naming the character', (name, code, character, position, kind) => {
    const error = refusalOf(name);
    expect(error.code).toBe(code);
    expect(error.params).toMatchObject({ character, position, kindEn: kind });
    const message = error.toBody().message;
    expect(message.en).toContain(`${kind} ${character} at position ${position}`);
    expect(message.ms).toContain(`${character} pada kedudukan ${position}`);
  });

  it('refuses a name with no letter', () => {
    expect(refusalOf('- . @ /').code).toBe('RECIPIENT_NAME_INVALID');
  });
});
