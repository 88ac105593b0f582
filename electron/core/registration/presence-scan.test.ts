import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slipQrText } from '../../contract/slip';
import type { Harness } from '../testing/harness';
import {
  createStation,
  nthRecipient,
  openVial,
  readCard,
  refusedCleanly,
} from '../testing/scenario';
import { dashed } from '../testing/synthetic';

let h: Harness;
beforeEach(async () => {
  h = await createStation();
});
afterEach(() => h.close());

function register(index: number) {
  const input = nthRecipient(index);
  const { registration } = h.ok('desk', 'recipient.register', input);
  return { docNumber: input.document.docNumber, registration };
}

function openAnyVial(): string {
  return openVial(h).vialId;
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
      method: 'SLIP_QR',
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

  it('a MyKad read at this station picks its holder and confirms them by that read', () => {
    const first = register(1);
    const readId = readCard(h, first.docNumber);
    const entry = h.ok('vax', 'presence.scan', { method: 'MYKAD', readId });
    expect(entry.registrationId).toBe(first.registration.registrationId);
    expect(presence(first.registration.registrationId)?.presence_method).toBe('MYKAD');
    // The read is taken: the same read id proves nothing a second time.
    expect(refusedCleanly(h, 'vax', 'presence.scan', { method: 'MYKAD', readId })).toBe(
      'CARD_READ_GONE',
    );
  });

  it('a MyKad number scanned is no card read: refused as a slip, nothing confirmed', () => {
    const first = register(1);
    for (const scanned of [first.docNumber, dashed(first.docNumber)]) {
      expect(refusedCleanly(h, 'vax', 'presence.scan', { method: 'SLIP_QR', scanned })).toBe(
        'PRESENCE_NUMBER_NOT_CARD',
      );
    }
    expect(presence(first.registration.registrationId)?.presence_method).toBeNull();
  });

  it('a MyKad number typed with a reason, dashed or not, confirms its holder as typed', () => {
    const first = register(1);
    const entry = h.ok('vax', 'presence.scan', {
      method: 'MYKAD_TYPED',
      scanned: dashed(first.docNumber),
      reason: 'Cip kad rosak',
    });
    expect(entry.registrationId).toBe(first.registration.registrationId);
    const row = h.db.sqlite
      .prepare<[string], { presence_method: string; presence_typed_reason: string }>(
        'SELECT presence_method, presence_typed_reason FROM registrations WHERE id = ?',
      )
      .get(first.registration.registrationId);
    expect(row).toEqual({ presence_method: 'MYKAD', presence_typed_reason: 'Cip kad rosak' });
  });

  it('a typed number without a reason is refused, nothing confirmed', () => {
    const first = register(1);
    expect(
      refusedCleanly(h, 'vax', 'presence.scan', {
        method: 'MYKAD_TYPED',
        scanned: first.docNumber,
        reason: '',
      }),
    ).toBe('INVALID_INPUT');
    expect(presence(first.registration.registrationId)?.presence_method).toBeNull();
  });

  it('scanning an already confirmed recipient again selects them and keeps the first method', () => {
    const first = register(1);
    h.ok('vax', 'presence.scan', { method: 'MYKAD', readId: readCard(h, first.docNumber) });
    const again = h.ok('vax', 'presence.scan', {
      method: 'SLIP_QR',
      scanned: slipQrText(first.registration.slipToken),
    });
    expect(again.presenceConfirmed).toBe(true);
    expect(presence(first.registration.registrationId)?.presence_method).toBe('MYKAD');
  });

  it('puts the recipient in the vaccinator’s work: the dose preview reads them only after', () => {
    const first = register(1);
    const vial = openAnyVial();
    const preview = { registrationId: first.registration.registrationId, vialId: vial };
    expect(refusedCleanly(h, 'vax', 'dose.preview', preview)).toBe('RECIPIENT_NOT_IN_WORK');
    h.ok('vax', 'presence.scan', {
      method: 'SLIP_QR',
      scanned: slipQrText(first.registration.slipToken),
    });
    expect(h.ok('vax', 'dose.preview', preview).productCode).toBe('COMIRNATY');
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
      slipQrText('A'.repeat(22)),
      'not a code',
    ]) {
      expect(refusedCleanly(h, 'vax', 'presence.scan', { method: 'SLIP_QR', scanned })).toBe(
        'PRESENCE_NOT_IN_QUEUE',
      );
    }
    for (const input of [
      { method: 'MYKAD', readId: readCard(h, first.docNumber) },
      { method: 'MYKAD_TYPED', scanned: first.docNumber, reason: 'Cip kad rosak' },
    ] as const) {
      expect(refusedCleanly(h, 'vax', 'presence.scan', input)).toBe('PRESENCE_NOT_IN_QUEUE');
    }
    expect(presence(first.registration.registrationId)?.presence_method).toBeNull();
  });

  it('is the vaccinator’s: a clerk holding the slip cannot confirm presence with it', () => {
    const first = register(1);
    expect(
      h.refused('desk', 'presence.scan', {
        method: 'SLIP_QR',
        scanned: slipQrText(first.registration.slipToken),
      }),
    ).toBe('FORBIDDEN');
    expect(presence(first.registration.registrationId)?.presence_method).toBeNull();
  });
});
