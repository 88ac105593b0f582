import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../testing/harness';
import {
  GTIN,
  arrive,
  cleanRefusal,
  closeDay,
  createStation,
  laterDay,
  openVial,
  openWalkIn,
  recordDose,
  refusedCleanly,
  UNKNOWN_ID,
} from '../testing/scenario';

let h: Harness;
beforeEach(async () => {
  h = await createStation({ openDay: false });
});
afterEach(() => h.close());
const scan = {
  gtin: GTIN.COMIRNATY,
  lot: 'FK1234',
  expiry: '2026-12-31',
  serial: null,
  lotConfirmed: true,
};

describe('vial.open', () => {
  beforeEach(() => {
    openWalkIn(h);
  });

  it('opens a vial of the product its GTIN names, with that product’s doses per vial', () => {
    const vial = h.ok('vax', 'vial.open', scan);
    expect(vial).toMatchObject({
      productCode: 'COMIRNATY',
      productName: 'Comirnaty',
      gtin: GTIN.COMIRNATY,
      lot: 'FK1234',
      expiry: '2026-12-31',
      serial: null,
      dosesPerVial: 6,
      dosesDrawn: 0,
      reconciled: false,
      dosesWasted: null,
    });
    const entry = h.ok('admin', 'audit.list', {}).items[0];
    expect(entry).toMatchObject({ action: 'vial.open', entityType: 'vial', entityId: vial.vialId });
  });

  it('accepts a GTIN-13 and stores it as GTIN-14', () => {
    const vial = h.ok('vax', 'vial.open', { ...scan, gtin: GTIN.VAXZEVRIA.slice(1) });
    expect(vial).toMatchObject({
      productCode: 'VAXZEVRIA',
      gtin: GTIN.VAXZEVRIA,
      dosesPerVial: 10,
    });
  });

  it('returns the vial already open for the same GTIN, lot and serial', () => {
    const first = h.ok('vax', 'vial.open', { ...scan, serial: 'S0001' });
    const vials = h.counts().vials;
    const again = h.ok('vax', 'vial.open', { ...scan, serial: 'S0001' });
    expect(again.vialId).toBe(first.vialId);
    expect(h.counts().vials).toBe(vials);
    expect(h.ok('vax', 'vial.open', { ...scan, serial: 'S0002' }).vialId).not.toBe(first.vialId);
    // Without a serial two vials of one lot cannot be told apart: each scan opens a vial.
    const a = h.ok('vax', 'vial.open', scan);
    const b = h.ok('vax', 'vial.open', scan);
    expect(a.vialId).not.toBe(b.vialId);
  });

  it('refuses a serial not of GS1’s shape (SERIAL_NOT_GS1), opening nothing and echoing nothing', () => {
    const vials = h.counts().vials;
    for (const serial of ['850101 14 5013', 'Siti Aminah', 'S0\u200b001', 'ÉCHANTILLON']) {
      const result = h.call('vax', 'vial.open', { ...scan, serial });
      expect(result.ok ? null : result.error.code).toBe('SERIAL_NOT_GS1');
      if (!result.ok) expect(result.error.message.en).not.toContain(serial.slice(0, 4));
    }
    expect(h.counts().vials).toBe(vials);
    expect(h.ok('vax', 'vial.open', { ...scan, serial: 'AB-12/3.x' }).serial).toBe('AB-12/3.x');
  });

  it('refuses a bad GTIN check digit (GTIN_CHECK_DIGIT)', () => {
    expect(refusedCleanly(h, 'vax', 'vial.open', { ...scan, gtin: '00200000000012' })).toBe(
      'GTIN_CHECK_DIGIT',
    );
  });

  it('refuses a GTIN not in the catalogue (UNKNOWN_PRODUCT)', () => {
    expect(refusedCleanly(h, 'vax', 'vial.open', { ...scan, gtin: '4006381333931' })).toBe(
      'UNKNOWN_PRODUCT',
    );
  });

  it('refuses a lot expired today (VIAL_EXPIRED) and accepts one expiring today', () => {
    expect(refusedCleanly(h, 'vax', 'vial.open', { ...scan, expiry: '2026-03-01' })).toBe(
      'VIAL_EXPIRED',
    );
    expect(h.ok('vax', 'vial.open', { ...scan, expiry: '2026-03-02' }).expiry).toBe('2026-03-02');
  });

  it('refuses an expiry that is no calendar date (INVALID_INPUT)', () => {
    expect(refusedCleanly(h, 'vax', 'vial.open', { ...scan, expiry: '2026-02-30' })).toBe(
      'INVALID_INPUT',
    );
  });

  it('refuses after the PPV closure date (PPV_CLOSED)', () => {
    h.db.sqlite.prepare("UPDATE ppv_settings SET closure_date = '2026-03-01'").run();
    expect(refusedCleanly(h, 'vax', 'vial.open', scan)).toBe('PPV_CLOSED');
  });

  it('is for vaccinators only', () => {
    expect(h.refused('desk', 'vial.open', scan)).toBe('FORBIDDEN');
  });
});

