import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE, type Harness } from '../testing/harness';
import { advance, arrive, createStation, refusedCleanly, vaccinate } from '../testing/scenario';

let h: Harness;
beforeEach(async () => {
  h = await createStation();
});
afterEach(() => h.close());

describe('day.dosesByHour', () => {
  it('counts the open day’s doses per Malaysia hour, leaving out void ones and empty hours', async () => {
    // The harness starts at 08:00 Malaysia time (00:00 UTC).
    vaccinate(h, arrive(h, 1));
    await advance(h, 20 * MINUTE);
    vaccinate(h, arrive(h, 2));
    await advance(h, 2 * HOUR);
    const voided = vaccinate(h, arrive(h, 3));
    vaccinate(h, arrive(h, 4));
    h.ok('mgr', 'dose.void', { doseId: voided.doseId, reason: 'Direkod pada orang yang salah' });

    expect(h.ok('mgr', 'day.dosesByHour', {})).toEqual({
      hours: [
        { hour: 8, count: 2 },
        { hour: 10, count: 1 },
      ],
    });
  });

  it('is for the manager only, and needs an open day', () => {
    expect(h.refusal('vax', 'day.dosesByHour', {}).code).toBe('FORBIDDEN');
    const day = h.ok('mgr', 'day.closeOutSummary', {});
    expect(day.blockers).toEqual([]);
    h.ok('mgr', 'day.close', {});
    expect(refusedCleanly(h, 'mgr', 'day.dosesByHour', {})).toBe('NO_OPEN_DAY');
  });
});
