import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINUTE, type Harness } from '../testing/harness';
import { arrive, createStation, laterDay, nthRecipient, vaccinate } from '../testing/scenario';

let h: Harness;
beforeEach(async () => {
  h = await createStation();
});
afterEach(() => h.close());

const list = (limit = 25, cursor: string | null = null) =>
  h.ok('vax', 'observation.list', { limit, cursor });

describe('observation.list', () => {
  it('lists a dose in observation with its recipient, masked document and end time', () => {
    const visitor = arrive(h, 1);
    const dose = vaccinate(h, visitor);
    const { items, nextCursor } = list();
    expect(nextCursor).toBeNull();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      doseId: dose.doseId,
      fullName: nthRecipient(1).fullName,
      administeredAt: dose.administeredAt,
      observationEndsAt: dose.administeredAt + 15 * MINUTE,
    });
    expect(items[0]?.docNumberMasked).not.toBe(visitor.docNumber);
    expect(items[0]?.docNumberMasked.slice(-4)).toBe(visitor.docNumber.slice(-4));
  });

  it('leaves out released and void doses', () => {
    const released = vaccinate(h, arrive(h, 1));
    const voided = vaccinate(h, arrive(h, 2));
    const waiting = vaccinate(h, arrive(h, 3));
    h.ok('vax', 'observation.release', { doseId: released.doseId });
    h.ok('mgr', 'dose.void', { doseId: voided.doseId, reason: 'Direkod pada orang yang salah' });
    expect(list().items.map((item) => item.doseId)).toEqual([waiting.doseId]);
  });

  it('pages through every open observation once', () => {
    const doses = [1, 2, 3].map((index) => vaccinate(h, arrive(h, index)).doseId);
    const first = list(2);
    expect(first.items).toHaveLength(2);
    const second = list(2, first.nextCursor);
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((item) => item.doseId).sort()).toEqual(
      [...doses].sort(),
    );
  });

  it('is empty when no day is open', async () => {
    vaccinate(h, arrive(h, 1));
    await laterDay(h, 1);
    expect(list().items).toEqual([]);
  });

  it('is for vaccinators and managers only', () => {
    expect(h.ok('mgr', 'observation.list', {}).items).toEqual([]);
    expect(h.refused('desk', 'observation.list', {})).toBe('FORBIDDEN');
  });
});
