// What the desk is shown of a returning recipient: the next dose by the catalogue's interval rules
// in force today, and the phone they gave last time. Through the dispatcher, on a real database.
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../testing/harness';
import {
  arrive,
  confirm,
  createStation,
  laterDay,
  nthRecipient,
  vaccinate,
} from '../testing/scenario';

let h: Harness;
afterEach(() => h.close());

function found(index: number) {
  const recipient = h.ok('desk', 'recipient.findByDocument', {
    ...nthRecipient(index).document,
  });
  if (!recipient) throw new Error('not found');
  return recipient;
}

describe('a returning recipient at the desk', async () => {
  it('shows the second dose held back until the interval rule allows it, then due', async () => {
    h = await createStation();
    const visitor = arrive(h, 0);
    vaccinate(h, visitor, 'COMIRNATY');

    await laterDay(h, 20);
    expect(found(0).nextDose).toEqual({
      doseNumber: 2,
      series: 'primary',
      productCode: 'COMIRNATY',
      earliestDate: '2026-03-23',
      eligibleToday: false,
      thenDueFrom: '2026-06-22',
    });
    await laterDay(h, 1);
    expect(found(0).nextDose).toMatchObject({ earliestDate: '2026-03-23', eligibleToday: true });
  });

  it('a voided dose does not count', async () => {
    h = await createStation();
    const visitor = arrive(h, 0);
    const dose = vaccinate(h, visitor, 'COMIRNATY');
    h.ok('mgr', 'dose.void', { doseId: dose.doseId, reason: 'Direkod silap' });
    expect(found(0).nextDose).toMatchObject({ doseNumber: 1, eligibleToday: true });
  });

  it("numbers each day's registrations from 1, for the slip", async () => {
    h = await createStation();
    const first = h.ok('desk', 'recipient.register', nthRecipient(0));
    const second = h.ok('desk', 'recipient.register', nthRecipient(1));
    expect([first.registration.queueNumber, second.registration.queueNumber]).toEqual([1, 2]);
    for (const [index, { registration }] of [first, second].entries()) {
      const visitor = {
        registrationId: registration.registrationId,
        docNumber: nthRecipient(index).document.docNumber,
      };
      confirm(h, visitor);
      vaccinate(h, visitor, 'CONVIDECIA');
    }
    await laterDay(h, 1);
    const again = h.ok('desk', 'registration.create', {
      recipientId: second.recipient.recipientId,
      phone: '0123456789',
      consent: true,
    });
    expect(again.queueNumber).toBe(1);
  });

  it('is shown only for a recipient in the caller’s work: found by document, or present', async () => {
    h = await createStation();
    const visitor = arrive(h, 0);
    vaccinate(h, visitor, 'CONVIDECIA');
    await h.staff('vax2', ['vaccinator']);
    // Another vaccinator, who confirmed nobody, reads neither the next dose nor the last phone.
    expect(h.refused('vax2', 'recipient.get', { recipientId: visitor.recipientId })).toBe(
      'RECIPIENT_NOT_IN_WORK',
    );
    expect(h.refused('vax2', 'recipient.findByDocument', { ...nthRecipient(0).document })).toBe(
      'RECIPIENT_NOT_IN_WORK',
    );
    // The clerk who finds them by document has them in work, and is shown both.
    expect(found(0)).toMatchObject({ lastPhone: '+60123456789', nextDose: { doseNumber: 2 } });
  });

  it('carries the phone given at the latest registration, as E.164', async () => {
    h = await createStation();
    vaccinate(h, arrive(h, 0), 'CONVIDECIA');
    expect(found(0).lastPhone).toBe('+60123456789');
    await laterDay(h, 1);
    h.ok('desk', 'registration.create', {
      recipientId: found(0).recipientId,
      phone: '011-2345 6789',
      consent: true,
    });
    expect(found(0).lastPhone).toBe('+601123456789');
  });
});
