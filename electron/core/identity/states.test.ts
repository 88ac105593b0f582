import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors';
import { findState, malaysianStates, postcodeInState, resolveState } from './states';

function refusalOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Each state's capital or main post office, by Pos Malaysia's published codes. */
const knownPostcodes: Array<[string, string]> = [
  ['01000', 'Perlis'], // Kangar
  ['05000', 'Kedah'], // Alor Setar
  ['10000', 'Pulau Pinang'], // George Town
  ['15000', 'Kelantan'], // Kota Bharu
  ['20000', 'Terengganu'], // Kuala Terengganu
  ['25000', 'Pahang'], // Kuantan
  ['39000', 'Pahang'], // Tanah Rata, Cameron Highlands
  ['30000', 'Perak'], // Ipoh
  ['40000', 'Selangor'], // Shah Alam
  ['43000', 'Selangor'], // Kajang
  ['47301', 'Selangor'], // Petaling Jaya
  ['50000', 'W.P. Kuala Lumpur'],
  ['52100', 'W.P. Kuala Lumpur'], // Kepong
  ['62000', 'W.P. Putrajaya'],
  ['70000', 'Negeri Sembilan'], // Seremban
  ['75000', 'Melaka'],
  ['80000', 'Johor'], // Johor Bahru
  ['87000', 'W.P. Labuan'],
  ['88000', 'Sabah'], // Kota Kinabalu
  ['93000', 'Sarawak'], // Kuching
];

describe('the table of states and postcode ranges', () => {
  it('holds the 13 states and 3 federal territories, each name once', () => {
    expect(malaysianStates).toHaveLength(16);
    expect(new Set(malaysianStates.map((state) => state.name)).size).toBe(16);
  });

  it('has well-formed ranges: five digits, from ≤ to', () => {
    for (const state of malaysianStates) {
      expect(state.postcodes.length, state.name).toBeGreaterThan(0);
      for (const [from, to] of state.postcodes) {
        expect(from, state.name).toBeGreaterThanOrEqual(1000);
        expect(to, state.name).toBeLessThanOrEqual(99999);
        expect(from, state.name).toBeLessThanOrEqual(to);
      }
    }
  });

  it('puts each state’s main post office in it', () => {
    for (const [postcode, name] of knownPostcodes) {
      const holders = malaysianStates.filter((state) => postcodeInState(postcode, state));
      expect(
        holders.map((state) => state.name),
        postcode,
      ).toEqual([name]);
    }
  });

  it('shares a postcode between two states only at the borders it names', () => {
    const shared = new Set<number>();
    for (let code = 0; code <= 99999; code += 1) {
      const postcode = String(code).padStart(5, '0');
      const holders = malaysianStates.filter((state) => postcodeInState(postcode, state));
      if (holders.length > 1) shared.add(code);
    }
    // Kedah's Bandar Baharu on Perak's range; Selangor's border areas on Kuala Lumpur's;
    // Kuala Lumpur's Taman Wahyu on Selangor's.
    expect([...shared]).toEqual([34950, 52200, 53100, 55100, 56000, 56100, 68100]);
  });
});

describe('resolveState', () => {
  it('takes the names people write, and stores one', () => {
    expect(resolveState('selangor', '43000')).toBe('Selangor');
    expect(resolveState('SELANGOR DARUL EHSAN', '43000')).toBe('Selangor');
    expect(resolveState('Penang', '10000')).toBe('Pulau Pinang');
    expect(resolveState('Malacca', '75000')).toBe('Melaka');
    expect(resolveState('N. Sembilan', '70000')).toBe('Negeri Sembilan');
    expect(resolveState('Kuala Lumpur', '50000')).toBe('W.P. Kuala Lumpur');
    expect(resolveState('W. PERSEKUTUAN(KL)', '50450')).toBe('W.P. Kuala Lumpur');
  });

  it('tells the federal territories apart by the postcode when the name does not', () => {
    expect(resolveState('WILAYAH PERSEKUTUAN', '50480')).toBe('W.P. Kuala Lumpur');
    expect(resolveState('Wilayah Persekutuan', '62502')).toBe('W.P. Putrajaya');
    expect(resolveState('W.P.', '87000')).toBe('W.P. Labuan');
    expect(findState('WILAYAH PERSEKUTUAN', '43000')).toBeNull();
  });

  it('refuses a postcode outside the state’s ranges, naming them in both languages', () => {
    const error = refusalOf(() => resolveState('Selangor', '10000'));
    expect(error.code).toBe('POSTCODE_NOT_IN_STATE');
    const message = error.toBody().message;
    expect(message.en).toContain('Postcode 10000 is not a postcode of Selangor');
    expect(message.en).toContain('40000–48300');
    expect(message.ms).toContain('Poskod 10000 bukan poskod Selangor');
    expect(refusalOf(() => resolveState('Johor', '12345')).code).toBe('POSTCODE_NOT_IN_STATE');
    expect(refusalOf(() => resolveState('Wilayah Persekutuan', '43000')).code).toBe(
      'POSTCODE_NOT_IN_STATE',
    );
  });

  it('refuses a state it does not know, listing the states', () => {
    const error = refusalOf(() => resolveState('Atlantis', '50000'));
    expect(error.code).toBe('STATE_UNKNOWN');
    expect(error.toBody().message.en).toContain('Johor, ');
  });
});
