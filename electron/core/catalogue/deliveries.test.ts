import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../testing/harness';
import { cleanRefusal, createStation, GTIN, refusedCleanly } from '../testing/scenario';

/** A real-looking GTIN (valid check digit) that the synthetic catalogue does not know. */
const REAL_BOX_GTIN = '4006381333931';

let h: Harness;
beforeEach(async () => {
  h = await createStation();
});
afterEach(() => h.close());

const deliver = (lot: string, gtin: string = GTIN.COMIRNATY) =>
  h.ok('mgr', 'lot.deliver', { gtin, lot, expiry: '2027-12-31' });

const vial = (lot: string, extra: { serial?: string | null; lotConfirmed?: boolean } = {}) => ({
  gtin: GTIN.COMIRNATY,
  lot,
  expiry: '2027-12-31',
  serial: extra.serial ?? null,
  ...(extra.lotConfirmed === undefined ? {} : { lotConfirmed: extra.lotConfirmed }),
});

function lastAudit(action: string) {
  const row = h.db.sqlite
    .prepare<[string], { user_id: string; entity_id: string; detail: string }>(
      'SELECT user_id, entity_id, detail FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1',
    )
    .get(action);
  return row && { ...row, detail: JSON.parse(row.detail) as Record<string, unknown> };
}

describe('a vial of a lot the PPV did not receive', () => {
  it('opens at once when its lot was delivered', () => {
    deliver('LOT24C21');
    const opened = h.ok('vax', 'vial.open', vial('LOT24C21', { serial: 'SN0009' }));
    expect(opened.lot).toBe('LOT24C21');
    expect(lastAudit('vial.open')?.detail).toMatchObject({ lotDelivered: true });
  });

  it('is stopped when a scanner merged lot and serial, and nothing is opened', () => {
    deliver('LOT24C21');
    const refusal = cleanRefusal(h, 'vax', 'vial.open', vial('LOT24C21SN0009'));
    expect(refusal.code).toBe('LOT_NOT_DELIVERED');
    expect(refusal.message.en).toContain('LOT24C21SN0009');
    expect(refusal.message.ms).toContain('LOT24C21SN0009');
    expect(h.ok('vax', 'vial.list', { limit: 10, cursor: null }).items).toEqual([]);
  });

  it('opens once the vaccinator confirms the lot shown, and the audit says it was not delivered', () => {
    const opened = h.ok('vax', 'vial.open', vial('LOT-LAIN', { lotConfirmed: true }));
    expect(opened.lot).toBe('LOT-LAIN');
    expect(lastAudit('vial.open')?.detail).toMatchObject({ lotDelivered: false });
  });

  it('asks again for another vial of that lot, but not to reopen the same vial', () => {
    h.ok('vax', 'vial.open', vial('LOT-LAIN', { serial: 'S1', lotConfirmed: true }));
    expect(h.ok('vax', 'vial.open', vial('LOT-LAIN', { serial: 'S1' })).lot).toBe('LOT-LAIN');
    expect(refusedCleanly(h, 'vax', 'vial.open', vial('LOT-LAIN', { serial: 'S2' }))).toBe(
      'LOT_NOT_DELIVERED',
    );
  });

  it('refuses a lot not of GS1’s shape even when the vaccinator confirms it, and opens nothing', () => {
    const refusal = cleanRefusal(
      h,
      'vax',
      'vial.open',
      vial('SITI BINTI ALI', { lotConfirmed: true }),
    );
    expect(refusal.code).toBe('LOT_NOT_GS1');
    expect(refusal.message.en).not.toContain('SITI');
  });
});

