import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE, type Harness } from '../testing/harness';
import {
  advance,
  arrive,
  closeDay,
  createStation,
  GTIN,
  laterDay,
  openVial,
  recordDose,
  refusedCleanly,
  UNKNOWN_ID,
  type Visitor,
} from '../testing/scenario';
import { dashed, syntheticName } from '../testing/synthetic';
import { lotFitsReport } from './report';

let h: Harness;
beforeEach(async () => {
  h = await createStation();
});
afterEach(() => h.close());

/** What may name a person, as staff could have typed it into any free-text field of the day. */
function personalTexts(visitors: readonly Visitor[]): string[] {
  return visitors.flatMap((visitor) => [
    syntheticName(visitor.index),
    visitor.docNumber,
    dashed(visitor.docNumber),
    visitor.docNumber.slice(-4),
    '+60123456789',
    '123456789',
  ]);
}

/**
 * A day whose staff wrote a person into every free-text field they could: the void reason, a
 * deferral, an adverse-event note, and two lots: a name opened as "confirmed", a MyKad number
 * delivered. Comirnaty's delivered lot FN1234 gives two doses, one voided (that person then left).
 */
function dayWithFreeText() {
  const day = h.ok('mgr', 'day.current', {});
  if (!day) throw new Error('no open day');
  h.ok('mgr', 'lot.deliver', { gtin: GTIN.COMIRNATY, lot: 'FN1234', expiry: '2027-12-31' });
  const visitors = [1, 2, 3, 4, 5].map((index) => arrive(h, index));
  const [ahmad, second, third, fourth, deferred] = visitors as [
    Visitor,
    Visitor,
    Visitor,
    Visitor,
    Visitor,
  ];
  const delivered = openVial(h, 'COMIRNATY', { lot: 'FN1234' });
  const first = recordDose(h, ahmad, delivered.vialId);
  const voided = recordDose(h, second, delivered.vialId);
  h.ok('mgr', 'dose.void', {
    doseId: voided.doseId,
    reason: `Salah orang: ${syntheticName(second.index)} ${second.docNumber}`,
  });
  h.ok('mgr', 'registration.setOutcome', {
    registrationId: second.registrationId,
    outcome: 'left',
    reason: `${syntheticName(second.index)} pulang`,
  });
  h.ok('vax', 'observation.release', {
    doseId: first.doseId,
    adverseEventNote: `${syntheticName(ahmad.index)} pening, telefon +60123456789`,
  });
  // A name for a lot: with spaces it is refused (LOT_NOT_GS1); without, it is a GS1 lot, not delivered.
  const named = openVial(h, 'CORONAVAC', { lot: 'ALIBINABU' });
  recordDose(h, third, named.vialId);
  // A MyKad number has a GS1 lot's shape: delivered by the manager, it is still not printed.
  h.ok('mgr', 'lot.deliver', {
    gtin: GTIN.CORONAVAC,
    lot: fourth.docNumber,
    expiry: '2027-12-31',
  });
  const numbered = openVial(h, 'CORONAVAC', { lot: fourth.docNumber });
  recordDose(h, fourth, numbered.vialId);
  h.ok('vax', 'registration.setOutcome', {
    registrationId: deferred.registrationId,
    outcome: 'deferred',
    reason: `${syntheticName(deferred.index)} demam`,
  });
  const batch = closeDay(h);
  return { dayId: day.dayId, batch, visitors };
}

