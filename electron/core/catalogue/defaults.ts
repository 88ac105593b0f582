import type { Catalogue } from './types';

/**
 * The catalogue the console ships with. It is data: a PPV can replace or extend it.
 *
 * GTINs: the real GTINs printed on the vials are not known here. Each product carries two SYNTHETIC
 * GTIN-14s in the GS1 restricted-circulation range (prefix 02), with valid check digits, so they can
 * never collide with a real trade item. They are placeholders: the PPV replaces them with the GTINs
 * on the vials it receives.
 *
 * Interval rules: Malaysia's published minimum intervals, from MOH (Kementerian Kesihatan Malaysia)
 * announcements reported in 2021, as listed in SPEC.md. Where the SPEC gives only a month, the rule
 * takes effect on the 1st of that month. Two dates are assumptions, marked below.
 */
export const defaultCatalogue: Catalogue = {
  products: [
    {
      code: 'COMIRNATY',
      name: 'Comirnaty',
      manufacturer: 'Pfizer-BioNTech',
      dosesPerVial: 6,
      primaryDoses: 2,
      boosterApproved: true,
      gtins: ['00200000000011', '00200000000028'], // synthetic placeholders
    },
    {
      code: 'CORONAVAC',
      name: 'CoronaVac',
      manufacturer: 'Sinovac',
      dosesPerVial: 1,
      primaryDoses: 2,
      boosterApproved: true,
      gtins: ['00200000000110', '00200000000127'], // synthetic placeholders
    },
    {
      code: 'VAXZEVRIA',
      name: 'Vaxzevria',
      manufacturer: 'AstraZeneca',
      dosesPerVial: 10,
      primaryDoses: 2,
      boosterApproved: true,
      gtins: ['00200000000219', '00200000000226'], // synthetic placeholders
    },
    {
      code: 'CONVIDECIA',
      name: 'Convidecia',
      manufacturer: 'CanSino Biologics',
      dosesPerVial: 1,
      primaryDoses: 1, // single-dose primary series: no primary interval rule
      boosterApproved: false,
      gtins: ['00200000000318', '00200000000325'], // synthetic placeholders
    },
  ],
  intervalRules: [
    {
      id: 'COMIRNATY-P2-2021-02-24',
      productCode: 'COMIRNATY',
      series: 'primary',
      doseNumber: 2,
      minDays: 21,
      minMonths: null,
      maxDays: null,
      effectiveFrom: '2021-02-24',
      source: 'MOH announcement reported 2021: Comirnaty dose 2 at least 21 days after dose 1',
    },
    {
      id: 'CORONAVAC-P2-2021-03-01',
      productCode: 'CORONAVAC',
      series: 'primary',
      doseNumber: 2,
      minDays: 14,
      minMonths: null,
      maxDays: null,
      effectiveFrom: '2021-03-01',
      source: 'MOH announcement reported 2021 (from March 2021): CoronaVac dose 2 at least 14 days',
    },
    {
      // ASSUMPTION: the SPEC says only "later 14–28 days"; 2021-07-01 is an assumed effective date.
      id: 'CORONAVAC-P2-2021-07-01',
      productCode: 'CORONAVAC',
      series: 'primary',
      doseNumber: 2,
      minDays: 14,
      minMonths: null,
      maxDays: 28,
      effectiveFrom: '2021-07-01',
      source:
        'MOH announcement reported 2021: CoronaVac dose 2 at 14–28 days (effective date assumed)',
    },
    {
      id: 'VAXZEVRIA-P2-2021-05-01',
      productCode: 'VAXZEVRIA',
      series: 'primary',
      doseNumber: 2,
      minDays: 84,
      minMonths: null,
      maxDays: null,
      effectiveFrom: '2021-05-01',
      source: 'MOH announcement reported 2021 (May 2021): Vaxzevria dose 2 at least 12 weeks',
    },
    {
      id: 'VAXZEVRIA-P2-2021-07-01',
      productCode: 'VAXZEVRIA',
      series: 'primary',
      doseNumber: 2,
      minDays: 63,
      minMonths: null,
      maxDays: null,
      effectiveFrom: '2021-07-01',
      source: 'MOH announcement reported 2021 (from July 2021): Vaxzevria dose 2 at least 9 weeks',
    },
    {
      id: 'VAXZEVRIA-P2-2021-10-01',
      productCode: 'VAXZEVRIA',
      series: 'primary',
      doseNumber: 2,
      minDays: 42,
      minMonths: null,
      maxDays: null,
      effectiveFrom: '2021-10-01',
      source:
        'MOH announcement reported 2021 (from October 2021): Vaxzevria dose 2 at least 6 weeks',
    },
    {
      // ASSUMPTION: the SPEC gives no start date for the 6-month booster rule; 2021-10-13 is assumed.
      id: 'BOOSTER-2021-10-13',
      productCode: null,
      series: 'booster',
      doseNumber: null,
      minDays: null,
      minMonths: 6,
      maxDays: null,
      effectiveFrom: '2021-10-13',
      source:
        'MOH announcement reported 2021: booster at least 6 months after the primary series (start date assumed)',
    },
    {
      id: 'BOOSTER-2021-12-28',
      productCode: null,
      series: 'booster',
      doseNumber: null,
      minDays: null,
      minMonths: 3,
      maxDays: null,
      effectiveFrom: '2021-12-28',
      source:
        'MOH announcement reported 2021: booster at least 3 months after, from 28 December 2021',
    },
  ],
};
