/**
 * Recipients' names: which characters a name may hold, and the normalised name that finds possible
 * duplicates (SPEC.md "Identity documents"). Pure.
 */
import unhomoglyph from 'unhomoglyph';
import { refuse } from '../shared/errors';

/**
 * The version of `nameKeys`. Stored with each recipient: rows keyed by an older version are keyed
 * again at start. Raise it whenever the keys a name gives change (rules or the confusables data).
 */
export const NAME_KEY_VERSION = 3;

/** Characters nobody sees: format characters (zero-width, soft hyphen, BOM, bidi marks) and the rest. */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
/** Apostrophes join (NUR'AIN is NURAIN); the skeleton has already made every apostrophe `'`. */
const APOSTROPHES = /'/g;
const SLASH_WITH_SPACES = /\s*\/\s*/g;
/** Everything but letters, marks, digits, white space and `/` separates words. */
const SEPARATORS = /[^\p{L}\p{M}\p{N}\s/]/gu;
/**
 * Marks on Latin letters, or on no letter at all: a dot below or an acute added to one letter of a
 * Latin name looks like that name. Marks on letters of other scripts are kept: in Tamil, Devanagari
 * or Thai a mark is a vowel, part of the name.
 */
const LATIN_MARKS = /(?<=(?:^|[^\p{L}\p{M}]|\p{Script=Latin})\p{M}*)\p{M}/gu;

/**
 * Unicode's confusables skeleton (UTS #39: NFD, the confusables mapping, NFD), with the case folded
 * to upper before and after: the mapping tells lower-case letters from upper-case ones (`m` is
 * `rn`), and a name's case says nothing. Repeated, with NFKC, until nothing changes: a mapping may
 * give compatibility characters (`%` is `º/₀`) or letters with a mapping of their own.
 */
