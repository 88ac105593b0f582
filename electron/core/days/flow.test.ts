import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { myvasRecord } from '../../contract/myvas';
import {
  advance,
  arrive,
  batchRows,
  closeDay,
  createStation,
  laterDay,
  openVial,
  recordDose,
} from '../testing/scenario';
import { MINUTE, TEST_PIN, type Harness } from '../testing/harness';

/** The day's close-out and sealing over the real registration and dose services. */
describe('a day at the PPV, sealed', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createStation();
  });
  afterEach(() => h.close());

  it('blocks close-out until the queue, observations and vials are settled, then seals', async () => {
    const vial = openVial(h);
    const a = arrive(h, 1);
    const b = arrive(h, 2);
    const c = arrive(h, 3);
    await advance(h, MINUTE);
    const doseA = recordDose(h, a, vial.vialId);
    const doseB = recordDose(h, b, vial.vialId);
    h.ok('mgr', 'dose.void', { doseId: doseB.doseId, reason: 'Direkod pada penerima yang salah' });

    const summary = h.ok('mgr', 'day.closeOutSummary', {});
    expect(summary.registrations).toBe(3);
    expect(summary.dosesByProduct).toEqual([{ productCode: 'COMIRNATY', doseNumber: 1, count: 1 }]);
    expect(summary.voids).toBe(1);
    expect(summary.vialsOpened).toBe(1);
    const kinds = summary.blockers.map((blocker) => `${blocker.kind}:${blocker.id}`).sort();
    expect(kinds).toEqual(
      [
        `in-observation:${doseA.doseId}`,
        `incomplete-registration:${b.registrationId}`,
        `incomplete-registration:${c.registrationId}`,
        `unreconciled-vial:${vial.vialId}`,
      ].sort(),
    );
    const before = h.counts();
    expect(h.refused('mgr', 'day.close', {})).toBe('DAY_HAS_BLOCKERS');
    expect(h.counts()).toEqual(before);

    for (const visitor of [b, c]) {
      h.ok('mgr', 'registration.setOutcome', {
        registrationId: visitor.registrationId,
        outcome: 'left',
        reason: 'Pulang sebelum dipanggil',
      });
    }
    const batch = closeDay(h);
    expect(batch.recordCount).toBe(1);
    const rows = batchRows(h, batch.batchId);
    expect(rows.map((row) => row.record_id)).toEqual([doseA.doseId]);
    const hash = createHash('sha256');
    for (const row of rows) hash.update(`${row.canonical}\n`);
    expect(batch.contentHash).toBe(hash.digest('hex'));
    const record = JSON.parse(rows[0]?.canonical ?? '{}') as Record<string, unknown>;
    expect(myvasRecord.safeParse(record).success).toBe(true);
    expect(record).toMatchObject({
      recordType: 'dose',
      sessionDate: '2026-03-02',
      dose: expect.objectContaining({ vaccinatorId: 'VAX01', presence: 'MYKAD', doseNumber: 1 }),
      registration: expect.objectContaining({ channel: 'walk-in', outreachLocation: null }),
    });
  });

  it('carries an amendment and a void made after the seal in the next day’s batch', async () => {
    const vial = openVial(h);
    const a = arrive(h, 1);
    const b = arrive(h, 2);
    await advance(h, MINUTE);
    const doseA = recordDose(h, a, vial.vialId);
    const doseB = recordDose(h, b, vial.vialId);
    const monday = closeDay(h);
    expect(monday.recordCount).toBe(2);

    await laterDay(h, 1);
    const amended = h.ok('mgr', 'dose.amend', {
      doseId: doseA.doseId,
      reason: 'Tapak suntikan salah direkod',
      vialId: vial.vialId,
      administeredAt: doseA.administeredAt,
      site: 'R_DELTOID',
    });
    h.ok('mgr', 'dose.void', { doseId: doseB.doseId, reason: 'Direkod pada penerima yang salah' });
    const tuesday = closeDay(h);
    expect(tuesday.recordCount).toBe(2);
    const records = batchRows(h, tuesday.batchId).map(
      (row) => JSON.parse(row.canonical) as Record<string, unknown>,
    );
    for (const record of records) expect(myvasRecord.safeParse(record).success).toBe(true);
    expect(records).toContainEqual(
      expect.objectContaining({
        recordId: amended.doseId,
        recordType: 'amendment',
        amends: doseA.doseId,
        sessionDate: '2026-03-03',
        dose: expect.objectContaining({ site: 'R_DELTOID' }),
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({
        recordType: 'void',
        amends: doseB.doseId,
        sessionDate: '2026-03-03',
      }),
    );
    expect(batchRows(h, monday.batchId)).toHaveLength(2);
    await h.okAsync('admin', 'auth.unlock', { secret: TEST_PIN });
    expect(h.ok('admin', 'audit.verify', {}).intact).toBe(true);
  });
});
