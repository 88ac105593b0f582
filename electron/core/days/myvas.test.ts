import { describe, expect, it } from 'vitest';
import { isValidGtin } from '../../contract/formats';
import {
  myvasRecord,
  type MyvasAmendmentRecord,
  type MyvasDoseRecord,
  type MyvasVoidRecord,
} from '../../contract/myvas';

const dose: MyvasDoseRecord = {
  recordId: '01950000-0000-7000-8000-000000000001',
  recordType: 'dose',
  recipient: {
    docType: 'MYKAD',
    docNumber: '900101145677',
    docCountry: 'MYS',
    name: 'PENERIMA UJIAN SATU',
    birthDate: '1990-01-01',
    sex: 'M',
    nationality: 'MYS',
    phone: '+60123456789',
    state: 'Selangor',
    postcode: '52100',
  },
  dose: {
    productCode: 'COMIRNATY',
    gtin: '00200000000011',
    lot: 'LOT001',
    expiry: '2026-12-31',
    doseNumber: 1,
    series: 'primary',
    administeredAt: '2026-03-02T08:15:00+08:00',
    site: 'L_DELTOID',
    vaccinatorId: 'VAC001',
    presence: 'MYKAD',
  },
  registration: {
    channel: 'walk-in',
    registeredAt: '2026-03-02T08:05:00+08:00',
    outreachLocation: null,
  },
  ppvCode: 'PPV-WPKL-0001',
  sessionDate: '2026-03-02',
  deviceRecordedAt: '2026-03-02T08:16:02+08:00',
  recordedAt: '2026-03-02T08:16:00+08:00',
};

const amendment: MyvasAmendmentRecord = {
  ...dose,
  recordId: '01950000-0000-7000-8000-000000000002',
  recordType: 'amendment',
  amends: dose.recordId,
  reason: 'Tapak suntikan salah direkod',
  sessionDate: '2026-03-03',
};

const voidRecord: MyvasVoidRecord = {
  recordId: '01950000-0000-7000-8000-000000000003',
  recordType: 'void',
  amends: dose.recordId,
  reason: 'Direkod pada penerima yang salah',
  ppvCode: 'PPV-WPKL-0001',
  sessionDate: '2026-03-03',
  deviceRecordedAt: '2026-03-03T09:00:00+08:00',
  recordedAt: '2026-03-03T09:00:00+08:00',
};

function issuesOf(record: unknown): string[] {
  const result = myvasRecord.safeParse(record);
  return result.success
    ? []
    : result.error.issues.map((issue) => issue.path.join('.') || '(record)');
}