function foldedSkeleton(text: string): string {
  let current = text;
  for (let round = 0; round < 8; round += 1) {
    const folded = current.normalize('NFKC').toUpperCase().normalize('NFD');
    const next = unhomoglyph(folded).normalize('NFD').toUpperCase();
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * The patronymic and relation words, each spelling of one folded to its first: `BIN`/`B.`/`BN`,
 * `BINTI`/`BT.`/`BTE`, `A/L` (also written S/O and ANAK LELAKI), `A/P` (D/O, ANAK PEREMPUAN). Compared in
 * skeleton space, so a look-alike spelling folds too.
 */
const relationWords = new Map(
  [
    ['BIN', 'B', 'BN'],
    ['BINTI', 'BT', 'BTE', 'BINTE'],
    ['A/L', 'S/O'],
    ['A/P', 'D/O'],
  ].flatMap((spellings) =>
    spellings.map((spelling) => [foldedSkeleton(spelling), foldedSkeleton(spellings[0]!)] as const),
  ),
);

/** The relation words written out in full, folded to their short forms: ANAK LELAKI is A/L. */
const relationPhrases = new Map(
  [
    ['ANAK', 'LELAKI', 'A/L'],
    ['ANAK', 'PEREMPUAN', 'A/P'],
  ].map(
    ([first, second, short]) =>
      [`${foldedSkeleton(first!)} ${foldedSkeleton(second!)}`, foldedSkeleton(short!)] as const,
  ),
);

function foldRelationPhrases(split: string[]): string[] {
  const folded: string[] = [];
  for (let index = 0; index < split.length; index += 1) {
    const short = relationPhrases.get(`${split[index]} ${split[index + 1]}`);
    if (short === undefined) {
      folded.push(split[index]!);
    } else {
      folded.push(short);
      index += 1;
    }
  }
  return folded;
}

function words(part: string): string {
  const split = part
    .replace(APOSTROPHES, '')
    .replace(SLASH_WITH_SPACES, '/')
    .replace(SEPARATORS, ' ')
    .split(/\s+/);
  return foldRelationPhrases(split)
    .flatMap((word) => {
      const folded = relationWords.get(word);
      if (folded !== undefined) return [folded];
      return word.split('/').map((piece) => relationWords.get(piece) ?? piece);
    })
    .filter((word) => word !== '')
    .join(' ');
}

/**
 * The normalised names that find possible duplicates: Unicode NFKC; invisible and format characters
 * removed; look-alike letters folded by Unicode's confusables skeleton (a Cyrillic "А" is an "A");
 * marks on Latin letters dropped (RENÉE is RENEE); upper case; punctuation dropped and spaces collapsed; `BIN`/`B.`/`BN`, `BINTI`/`BT.`/`BTE`, `A/L`
 * and `A/P` folded. A name with `@` gives one key for the name before it and one for each alias
 * after it. Folds every name, even one registration refuses (older rows, searches).
 */
export function nameKeys(fullName: string): string[] {
  const visible = fullName.normalize('NFKC').replace(INVISIBLE, '');
  const keys = foldedSkeleton(visible)
    .split('@')
    .map((part) => words(part.replace(LATIN_MARKS, '')).normalize('NFC'))
    .filter((key) => /\p{L}/u.test(key));
  return [...new Set(keys)];
}

/** The whole name's normalised form, stored with the recipient: its keys joined by ` @ `. */
export function normaliseName(fullName: string): string {
  return nameKeys(fullName).join(' @ ');
}

const NAME_PUNCTUATION = new Set(["'", '\u2019', '-', '.', '@', '/']);
const MARKUP = new Set(['<', '>', '&', '"', '`', '{', '}', '[', ']', '\\']);

type CharacterKind = { ms: string; en: string; visible: boolean };

const characterKinds = {
  bidi: { ms: 'tanda arah teks', en: 'a text-direction mark', visible: false },
  control: { ms: 'aksara kawalan', en: 'a control character', visible: false },
  invisible: { ms: 'aksara tidak kelihatan', en: 'an invisible character', visible: false },
  markup: { ms: 'aksara penanda (markup)', en: 'a markup character', visible: true },
  digit: { ms: 'digit', en: 'a digit', visible: true },
  other: { ms: 'aksara yang bukan huruf', en: 'a character that is not a letter', visible: true },
} satisfies Record<string, CharacterKind>;

function kindOf(character: string): CharacterKind | null {
  if (/\p{Bidi_Control}/u.test(character)) return characterKinds.bidi;
  if (/\p{Cc}/u.test(character)) return characterKinds.control;
  // Before letters and marks: Hangul fillers are letters and variation selectors marks, yet unseen.
  if (/[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Co}\p{Cn}\p{Cs}]/u.test(character)) {
    return characterKinds.invisible;
  }
  if (/[\p{L}\p{M}\p{Zs}]/u.test(character) || NAME_PUNCTUATION.has(character)) return null;
  if (MARKUP.has(character)) return characterKinds.markup;
  if (/\p{N}/u.test(character)) return characterKinds.digit;
  return characterKinds.other;
}

function codePoint(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A name is letters (with their marks), spaces and `' - . @ /` (the typographic apostrophe too).
 * Anything else is refused (RECIPIENT_NAME_CHARACTER), naming the first such character by its code
 * point, what kind it is and where it stands; a name with no letter at all is RECIPIENT_NAME_INVALID.
 */
export function checkNameCharacters(fullName: string): void {
  let position = 0;
  for (const character of fullName) {
    position += 1;
    const kind = kindOf(character);
    if (kind === null) continue;
    const shown = kind.visible ? `«${character}» (${codePoint(character)})` : codePoint(character);
    refuse('RECIPIENT_NAME_CHARACTER', {
      character: shown,
      position,
      kindMs: kind.ms,
      kindEn: kind.en,
    });
  }
  if (nameKeys(fullName).length === 0) refuse('RECIPIENT_NAME_INVALID');
}
