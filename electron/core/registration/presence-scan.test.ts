import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slipQrText } from '../../contract/slip';
import type { Harness } from '../testing/harness';
import { createStation, nthRecipient, refusedCleanly } from '../testing/scenario';
import { dashed } from '../testing/synthetic';

let h: Harness;
beforeEach(() => {
  h = createStation();
});
afterEach(() => h.close());

function register(index: number) {
  const input = nthRecipient(index);
  const { registration } = h.ok('desk', 'recipient.register', input);
  return { docNumber: input.document.docNumber, registration };
}

function presence(registrationId: string) {
  return h.db.sqlite
    .prepare<[string], { presence_method: string | null; presence_confirmed_by: string | null }>(
      'SELECT presence_method, presence_confirmed_by FROM registrations WHERE id = ?',
    )
    .get(registrationId);
}

describe('presence.scan', () => {
  it('a slip picks its own recipient out of the queue and confirms them by slip', () => {
    register(1);
    const second = register(2);
    const entry = h.ok('vax', 'presence.scan', {
      scanned: slipQrText(second.registration.slipToken),
    });
    expect(entry).toMatchObject({
      registrationId: second.registration.registrationId,
      fullName: nthRecipient(2).fullName,
      presenceConfirmed: true,
    });
    expect(presence(second.registration.registrationId)?.presence_method).toBe('SLIP_QR');
    const audited = h.db.sqlite
      .prepare<[string], { action: string }>('SELECT action FROM audit_log WHERE entity_id = ?')
      .all(second.registration.registrationId)
      .map((row) => row.action);
    expect(audited).toContain('presence.scan');
  });

  it('a MyKad number, dashed or not, picks its holder and confirms them by MyKad', () => {
    const first = register(1);
    const entry = h.ok('vax', 'presence.scan', { scanned: dashed(first.docNumber) });
    expect(entry.registrationId).toBe(first.registration.registrationId);
    expect(presence(first.registration.registrationId)?.presence_method).toBe('MYKAD');
  });

  it('scanning an already confirmed recipient again selects them and keeps the first method', () => {
    const first = register(1);
    h.ok('vax', 'presence.scan', { scanned: first.docNumber });
    const again = h.ok('vax', 'presence.scan', {
      scanned: slipQrText(first.registration.slipToken),
    });
    expect(again.presenceConfirmed).toBe(true);
    expect(presence(first.registration.registrationId)?.presence_method).toBe('MYKAD');
  });

  it('refuses a slip or card of no one waiting, with nothing confirmed', () => {
    const first = register(1);
    h.ok('vax', 'registration.setOutcome', {
      registrationId: first.registration.registrationId,
      outcome: 'left',
      reason: 'pulang',
    });
    for (const scanned of [
      slipQrText(first.registration.slipToken),
      first.docNumber,
      slipQrText('A'.repeat(22)),
      'not a code',
    ]) {
      expect(refusedCleanly(h, 'vax', 'presence.scan', { scanned })).toBe('PRESENCE_NOT_IN_QUEUE');
    }
    expect(presence(first.registration.registrationId)?.presence_method).toBeNull();
  });

  it('is the vaccinator’s: a clerk holding the slip cannot confirm presence with it', () => {
    const first = register(1);
    expect(
      h.refused('desk', 'presence.scan', { scanned: slipQrText(first.registration.slipToken) }),
    ).toBe('FORBIDDEN');
    expect(presence(first.registration.registrationId)?.presence_method).toBeNull();
  });
});
