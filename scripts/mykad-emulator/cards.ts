import {
  SYNTHETIC_MYKAD,
  type SyntheticMyKad,
} from '../../electron/devices/mykad/testing/card-image';

/** How a played card behaves besides its data. */
export interface EmulatedCard {
  /** What the chip holds; absent for a card without the JPN applet. */
  mykad: SyntheticMyKad | null;
  /** The largest set-length or read the chip accepts; above it answers `6A 80` / `6C xx`. */
  maxChunk: number;
  /** Status word answered to the JPN select instead of `61 05`. */
  selectStatus?: number;
  /** Drop the connection (the card is pulled) when this many APDUs have been answered. */
  pullAfterApdus?: number;
  /** Stop answering (a dirty contact) when this many APDUs have been answered. */
  hangAfterApdus?: number;
}

const base: EmulatedCard = { mykad: SYNTHETIC_MYKAD, maxChunk: 0xfc };

/** The synthetic cards the emulator plays, by name. */
export const cards = {
  /** A well-formed card. */
  normal: base,
  /** A 150-character name and NUL-padded fields. */
  'long-name': {
    ...base,
    mykad: {
      ...SYNTHETIC_MYKAD,
      name: 'WAN NUR ALYA QISTINA BINTI WAN MUHAMMAD HAFIZUDDIN SYED ABDUL RAHMAN AL-HADDAD KAMARULZAMAN IBNI TENGKU SULAIMAN SHAH ZAINAL ABIDIN MAHMUD KASIM BAKAR',
      gmpcName: 'WAN NUR ALYA QISTINA BINTI WAN',
      kptName: 'WAN NUR ALYA QISTINA BT WAN MUHAMMAD',
      padding: '\0',
      addressLines: ['LOT 12 JALAN CONTOH', '', ''],
    },
  },
  /** An older chip: reads above 0xF0 bytes fail. */
  'old-chip': { ...base, maxChunk: 0xf0 },
  /** A card without the JPN applet (a bank card, say). */
  'not-mykad': { mykad: null, maxChunk: 0xfc },
  /** A card the issuer blocked. */
  blocked: { ...base, selectStatus: 0x6983 },
  /** Pulled out after the select and the first chunk. */
  pulled: { ...base, pullAfterApdus: 5 },
  /** Stops answering after the select and the first chunk. */
  hung: { ...base, hangAfterApdus: 5 },
  /** The IC number says male (odd last digit), the sex byte says P. */
  'sex-mismatch': { ...base, mykad: { ...SYNTHETIC_MYKAD, docNumber: '900101145671' } },
  /** Place-of-birth code 00, which no one is born in. */
  'bad-place-code': { ...base, mykad: { ...SYNTHETIC_MYKAD, docNumber: '900101005672' } },
  /** The number's YYMMDD (900102) is not the chip's birth date (1990-01-01). */
  'birth-date-mismatch': { ...base, mykad: { ...SYNTHETIC_MYKAD, docNumber: '900102145672' } },
} satisfies Record<string, EmulatedCard>;

export type CardName = keyof typeof cards;

export function isCardName(name: string): name is CardName {
  return Object.hasOwn(cards, name);
}