describe('lot.deliver', () => {
  it('records a lot once, by the manager, and lists it', () => {
    const first = deliver('LOT24C21');
    expect(first).toMatchObject({
      productCode: 'COMIRNATY',
      productName: 'Comirnaty',
      lot: 'LOT24C21',
    });
    expect(deliver('LOT24C21').lotId).toBe(first.lotId);
    expect(lastAudit('lot.deliver')).toMatchObject({ entity_id: first.lotId });
    const listed = h.ok('vax', 'lot.list', { limit: 10, cursor: null });
    expect(listed.items.map((lot) => lot.lot)).toEqual(['LOT24C21']);
  });

  it('refuses a vaccinator, an expired lot, an unknown GTIN and a second expiry for one lot', () => {
    expect(
      h.refused('vax', 'lot.deliver', { gtin: GTIN.COMIRNATY, lot: 'X1', expiry: '2027-12-31' }),
    ).toBe('FORBIDDEN');
    expect(
      refusedCleanly(h, 'mgr', 'lot.deliver', {
        gtin: GTIN.COMIRNATY,
        lot: 'OLD1',
        expiry: '2025-01-31',
      }),
    ).toBe('VIAL_EXPIRED');
    expect(
      refusedCleanly(h, 'mgr', 'lot.deliver', {
        gtin: REAL_BOX_GTIN,
        lot: 'R1',
        expiry: '2027-12-31',
      }),
    ).toBe('UNKNOWN_PRODUCT');
    deliver('LOT24C21');
    expect(
      refusedCleanly(h, 'mgr', 'lot.deliver', {
        gtin: GTIN.COMIRNATY,
        lot: 'LOT24C21',
        expiry: '2028-01-31',
      }),
    ).toBe('INVALID_INPUT');
  });

  it.each([
    ['a name', 'ALI BIN ABU'],
    ['a number with spaces', '900514 14 5001'],
    ['a mark outside GS1’s set', 'LOT#24'],
    ['an accented letter', 'LOTÉ1'],
    ['a GS left in', 'LOT24\u001d21SN1'],
  ])('refuses %s as a delivered lot, in both languages, with nothing written', (_what, lot) => {
    const refusal = cleanRefusal(h, 'mgr', 'lot.deliver', {
      gtin: GTIN.COMIRNATY,
      lot,
      expiry: '2027-12-31',
    });
    expect(refusal.code).toBe('LOT_NOT_GS1');
    expect(refusal.message.ms).toContain('tanpa ruang');
    expect(refusal.message.en).toContain('with no spaces');
    expect(refusal.message.en).not.toContain(lot);
    expect(h.ok('mgr', 'lot.list', { limit: 10, cursor: null }).items).toEqual([]);
  });

  it('takes a lot of every mark GS1 allows, at its full 20 characters', () => {
    expect(deliver('AB-12./C:3_d(4)+5;6?').lot).toBe('AB-12./C:3_d(4)+5;6?');
  });

  it('pages the list', () => {
    for (const lot of ['A1', 'A2', 'A3']) deliver(lot);
    const first = h.ok('mgr', 'lot.list', { limit: 2, cursor: null });
    expect(first.items).toHaveLength(2);
    const rest = h.ok('mgr', 'lot.list', { limit: 2, cursor: first.nextCursor });
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
  });
});

describe('catalogue.attachGtin', () => {
  it('attaches a real box’s GTIN to its product, audited; its vials then open as that product', () => {
    expect(
      h.ok('mgr', 'catalogue.attachGtin', { gtin: REAL_BOX_GTIN, productCode: 'COMIRNATY' }),
    ).toEqual({ gtin: `0${REAL_BOX_GTIN}`, productCode: 'COMIRNATY' });
    expect(lastAudit('catalogue.attachGtin')).toMatchObject({
      entity_id: 'COMIRNATY',
      detail: { gtin: `0${REAL_BOX_GTIN}`, productCode: 'COMIRNATY' },
    });
    const products = h.ok('mgr', 'catalogue.products', {});
    expect(products.find((p) => p.code === 'COMIRNATY')?.gtins).toContain(`0${REAL_BOX_GTIN}`);
    h.ok('mgr', 'lot.deliver', { gtin: REAL_BOX_GTIN, lot: 'R1', expiry: '2027-12-31' });
    const opened = h.ok('vax', 'vial.open', { ...vial('R1'), gtin: REAL_BOX_GTIN });
    expect(opened).toMatchObject({ productCode: 'COMIRNATY', dosesPerVial: 6 });
  });

  it('refuses a GTIN already known, a wrong check digit, an unknown product and a vaccinator', () => {
    const known = refusedCleanly(h, 'mgr', 'catalogue.attachGtin', {
      gtin: GTIN.COMIRNATY,
      productCode: 'CORONAVAC',
    });
    expect(known).toBe('GTIN_ALREADY_KNOWN');
    expect(
      refusedCleanly(h, 'mgr', 'catalogue.attachGtin', {
        gtin: '4006381333932',
        productCode: 'COMIRNATY',
      }),
    ).toBe('GTIN_CHECK_DIGIT');
    expect(
      refusedCleanly(h, 'mgr', 'catalogue.attachGtin', {
        gtin: REAL_BOX_GTIN,
        productCode: 'NO-SUCH',
      }),
    ).toBe('UNKNOWN_PRODUCT');
    expect(
      h.refused('vax', 'catalogue.attachGtin', { gtin: REAL_BOX_GTIN, productCode: 'COMIRNATY' }),
    ).toBe('FORBIDDEN');
  });
});
