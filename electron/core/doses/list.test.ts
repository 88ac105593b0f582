import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINUTE, type Harness } from '../testing/harness';
import {
  advance,
  arrive,
  closeDay,
  createStation,
  openVial,
  recordDose,
} from '../testing/scenario';

let h: Harness;
beforeEach(async () => {
  h = await createStation();
});
afterEach(() => h.close());

describe('dose.list', () => {
  it('lists the open day’s doses in the order given, masked, named and marked void', async () => {
    const vialId = openVial(h).vialId;
    const first = arrive(h, 1);
    const second = arrive(h, 2);
    await advance(h, 10 * MINUTE);
    const late = recordDose(h, second, vialId);
    const early = recordDose(h, first, vialId, h.clock.now() - 5 * MINUTE);
    h.ok('mgr', 'dose.void', { doseId: late.doseId, reason: 'Direkod pada orang yang salah' });

    const { items, nextCursor } = h.ok('mgr', 'dose.list', {});
    expect(nextCursor).toBeNull();
    expect(items.map((item) => [item.doseId, item.voided])).toEqual([
      [early.doseId, false],
      [late.doseId, true],
    ]);
    expect(items[0]).toEqual({
      doseId: early.doseId,
      recordType: 'dose',
      docNumberMasked: `********${first.docNumber.slice(-4)}`,
      fullName: 'Penerima Ujian C',
      productCode: 'COMIRNATY',
      doseNumber: 1,
      administeredAt: early.administeredAt,
      voided: false,
      presence: 'MYKAD',
    });
  });

  it('pages through doses given at the same instant without losing or repeating one', () => {
    const vialId = openVial(h).vialId;
    const given = [1, 2, 3].map((index) => recordDose(h, arrive(h, index), vialId).doseId);
    const first = h.ok('mgr', 'dose.list', { limit: 2 });
    const second = h.ok('mgr', 'dose.list', { limit: 2, cursor: first.nextCursor });
    expect(second.nextCursor).toBeNull();
    const listed = [...first.items, ...second.items].map((item) => item.doseId);
    expect(listed).toEqual([...given].sort());
  });

  it('shows nothing once the day is sealed, and is for the manager only', () => {
    recordDose(h, arrive(h, 1), openVial(h).vialId);
    expect(h.refusal('vax', 'dose.list', {}).code).toBe('FORBIDDEN');
    closeDay(h);
    expect(h.ok('mgr', 'dose.list', {})).toEqual({ items: [], nextCursor: null });
  });
});