describe('without an open day', () => {
  it('vial.open and vial.reconcile refuse NO_OPEN_DAY; vial.list is empty', () => {
    expect(refusedCleanly(h, 'vax', 'vial.open', scan)).toBe('NO_OPEN_DAY');
    expect(refusedCleanly(h, 'mgr', 'vial.reconcile', { vialId: UNKNOWN_ID, dosesWasted: 0 })).toBe(
      'NO_OPEN_DAY',
    );
    expect(h.ok('vax', 'vial.list', {})).toEqual({ items: [], nextCursor: null });
  });
});

describe('vial.list', () => {
  it('pages through the open day’s vials only', async () => {
    openWalkIn(h);
    const old = openVial(h);
    await laterDay(h, 1);
    const opened = [openVial(h), openVial(h, 'CORONAVAC'), openVial(h, 'VAXZEVRIA')];
    const first = h.ok('mgr', 'vial.list', { limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = h.ok('mgr', 'vial.list', { limit: 2, cursor: first.nextCursor });
    expect(second).toMatchObject({ nextCursor: null });
    const ids = [...first.items, ...second.items].map((vial) => vial.vialId);
    expect(ids.sort()).toEqual(opened.map((vial) => vial.vialId).sort());
    expect(ids).not.toContain(old.vialId);
  });
});

describe('vial.reconcile', () => {
  beforeEach(() => {
    openWalkIn(h);
  });

  it('closes a vial with its wastage', () => {
    const vial = openVial(h);
    const visitor = arrive(h, 1);
    recordDose(h, visitor, vial.vialId);
    const closed = h.ok('mgr', 'vial.reconcile', { vialId: vial.vialId, dosesWasted: 5 });
    expect(closed).toMatchObject({ dosesDrawn: 1, reconciled: true, dosesWasted: 5 });
    expect(h.ok('mgr', 'vial.list', {}).items[0]).toEqual(closed);
    const entry = h.ok('admin', 'audit.list', {}).items[0];
    expect(entry).toMatchObject({ action: 'vial.reconcile', entityId: vial.vialId });
    expect(entry?.detail).toEqual({ dosesDrawn: 1, dosesWasted: 5 });
  });

  it('refuses wastage above what remains (VIAL_WASTAGE_INVALID)', () => {
    const vial = openVial(h);
    const error = cleanRefusal(h, 'mgr', 'vial.reconcile', { vialId: vial.vialId, dosesWasted: 7 });
    expect(error.code).toBe('VIAL_WASTAGE_INVALID');
    expect(error.message.en).toContain('between 0 and 6');
  });

  it('refuses a vial already reconciled (VIAL_CLOSED)', () => {
    const vial = openVial(h);
    h.ok('mgr', 'vial.reconcile', { vialId: vial.vialId, dosesWasted: 6 });
    expect(
      refusedCleanly(h, 'mgr', 'vial.reconcile', { vialId: vial.vialId, dosesWasted: 0 }),
    ).toBe('VIAL_CLOSED');
  });

  it('refuses an unknown vial or one of another day (VIAL_NOT_FOUND)', async () => {
    expect(refusedCleanly(h, 'mgr', 'vial.reconcile', { vialId: UNKNOWN_ID, dosesWasted: 0 })).toBe(
      'VIAL_NOT_FOUND',
    );
    const old = openVial(h);
    closeDay(h);
    await laterDay(h, 1);
    expect(refusedCleanly(h, 'mgr', 'vial.reconcile', { vialId: old.vialId, dosesWasted: 0 })).toBe(
      'VIAL_NOT_FOUND',
    );
  });

  it('is for managers only', () => {
    const vial = openVial(h);
    expect(h.refused('vax', 'vial.reconcile', { vialId: vial.vialId, dosesWasted: 0 })).toBe(
      'FORBIDDEN',
    );
  });
});
