import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { myvasRecord } from '../../contract/myvas';
import { createHarness, DAY, HOUR, MINUTE, type Harness } from '../testing/harness';
import { batchRows, cleanRefusal, openWalkIn } from '../testing/scenario';
import { createFixtures, type Fixtures } from './fixtures';

describe('close-out and sealing', () => {
  let h: Harness;
  let f: Fixtures;
  beforeEach(async () => {
    h = createHarness();
    await h.setUpPpv();
    f = await createFixtures(h);
  });
  afterEach(() => h.close());

  /** A vaccinated recipient with a released dose from a reconciled vial. */
  function vaccinated(
    dayId: string,
    vialId: string,
    overrides: Parameters<Fixtures['dose']>[3] = {},
  ) {
    const recipientId = f.recipient();
    const registrationId = f.registration(dayId, recipientId);
    return f.dose(dayId, registrationId, vialId, overrides);
  }

  it('summarises the open day: registrations, doses by product and number, vials, wastage, voids', () => {
    expect(h.refused('mgr', 'day.closeOutSummary', {})).toBe('NO_OPEN_DAY');
    const dayId = openWalkIn(h).dayId;
    const vial1 = f.vial(dayId, { dosesDrawn: 4 });
    const vial2 = f.vial(dayId, {
      productCode: 'CORONAVAC',
      gtin: '00200000000110',
      lot: 'CV9',
      dosesPerVial: 1,
      dosesDrawn: 1,
    });
    vaccinated(dayId, vial1);
    vaccinated(dayId, vial1, { doseNumber: 2 });
    vaccinated(dayId, vial1, { doseNumber: 2 });
    vaccinated(dayId, vial2, { productCode: 'CORONAVAC', gtin: '00200000000110', lot: 'CV9' });
    f.voidDose(vaccinated(dayId, vial1), null);
    f.registration(dayId, f.recipient(), { status: 'deferred' });
    f.reconcile(vial1, 2);
    f.reconcile(vial2, 0);

    const summary = h.ok('mgr', 'day.closeOutSummary', {});
    expect(summary.day.dayId).toBe(dayId);
    expect(summary.registrations).toBe(6);
    expect(summary.dosesByProduct).toEqual([
      { productCode: 'COMIRNATY', doseNumber: 1, count: 1 },
      { productCode: 'COMIRNATY', doseNumber: 2, count: 2 },
      { productCode: 'CORONAVAC', doseNumber: 1, count: 1 },
    ]);
    expect(summary.vialsOpened).toBe(2);
    expect(summary.dosesDrawn).toBe(5);
    expect(summary.wastage).toBe(2);
    expect(summary.voids).toBe(1);
    expect(summary.blockers).toEqual([]);
  });

  it('lists each kind of blocker with a short label and the person’s name; the refusal names no one', () => {
    const dayId = openWalkIn(h).dayId;
    const vial = f.vial(dayId, { lot: 'FK1234' });
    const waitingRecipient = f.recipient({ docNumber: '900101140011' });
    const waiting = f.registration(dayId, waitingRecipient, { status: 'waiting' });
    const observed = vaccinated(dayId, vial, { released: false });
    // A MyKad whose birth date digits disagree with the birth date: MyVAS would answer INCOMPLETE.
    const badRecipient = f.recipient({ docNumber: '900102140013' });
    const badDose = f.dose(dayId, f.registration(dayId, badRecipient), vial);

    const { blockers } = h.ok('mgr', 'day.closeOutSummary', {});
    expect(blockers).toEqual([
      {
        kind: 'incomplete-registration',
        id: waiting,
        label: '********0011',
        person: expect.any(String),
        dosesLeft: null,
      },
      {
        kind: 'incomplete-record',
        id: badDose,
        label: 'dose ********0013: recipient.docNumber',
        person: expect.any(String),
        dosesLeft: null,
      },
      {
        kind: 'in-observation',
        id: observed,
        label: expect.stringMatching(/^\*{8}\d{4}$/),
        person: expect.any(String),
        dosesLeft: null,
      },
      {
        kind: 'unreconciled-vial',
        id: vial,
        label: 'COMIRNATY lot FK1234',
        person: null,
        dosesLeft: 6,
      },
    ]);
    // The manager's screen names each person; the refusal to close names no one.
    const names = blockers.map((blocker) => blocker.person).filter((name) => name !== null);
    expect(names).toHaveLength(3);
    const refusal = cleanRefusal(h, 'mgr', 'day.close', {});
    for (const name of names) expect(JSON.stringify(refusal)).not.toContain(name);
  });

  it('refuses to close while a blocker stands, and writes nothing', () => {
    const dayId = openWalkIn(h).dayId;
    f.vial(dayId);
    const error = cleanRefusal(h, 'mgr', 'day.close', {});
    expect(error.code).toBe('DAY_HAS_BLOCKERS');
    expect(error.message.en).toContain('1 items');
    expect(error.details).toEqual({
      blockers: [expect.objectContaining({ kind: 'unreconciled-vial' })],
    });
    expect(h.ok('mgr', 'day.current', {})?.state).toBe('open');
  });

  it('seals the day into a batch whose hash matches the stored canonical records', async () => {
    const dayId = openWalkIn(h).dayId;
    const vial = f.vial(dayId, { dosesDrawn: 3 });
    const doses = [
      vaccinated(dayId, vial),
      vaccinated(dayId, vial),
      vaccinated(dayId, vial, { gtin: null }),
    ];
    f.reconcile(vial, 3);
    await f.later(8 * HOUR);
    const headBefore = h.db.sqlite
      .prepare<[], { hash: string }>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1')
      .get()?.hash;

    const batch = h.ok('mgr', 'day.close', {});
    expect(batch).toMatchObject({
      dayId,
      sessionDate: '2026-03-02',
      recordCount: 3,
      closedAt: h.clock.now(),
      uploadState: 'waiting',
      auditHead: headBefore,
    });
    expect(h.ok('mgr', 'day.current', {})).toBeNull();
    expect(h.events.at(-1)).toEqual({ event: 'day.changed', payload: null });

    const rows = batchRows(h, batch.batchId);
    expect(rows.map((row) => row.record_id)).toEqual([...doses].sort());
    expect(rows.map((row) => row.position)).toEqual([0, 1, 2]);
    const independent = createHash('sha256');
    for (const row of rows) independent.update(`${row.canonical}\n`);
    expect(batch.contentHash).toBe(independent.digest('hex'));

    for (const row of rows) {
      expect(row.canonical).not.toMatch(/\s(?=(?:[^"]*"[^"]*")*[^"]*$)/);
      const record = JSON.parse(row.canonical) as Record<string, unknown>;
      expect(myvasRecord.safeParse(record).success).toBe(true);
      const keys = Object.keys(record);
      expect(keys).toEqual([...keys].sort());
      expect(Object.keys(record.recipient as object)).toEqual(
        Object.keys(record.recipient as object).sort(),
      );
      expect(JSON.stringify(record)).toBe(row.canonical);
    }
    const first = JSON.parse(rows[0]?.canonical ?? '{}') as {
      dose: { administeredAt: string };
      ppvCode: string;
    };
    expect(first.dose.administeredAt).toMatch(/^2026-03-02T08:00:00\+08:00$/);
    expect(first.ppvCode).toBe('PPV-WPKL-0001');

    const day = h.db.sqlite
      .prepare<[string], { state: string; closed_at: number; closed_by: string }>(
        'SELECT state, closed_at, closed_by FROM days WHERE id = ?',
      )
      .get(dayId);
    expect(day).toEqual({ state: 'sealed', closed_at: batch.closedAt, closed_by: f.managerId });
    const entry = h.db.sqlite
      .prepare<[], { action: string; entity_type: string; entity_id: string; detail: string }>(
        'SELECT action, entity_type, entity_id, detail FROM audit_log ORDER BY seq DESC LIMIT 1',
      )
      .get();
    expect(entry).toMatchObject({
      action: 'day.close',
      entity_type: 'batch',
      entity_id: batch.batchId,
    });
    expect(JSON.parse(entry?.detail ?? '{}')).toEqual({
      dayId,
      recordCount: 3,
      contentHash: batch.contentHash,
    });
    expect(h.ok('admin', 'audit.verify', {}).intact).toBe(true);
  });

  it('nothing can be added to a sealed day', () => {
    const dayId = openWalkIn(h).dayId;
    const registrationId = f.registration(dayId, f.recipient());
    h.ok('mgr', 'day.close', {});
    expect(() => f.dose(dayId, registrationId, f.vial(dayId))).toThrow(/DAY_SEALED/);
    expect(h.refused('mgr', 'day.close', {})).toBe('NO_OPEN_DAY');
  });

  it('an outreach day carries its place on outreach records; a walk-in day carries null', () => {
    const location = { place: 'Dewan Orang Ramai Ujian', district: 'Gombak', state: 'Selangor' };
    const dayId = h.ok('mgr', 'day.open', {
      channel: 'outreach',
      outreachLocation: location,
      confirmedTime: h.app.clock.now().at,
    }).dayId;
    const vial = f.vial(dayId);
    const registrationId = f.registration(dayId, f.recipient(), {
      channel: 'outreach',
      phone: null,
    });
    f.dose(dayId, registrationId, vial);
    f.reconcile(vial, 5);
    const batch = h.ok('mgr', 'day.close', {});
    const [row] = batchRows(h, batch.batchId);
    const record = JSON.parse(row?.canonical ?? '{}') as {
      registration: unknown;
      recipient: { phone: unknown };
    };
    expect(record.registration).toEqual({
      channel: 'outreach',
      registeredAt: '2026-03-02T08:00:00+08:00',
      outreachLocation: 'Dewan Orang Ramai Ujian',
    });
    expect(record.recipient.phone).toBeNull();
  });

  it('excludes a dose voided while its day was open', () => {
    const dayId = openWalkIn(h).dayId;
    const vial = f.vial(dayId);
    const kept = vaccinated(dayId, vial);
    const voided = vaccinated(dayId, vial);
    f.voidDose(voided, null);
    f.reconcile(vial, 0);
    const batch = h.ok('mgr', 'day.close', {});
    expect(batch.recordCount).toBe(1);
    expect(batchRows(h, batch.batchId).map((row) => row.record_id)).toEqual([kept]);
  });

  it('voids and amendments made after the seal travel in the next day’s batch', async () => {
    const monday = openWalkIn(h).dayId;
    const vial = f.vial(monday);
    const recipientId = f.recipient();
    const registrationId = f.registration(monday, recipientId);
    const first = f.dose(monday, registrationId, vial);
    const second = vaccinated(monday, vial);
    f.reconcile(vial, 0);
    h.ok('mgr', 'day.close', {});

    await f.later(DAY);
    const tuesday = openWalkIn(h).dayId;
    const tuesdayVial = f.vial(tuesday);
    f.reconcile(tuesdayVial, 6);
    const amendment = f.dose(tuesday, registrationId, vial, {
      recordType: 'amendment',
      amends: first,
      amendReason: 'Tapak suntikan salah direkod',
      recipientId,
      administeredAt: h.clock.now() - DAY,
      recordedAt: h.clock.now(),
    });
    await f.later(MINUTE);
    const voidId = f.voidDose(second, tuesday);
    const summary = h.ok('mgr', 'day.closeOutSummary', {});
    expect(summary.voids).toBe(1);
    expect(summary.blockers).toEqual([]);
    const batch = h.ok('mgr', 'day.close', {});
    expect(batch.recordCount).toBe(2);
    const rows = batchRows(h, batch.batchId);
    const byId = new Map(
      rows.map((row) => [row.record_id, JSON.parse(row.canonical) as Record<string, unknown>]),
    );
    expect(byId.get(amendment)).toMatchObject({
      recordType: 'amendment',
      amends: first,
      reason: 'Tapak suntikan salah direkod',
      sessionDate: '2026-03-03',
      dose: expect.objectContaining({ administeredAt: '2026-03-02T08:00:00+08:00' }),
    });
    expect(byId.get(voidId)).toEqual({
      recordId: voidId,
      recordType: 'void',
      amends: second,
      reason: 'Direkod dalam ralat',
      ppvCode: 'PPV-WPKL-0001',
      sessionDate: '2026-03-03',
      deviceRecordedAt: '2026-03-03T08:01:00+08:00',
      recordedAt: '2026-03-03T08:01:00+08:00',
    });
    for (const record of byId.values()) expect(myvasRecord.safeParse(record).success).toBe(true);
    // Monday's batch is untouched.
    const mondayBatch = h.ok('mgr', 'batch.list', {}).items.find((item) => item.dayId === monday);
    expect(mondayBatch?.recordCount).toBe(2);
  });

  it('lists batches newest first, a page at a time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      openWalkIn(h);
      ids.push(h.ok('mgr', 'day.close', {}).batchId);
      await f.later(DAY);
    }
    const first = h.ok('mgr', 'batch.list', { limit: 2 });
    expect(first.items.map((item) => item.batchId)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).not.toBeNull();
    const second = h.ok('mgr', 'batch.list', { limit: 2, cursor: first.nextCursor });
    expect(second.items.map((item) => item.batchId)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
    expect(h.refused('mgr', 'batch.list', { cursor: 'nonsense' })).toBe('INVALID_INPUT');
    expect(h.refused('vac', 'batch.list', {})).toBe('FORBIDDEN');
  });
});
