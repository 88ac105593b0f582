import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../testing/harness';
import { arrive, createStation, laterDay, openVial, returns, vaccinate } from '../testing/scenario';

let h: Harness;
beforeEach(async () => {
  h = await createStation();
});
afterEach(() => h.close());

describe('dose.preview', async () => {
  it('shows the dose number, product and age a first dose would have, writing nothing', async () => {
    const visitor = arrive(h, 1);
    const vial = openVial(h);
    const before = h.counts();
    const preview = h.ok('vax', 'dose.preview', {
      registrationId: visitor.registrationId,
      vialId: vial.vialId,
    });
    expect(preview).toMatchObject({
      doseNumber: 1,
      productCode: 'COMIRNATY',
      eligible: true,
      refusal: null,
    });
    expect(preview.ageYears).toBeGreaterThan(17);
    expect(h.counts()).toEqual(before);
  });

  it('says a second dose is not due yet, with the refusal dose.record gives', async () => {
    const visitor = arrive(h, 1);
    vaccinate(h, visitor);
    await laterDay(h, 3);
    const again = returns(h, visitor);
    const vial = openVial(h);
    const preview = h.ok('vax', 'dose.preview', {
      registrationId: again.registrationId,
      vialId: vial.vialId,
    });
    const recorded = h.refused('vax', 'dose.record', {
      registrationId: again.registrationId,
      vialId: vial.vialId,
      administeredAt: h.clock.now(),
      site: 'L_DELTOID',
    });
    expect(preview).toMatchObject({ doseNumber: 2, eligible: false });
    expect(preview.refusal?.code).toBe(recorded);
  });

  it('tells the same next dose as the registration desk: one rule for both', async () => {
    const visitor = arrive(h, 1);
    vaccinate(h, visitor);
    await laterDay(h, 3);
    const again = returns(h, visitor);
    const preview = h.ok('vax', 'dose.preview', {
      registrationId: again.registrationId,
      vialId: openVial(h).vialId,
    });
    const desk = h.ok('vax', 'recipient.get', { recipientId: visitor.recipientId });
    expect(desk.nextDose.eligibleToday).toBe(false);
    expect(preview).toMatchObject({
      doseNumber: desk.nextDose.doseNumber,
      dueFrom: desk.nextDose.earliestDate,
      eligible: desk.nextDose.eligibleToday,
    });
  });

  it('counts the second dose once its interval has passed', async () => {
    const visitor = arrive(h, 1);
    vaccinate(h, visitor);
    await laterDay(h, 30);
    const again = returns(h, visitor);
    const preview = h.ok('vax', 'dose.preview', {
      registrationId: again.registrationId,
      vialId: openVial(h).vialId,
    });
    expect(preview).toMatchObject({ doseNumber: 2, eligible: true });
  });
});