describe('day.report', () => {
  it('counts a sealed day by product, dose, lot, void and outcome', () => {
    const { dayId, batch } = dayWithFreeText();
    const report = h.ok('mgr', 'day.report', { dayId });
    expect(report).toMatchObject({
      ppv: { code: 'PPV-WPKL-0001', name: 'PPV Dewan Komuniti Ujian' },
      day: { dayId, sessionDate: '2026-03-02', channel: 'walk-in', outreachArea: null },
      batch: { batchId: batch.batchId, recordCount: batch.recordCount },
      registrations: { total: 5, vaccinated: 3, deferred: 1, left: 1 },
      dosesByProduct: [
        { productCode: 'COMIRNATY', productName: 'Comirnaty', doseNumber: 1, count: 1 },
        { productCode: 'CORONAVAC', productName: 'CoronaVac', doseNumber: 1, count: 2 },
      ],
      dosesTotal: 3,
      voids: 1,
      amendments: 0,
      lateRecords: 0,
      lateReasonGiven: false,
    });
    // Comirnaty's vial gave two doses (one voided: drawn all the same) of six: four wasted. The two CoronaVac vials
    // (one dose each of two) are a lot typed at the station and a JPN number: withheld, counted together.
    expect(report.wastageByLot).toEqual([
      { productCode: 'COMIRNATY', lot: 'FN1234', vials: 1, dosesDrawn: 2, dosesWasted: 4 },
      { productCode: 'CORONAVAC', lot: null, vials: 2, dosesDrawn: 2, dosesWasted: 0 },
    ]);
    expect(report.wastageTotal).toBe(4);
  });

  it('holds no name, document number, phone or free text, wherever staff typed them', () => {
    const { dayId, visitors } = dayWithFreeText();
    const printed = JSON.stringify(h.ok('mgr', 'day.report', { dayId }));
    for (const text of [
      ...personalTexts(visitors),
      'ALIBINABU',
      'Salah orang',
      'demam',
      'pulang',
    ]) {
      expect(printed).not.toContain(text);
    }
    expect(printed).not.toMatch(/"(fullName|docNumber\w*|phone|\w*Note|\w*[rR]eason|place)":/);
  });

  it('leaves an outreach day’s place off the report, free text as it is', async () => {
    closeDay(h);
    await advance(h, DAY);
    h.ok('mgr', 'day.open', {
      channel: 'outreach',
      outreachLocation: {
        place: 'Rumah Siti binti Ujian',
        district: 'Hulu Langat',
        state: 'Selangor',
      },
      confirmedTime: h.app.clock.now().at,
    });
    const day = h.ok('mgr', 'day.current', {});
    closeDay(h);
    const report = h.ok('mgr', 'day.report', { dayId: day?.dayId ?? UNKNOWN_ID });
    expect(report.day.outreachArea).toEqual({ district: 'Hulu Langat', state: 'Selangor' });
    expect(JSON.stringify(report)).not.toContain('Rumah');
  });

  it('counts the amendments of a later day and the late records, never their reasons', async () => {
    const visitor = arrive(h, 1);
    const dose = recordDose(h, visitor, openVial(h, 'COMIRNATY', { lot: 'FN1234' }).vialId);
    const firstDay = h.ok('mgr', 'day.current', {});
    await advance(h, 2 * HOUR);
    await laterDay(h, 1);
    const secondDay = h.ok('mgr', 'day.current', {});
    const vial = openVial(h, 'COMIRNATY', { lot: 'FN5678' });
    h.ok('mgr', 'dose.amend', {
      doseId: dose.doseId,
      reason: `Lot salah untuk ${syntheticName(visitor.index)}`,
      vialId: vial.vialId,
      administeredAt: dose.administeredAt + 10 * MINUTE,
      site: 'R_DELTOID',
    });
    const secondBatch = closeDay(h);
    const firstId = firstDay?.dayId ?? UNKNOWN_ID;
    expect(h.ok('mgr', 'day.report', { dayId: firstId })).toMatchObject({
      amendments: 0,
      lateRecords: 0,
    });

    // Four days on, unsent: the first day's dose and the amendment are late.
    await advance(h, 4 * DAY);
    expect(h.ok('mgr', 'day.report', { dayId: firstId }).lateRecords).toBe(1);
    h.ok('mgr', 'batch.giveLateReason', {
      batchId: secondBatch.batchId,
      reason: `Rangkaian putus; ${syntheticName(visitor.index)} menunggu`,
    });
    const second = h.ok('mgr', 'day.report', { dayId: secondDay?.dayId ?? UNKNOWN_ID });
    expect(second).toMatchObject({
      amendments: 1,
      lateRecords: 1,
      lateReasonGiven: true,
      dosesTotal: 0,
    });
    const printed = JSON.stringify(second);
    for (const text of [...personalTexts([visitor]), 'Rangkaian', 'Lot salah']) {
      expect(printed).not.toContain(text);
    }
  });

  it('is refused for the open day, in words, and for a day that does not exist', () => {
    const day = h.ok('mgr', 'day.current', {});
    const refusal = h.refusal('mgr', 'day.report', { dayId: day?.dayId });
    expect(refusal.code).toBe('DAY_NOT_SEALED');
    expect(refusal.message.en).toContain('02/03/2026 is still open');
    expect(refusal.message.ms).toContain('02/03/2026 masih dibuka');
    expect(refusedCleanly(h, 'mgr', 'day.report', { dayId: UNKNOWN_ID })).toBe('DAY_NOT_FOUND');
    expect(refusedCleanly(h, 'mgr', 'day.report', { dayId: 'not-a-day' })).toBe('INVALID_INPUT');
  });

  it('is the manager’s only: clerk, vaccinator and admin are refused', () => {
    const { dayId } = dayWithFreeText();
    for (const connection of ['desk', 'vax', 'admin']) {
      expect(h.refused(connection, 'day.report', { dayId })).toBe('FORBIDDEN');
    }
    expect(h.refused('nobody', 'day.report', { dayId })).toBe('UNAUTHENTICATED');
  });
});

describe('lots on the report', () => {
  it('withholds a delivered lot written before LOT_NOT_GS1 that is not a GS1 lot', () => {
    h.ok('mgr', 'lot.deliver', { gtin: GTIN.COMIRNATY, lot: 'FN1234', expiry: '2027-12-31' });
    const vial = openVial(h, 'COMIRNATY', { lot: 'FN1234' });
    recordDose(h, arrive(h, 1), vial.vialId);
    // As a database from before the rule may hold them: the same lot, delivered and opened.
    h.db.sqlite.prepare("UPDATE delivered_lots SET lot = 'ALI BIN ABU'").run();
    h.db.sqlite.prepare("UPDATE vials SET lot = 'ALI BIN ABU'").run();
    const day = h.ok('mgr', 'day.current', {});
    if (!day) throw new Error('no open day');
    closeDay(h);
    const report = h.ok('mgr', 'day.report', { dayId: day.dayId });
    expect(report.wastageByLot).toEqual([
      { productCode: 'COMIRNATY', lot: null, vials: 1, dosesDrawn: 1, dosesWasted: 5 },
    ]);
  });

  it.each([
    ['FN1234', true],
    ['J202106045', true],
    ['ABV5300/A-1', true],
    ['ALI BIN ABU', false],
    ['900514145001', false],
    ['LOT900514145001', false],
    ['', false],
    ['A'.repeat(21), false],
  ])('%s: shown %s', (lot, shown) => {
    expect(lotFitsReport(lot)).toBe(shown);
  });
});
