import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINUTE, type Harness } from '../testing/harness';
import { confirm, createStation, nthRecipient, openVial, recordDose } from '../testing/scenario';

let h: Harness;

beforeEach(async () => {
  h = await createStation();
});
afterEach(() => h.close());

/** Registers, confirms and vaccinates recipients 0..count-1, a minute apart. */
function vaccinate(count: number) {
  const vial = openVial(h, 'COMIRNATY', { lot: 'LOT-EXP1' });
  const doses = [];
  for (let i = 0; i < count; i += 1) {
    const { recipient, registration } = h.ok('desk', 'recipient.register', nthRecipient(i));
    confirm(h, { registrationId: registration.registrationId, docNumber: recipient.docNumber });
    h.clock.advance(MINUTE);
    doses.push({ recipient, dose: recordDose(h, registration, vial.vialId) });
  }
  return doses;
}

const exportInput = (limit: number, sessionDate = '2026-03-02') => ({
  sessionDate,
  reason: 'Senarai untuk susulan kesan sampingan',
  limit,
});

describe('recipient.export', () => {
  it('exports the effective doses of the day, masked, and audits only the count', () => {
    const doses = vaccinate(3);
    const voided = doses[1];
    if (!voided) throw new Error('no dose');
    h.ok('mgr', 'dose.void', { doseId: voided.dose.doseId, reason: 'Direkod pada penerima salah' });

    const result = h.ok('mgr', 'recipient.export', exportInput(10));
    expect(result.truncated).toBe(false);
    expect(result.rows).toEqual(
      [doses[0], doses[2]].map((entry) => ({
        docNumberMasked: `********${entry?.recipient.docNumber.slice(-4)}`,
        fullName: entry?.recipient.fullName,
        doseNumber: 1,
        productCode: 'COMIRNATY',
        administeredAt: entry?.dose.administeredAt,
      })),
    );

    const audit = h.db.sqlite
      .prepare<[], { detail: string }>(
        "SELECT detail FROM audit_log WHERE action = 'recipient.export' ORDER BY seq DESC LIMIT 1",
      )
      .get();
    expect(JSON.parse(audit?.detail ?? '{}')).toEqual({
      reason: 'Senarai untuk susulan kesan sampingan',
      sessionDate: '2026-03-02',
      rows: 2,
      limit: 10,
      truncated: false,
    });
    expect(audit?.detail).not.toContain('Penerima');
  });

  it('says when the limit cut the export short', () => {
    vaccinate(3);
    const result = h.ok('mgr', 'recipient.export', exportInput(2));
    expect(result.rows).toHaveLength(2);
    expect(result.truncated).toBe(true);
    expect(h.ok('mgr', 'recipient.export', exportInput(3)).truncated).toBe(false);
  });

  it('exports nothing for another date', () => {
    vaccinate(1);
    expect(h.ok('mgr', 'recipient.export', exportInput(10, '2026-03-01'))).toEqual({
      rows: [],
      truncated: false,
    });
  });

  it('refuses more rows than the PPV’s export cap, writing nothing', () => {
    h.ok('admin', 'ppv.updateSettings', {
      name: 'PPV Dewan Komuniti Ujian',
      state: 'W.P. Kuala Lumpur',
      district: 'Kepong',
      myvasEndpoint: null,
      idleLockMinutes: 5,
      exportRowLimit: 3,
      retentionDays: 90,
    });
    const before = h.counts();
    const result = h.call('mgr', 'recipient.export', exportInput(4));
    expect(result.ok ? null : result.error.code).toBe('EXPORT_TOO_LARGE');
    expect(result.ok ? null : result.error.message.en).toContain('3 rows');
    expect(h.counts()).toEqual(before);
    h.ok('mgr', 'recipient.export', exportInput(3));
    expect(h.refused('mgr', 'recipient.export', exportInput(201))).toBe('INVALID_INPUT');
  });

  it('refuses an unreal date, a missing reason, and anyone but a manager', () => {
    const before = h.counts();
    expect(h.refused('mgr', 'recipient.export', exportInput(5, '2026-02-30'))).toBe(
      'INVALID_INPUT',
    );
    expect(h.counts()).toEqual(before);
    expect(h.refused('mgr', 'recipient.export', { ...exportInput(5), reason: 'x' })).toBe(
      'INVALID_INPUT',
    );
    expect(h.refused('admin', 'recipient.export', exportInput(5))).toBe('FORBIDDEN');
    expect(h.refused('desk', 'recipient.export', exportInput(5))).toBe('FORBIDDEN');
  });
});

describe('recipient view with doses', () => {
  it('lists the recipient’s doses, a voided one marked', () => {
    const [entry] = vaccinate(1);
    if (!entry) throw new Error('no dose');
    h.ok('mgr', 'dose.void', { doseId: entry.dose.doseId, reason: 'Direkod pada penerima salah' });
    const view = h.ok('vax', 'recipient.get', { recipientId: entry.recipient.recipientId });
    expect(view.doses).toEqual([
      {
        doseId: entry.dose.doseId,
        doseNumber: 1,
        productCode: 'COMIRNATY',
        series: 'primary',
        administeredAt: entry.dose.administeredAt,
        voided: true,
      },
    ]);
  });
});