describe('MyVAS record schema', () => {
  it('accepts well-formed dose, amendment and void records', () => {
    expect(issuesOf(dose)).toEqual([]);
    expect(issuesOf(amendment)).toEqual([]);
    expect(issuesOf(voidRecord)).toEqual([]);
    expect(issuesOf({ ...dose, lateReason: 'Talian internet terputus' })).toEqual([]);
  });

  it('refuses extra fields at every level and missing fields', () => {
    expect(issuesOf({ ...dose, extra: 1 })).not.toEqual([]);
    expect(
      issuesOf({ ...dose, recipient: { ...dose.recipient, email: 'x@example.test' } }),
    ).not.toEqual([]);
    expect(issuesOf({ ...dose, dose: { ...dose.dose, serial: 'S1' } })).not.toEqual([]);
    expect(issuesOf({ ...dose, amends: amendment.recordId })).not.toEqual([]);
    expect(issuesOf({ ...voidRecord, recipient: dose.recipient })).not.toEqual([]);
    expect(issuesOf({ ...voidRecord, lateReason: 'lewat' })).not.toEqual([]);
    const { amends: _amends, ...noAmends } = amendment;
    expect(issuesOf(noAmends)).toContain('amends');
    const { gtin: _gtin, ...noGtin } = dose.dose;
    expect(issuesOf({ ...dose, dose: noGtin })).toContain('dose.gtin');
  });

  it('applies the nullable rules: gtin, phone only for outreach, outreach location by channel', () => {
    expect(issuesOf({ ...dose, dose: { ...dose.dose, gtin: null } })).toEqual([]);
    expect(issuesOf({ ...dose, dose: { ...dose.dose, lot: null } })).toContain('dose.lot');
    expect(issuesOf({ ...dose, recipient: { ...dose.recipient, phone: null } })).toContain(
      'recipient.phone',
    );
    const outreach = {
      ...dose,
      recipient: { ...dose.recipient, phone: null },
      registration: { ...dose.registration, channel: 'outreach', outreachLocation: 'Dewan Ujian' },
    };
    expect(issuesOf(outreach)).toEqual([]);
    expect(
      issuesOf({ ...outreach, registration: { ...outreach.registration, outreachLocation: null } }),
    ).toContain('registration.outreachLocation');
    expect(
      issuesOf({
        ...dose,
        registration: { ...dose.registration, outreachLocation: 'Dewan Ujian' },
      }),
    ).toContain('registration.outreachLocation');
  });

  it('checks formats: uuid, E.164, postcode, GTIN check digit, RFC 3339 with offset, dates', () => {
    expect(issuesOf({ ...dose, recordId: 'not-a-uuid' })).toContain('recordId');
    expect(issuesOf({ ...dose, recipient: { ...dose.recipient, phone: '0123456789' } })).toContain(
      'recipient.phone',
    );
    expect(issuesOf({ ...dose, recipient: { ...dose.recipient, postcode: '5210' } })).toContain(
      'recipient.postcode',
    );
    expect(issuesOf({ ...dose, dose: { ...dose.dose, gtin: '00200000000012' } })).toContain(
      'dose.gtin',
    );
    expect(
      issuesOf({ ...dose, dose: { ...dose.dose, administeredAt: '2026-03-02T08:15:00' } }),
    ).toContain('dose.administeredAt');
    expect(
      issuesOf({ ...dose, dose: { ...dose.dose, administeredAt: '2026-02-30T08:15:00+08:00' } }),
    ).toContain('dose.administeredAt');
    expect(issuesOf({ ...dose, recordedAt: '2026-03-02T00:16:00Z' })).toEqual([]);
    expect(issuesOf({ ...dose, sessionDate: '2026-3-2' })).toContain('sessionDate');
    expect(issuesOf({ ...dose, dose: { ...dose.dose, expiry: '2026-13-01' } })).toContain(
      'dose.expiry',
    );
  });

  it('checks a MyKad or MyPR number against birth date and sex', () => {
    const recipient = dose.recipient;
    expect(issuesOf({ ...dose, recipient: { ...recipient, birthDate: '1990-01-02' } })).toContain(
      'recipient.docNumber',
    );
    expect(issuesOf({ ...dose, recipient: { ...recipient, sex: 'F' } })).toContain(
      'recipient.docNumber',
    );
    expect(issuesOf({ ...dose, recipient: { ...recipient, docType: 'MYPR', sex: 'F' } })).toContain(
      'recipient.docNumber',
    );
    expect(
      issuesOf({
        ...dose,
        recipient: { ...recipient, docType: 'PASSPORT', docNumber: 'A1234567', sex: 'F' },
      }),
    ).toEqual([]);
    expect(
      issuesOf({
        ...dose,
        recipient: { ...recipient, docNumber: '850615085122', birthDate: '1985-06-15', sex: 'F' },
      }),
    ).toEqual([]);
  });

  it('verifies GS1 check digits', () => {
    expect(isValidGtin('00200000000011')).toBe(true);
    expect(isValidGtin('00200000000127')).toBe(true);
    expect(isValidGtin('09506000134352')).toBe(true);
    expect(isValidGtin('09506000134353')).toBe(false);
    expect(isValidGtin('0950600013435')).toBe(false);
  });
});
