/**
 * Malaysia's states and federal territories, the names people write for them, and the postcode
 * ranges Pos Malaysia assigns to each (public knowledge: the first two digits follow the state, and a
 * few places near a border use the neighbouring state's post office and its codes). Data, not code:
 * a postcode found missing is one more range in its state's row.
 */
import { refuse } from '../shared/errors';

export interface MalaysianState {
  /** The name stored and shown. */
  name: string;
  /** Other names and spellings in use (the chip, old forms, English). */
  aliases: readonly string[];
  /** Inclusive ranges of five-digit postcodes, as numbers. */
  postcodes: ReadonlyArray<readonly [number, number]>;
}

/** The names a MyKad chip or a clerk may give all three federal territories at once. */
const FEDERAL_TERRITORIES = ['Wilayah Persekutuan', 'W. Persekutuan', 'W.P.', 'WP'];

export const malaysianStates: readonly MalaysianState[] = [
  { name: 'Perlis', aliases: ['Perlis Indera Kayangan'], postcodes: [[1000, 2800]] },
  {
    name: 'Kedah',
    aliases: ['Kedah Darul Aman'],
    // 34950: Bandar Baharu, served from Perak's range.
    postcodes: [
      [5000, 9810],
      [34950, 34950],
    ],
  },
  { name: 'Pulau Pinang', aliases: ['Penang', 'P. Pinang'], postcodes: [[10000, 14400]] },
  { name: 'Kelantan', aliases: ['Kelantan Darul Naim'], postcodes: [[15000, 18500]] },
  {
    name: 'Terengganu',
    aliases: ['Terengganu Darul Iman', 'Trengganu'],
    postcodes: [[20000, 24300]],
  },
  {
    name: 'Pahang',
    aliases: ['Pahang Darul Makmur'],
    // 39000–39200 Cameron Highlands, 49000 Bukit Fraser, 69000 Genting Highlands.
    postcodes: [
      [25000, 28800],
      [39000, 39200],
      [49000, 49000],
      [69000, 69000],
    ],
  },
  { name: 'Perak', aliases: ['Perak Darul Ridzuan'], postcodes: [[30000, 36810]] },
  {
    name: 'Selangor',
    aliases: ['Selangor Darul Ehsan'],
    // Border areas on Kuala Lumpur's codes: Bandar Sri Damansara 52200, Taman Melawati and Gombak
    // 53100, Pandan Indah 55100, Cheras 56000 and 56100.
    postcodes: [
      [40000, 48300],
      [63000, 68100],
      [52200, 52200],
      [53100, 53100],
      [55100, 55100],
      [56000, 56000],
      [56100, 56100],
    ],
  },
  {
    name: 'W.P. Kuala Lumpur',
    aliases: [
      'Kuala Lumpur',
      'Wilayah Persekutuan Kuala Lumpur',
      'W. Persekutuan (KL)',
      'WP Kuala Lumpur',
      'WPKL',
      'KL',
      ...FEDERAL_TERRITORIES,
    ],
    // 68100: Taman Wahyu and the wholesale market, on Selangor's Batu Caves code.
    postcodes: [
      [50000, 60000],
      [68100, 68100],
    ],
  },
  {
    name: 'W.P. Putrajaya',
    aliases: [
      'Putrajaya',
      'Wilayah Persekutuan Putrajaya',
      'W. Persekutuan (Putrajaya)',
      ...FEDERAL_TERRITORIES,
    ],
    postcodes: [[62000, 62988]],
  },
  {
    name: 'Negeri Sembilan',
    aliases: ['N. Sembilan', 'Negeri Sembilan Darul Khusus'],
    postcodes: [[70000, 73509]],
  },
  { name: 'Melaka', aliases: ['Malacca'], postcodes: [[75000, 78309]] },
  { name: 'Johor', aliases: ['Johore', 'Johor Darul Takzim'], postcodes: [[79000, 86900]] },
  {
    name: 'W.P. Labuan',
    aliases: [
      'Labuan',
      'Wilayah Persekutuan Labuan',
      'W. Persekutuan (Labuan)',
      ...FEDERAL_TERRITORIES,
    ],
    postcodes: [[87000, 87033]],
  },
  { name: 'Sabah', aliases: [], postcodes: [[88000, 91309]] },
  { name: 'Sarawak', aliases: [], postcodes: [[93000, 98859]] },
];

/** A state's name for matching: letters and digits only, upper-case. */
function nameMatchKey(name: string): string {
  return name
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

const statesByName = new Map<string, MalaysianState[]>();
for (const state of malaysianStates) {
  for (const name of [state.name, ...state.aliases]) {
    const key = nameMatchKey(name);
    const named = statesByName.get(key) ?? [];
    if (!named.includes(state)) statesByName.set(key, [...named, state]);
  }
}

export function postcodeInState(postcode: string, state: MalaysianState): boolean {
  if (!/^\d{5}$/.test(postcode)) return false;
  const code = Number(postcode);
  return state.postcodes.some(([from, to]) => code >= from && code <= to);
}

function rangesText(state: MalaysianState): string {
  const five = (code: number) => String(code).padStart(5, '0');
  return state.postcodes
    .map(([from, to]) => (from === to ? five(from) : `${five(from)}–${five(to)}`))
    .join(', ');
}

/**
 * The state a name means, with the postcode to tell the federal territories apart when the name
 * does not ("Wilayah Persekutuan"); `null` when the name is no state's, or the postcode lies in none
 * of the states it may mean.
 */
export function findState(name: string, postcode: string): MalaysianState | null {
  const named = statesByName.get(nameMatchKey(name)) ?? [];
  return named.find((state) => postcodeInState(postcode, state)) ?? null;
}

/**
 * The stored name of the state a person gives, with a postcode inside that state's ranges. Refuses
 * STATE_UNKNOWN (naming the states) or POSTCODE_NOT_IN_STATE (naming the state's ranges).
 */
export function resolveState(name: string, postcode: string): string {
  const named = statesByName.get(nameMatchKey(name));
  if (!named) {
    return refuse('STATE_UNKNOWN', {
      state: name,
      states: malaysianStates.map((state) => state.name).join(', '),
    });
  }
  const state = named.find((candidate) => postcodeInState(postcode, candidate));
  if (!state) {
    return refuse('POSTCODE_NOT_IN_STATE', {
      postcode,
      state: named.length === 1 ? named[0]!.name : name,
      ranges: named.map((candidate) => `${candidate.name} ${rangesText(candidate)}`).join('; '),
    });
  }
  return state.name;
}
