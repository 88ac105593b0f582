import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelOutput } from '../../contract';
import { parseSlipQr, slipQrText } from '../../contract/slip';
import { createHarness, MINUTE, type Harness } from '../testing/harness';
import {
  cleanRefusal,
  newRecipient,
  nthRecipient,
  openWalkIn,
  readCard,
  setUpStation,
  UNKNOWN_ID,
} from '../testing/scenario';

let h: Harness;
let vaccinatorId: string;
let dayId: string;

beforeEach(async () => {
  h = createHarness();
  vaccinatorId = (await setUpStation(h)).vaccinatorId;
  dayId = openWalkIn(h).dayId;
});
afterEach(() => h.close());

describe('queue.list', () => {
  it('pages the waiting queue oldest first with masked numbers', () => {
    const registered: Array<ChannelOutput<'recipient.register'>> = [];
    for (let i = 0; i < 5; i += 1) {
      registered.push(h.ok('desk', 'recipient.register', nthRecipient(i)));
      if (i !== 2) h.clock.advance(MINUTE); // recipients 2 and 3 share an instant
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ChannelOutput<'queue.list'> = h.ok('vax', 'queue.list', { cursor, limit: 2 });
      pages += 1;
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const item of page.items) {
        expect(item.status).toBe('waiting');
        expect(item.presenceConfirmed).toBe(false);
        expect(item.docNumberMasked).toMatch(/^\*{8}\d{4}$/);
        seen.push(item.registrationId);
      }
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(pages).toBe(3);
    const expected = [...registered]
      .map((r) => r.registration)
      .sort(
        (a, b) =>
          a.registeredAt - b.registeredAt || a.registrationId.localeCompare(b.registrationId),
      )
      .map((r) => r.registrationId);
    expect(seen).toEqual(expected);

    const first = h.ok('desk', 'queue.list', { cursor: null, limit: 1 }).items[0];
    expect(first).toEqual({
      registrationId: registered[0]?.registration.registrationId,
      recipientId: registered[0]?.recipient.recipientId,
      fullName: 'Penerima Ujian A',
      docNumberMasked: `********${registered[0]?.recipient.docNumber.slice(-4)}`,
      registeredAt: registered[0]?.registration.registeredAt,
      status: 'waiting',
      presenceConfirmed: false,
    });
  });

  it('lists by status, and an exact page has no next cursor', () => {
    const a = h.ok('desk', 'recipient.register', nthRecipient(0)).registration;
    h.ok('desk', 'recipient.register', nthRecipient(1));
    h.ok('vax', 'registration.setOutcome', {
      registrationId: a.registrationId,
      outcome: 'deferred',
      reason: 'Demam, datang semula minggu depan',
    });
    const waiting = h.ok('mgr', 'queue.list', { cursor: null, limit: 1 });
    expect(waiting.items).toHaveLength(1);
    expect(waiting.nextCursor).toBeNull();
    const deferred = h.ok('mgr', 'queue.list', { cursor: null, limit: 10, status: 'deferred' });
    expect(deferred.items.map((item) => [item.registrationId, item.status])).toEqual([
      [a.registrationId, 'deferred'],
    ]);
  });

  it('is empty without an open day, refuses a forged cursor, and is closed to admins', () => {
    expect(h.refused('vax', 'queue.list', { cursor: 'bm90LWEtY3Vyc29y', limit: 5 })).toBe(
      'INVALID_INPUT',
    );
    expect(h.refused('admin', 'queue.list', { cursor: null, limit: 5 })).toBe('FORBIDDEN');
    h.ok('mgr', 'day.close', {});
    expect(h.ok('vax', 'queue.list', { cursor: null, limit: 5 })).toEqual({
      items: [],
      nextCursor: null,
    });
  });
});

describe('registration.setOutcome', () => {
  /** Registers a walk-in; returns the registration.setOutcome input saying they left. */
  function leavingWalkIn() {
    const { registration } = h.ok('desk', 'recipient.register', newRecipient());
    return {
      registrationId: registration.registrationId,
      outcome: 'left',
      reason: 'Balik awal',
    } as const;
  }

  it('defers a waiting recipient with a reason, kept off the audit log', () => {
    const { registration } = h.ok('desk', 'recipient.register', newRecipient());
    const reason = 'Demam 38.5C, tangguh';
    const view = h.ok('vax', 'registration.setOutcome', {
      registrationId: registration.registrationId,
      outcome: 'deferred',
      reason,
    });
    expect(view).toEqual({ ...registration, status: 'deferred' });
    const stored = h.db.sqlite
      .prepare<[string], { queue_status: string; outcome_reason: string }>(
        'SELECT queue_status, outcome_reason FROM registrations WHERE id = ?',
      )
      .get(registration.registrationId);
    expect(stored).toEqual({ queue_status: 'deferred', outcome_reason: reason });
    expect(h.events.at(-1)).toEqual({ event: 'queue.changed', payload: { dayId, waiting: 0 } });
    const audit = h.db.sqlite
      .prepare<[], { entity_id: string; detail: string }>(
        "SELECT entity_id, detail FROM audit_log WHERE action = 'registration.setOutcome'",
      )
      .get();
    expect(audit?.entity_id).toBe(registration.registrationId);
    expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ outcome: 'deferred', dayId });
    expect(audit?.detail).not.toContain('Demam');
  });

  it('refuses a registration that is not waiting, unknown, or of another day', () => {
    const input = leavingWalkIn();
    h.ok('mgr', 'registration.setOutcome', input);
    expect(cleanRefusal(h, 'mgr', 'registration.setOutcome', input).code).toBe(
      'REGISTRATION_NOT_WAITING',
    );
    expect(
      cleanRefusal(h, 'mgr', 'registration.setOutcome', { ...input, registrationId: UNKNOWN_ID })
        .code,
    ).toBe('REGISTRATION_NOT_FOUND');
    h.ok('mgr', 'day.close', {});
    expect(cleanRefusal(h, 'mgr', 'registration.setOutcome', input).code).toBe('NO_OPEN_DAY');
    openWalkIn(h);
    expect(cleanRefusal(h, 'mgr', 'registration.setOutcome', input).code).toBe(
      'REGISTRATION_NOT_FOUND',
    );
  });

  it('is for vaccinators and managers, with a real reason', () => {
    const input = leavingWalkIn();
    expect(h.refused('desk', 'registration.setOutcome', input)).toBe('FORBIDDEN');
    expect(h.refused('vax', 'registration.setOutcome', { ...input, reason: ' no ' })).toBe(
      'INVALID_INPUT',
    );
  });
});

describe('presence.confirm', () => {
  function presenceOf(registrationId: string) {
    return h.db.sqlite
      .prepare<
        [string],
        {
          presence_method: string | null;
          presence_confirmed_at: number | null;
          presence_confirmed_by: string | null;
        }
      >(
        'SELECT presence_method, presence_confirmed_at, presence_confirmed_by FROM registrations WHERE id = ?',
      )
      .get(registrationId);
  }

  it('confirms by a MyKad read at this station whose chip number is the recipient’s', () => {
    const { recipient, registration } = h.ok('desk', 'recipient.register', newRecipient());
    h.clock.advance(MINUTE);
    const view = h.ok('vax', 'presence.confirm', {
      registrationId: registration.registrationId,
      method: 'MYKAD',
      readId: readCard(h, recipient.docNumber),
    });
    expect(view).toEqual({ ...registration, presenceMethod: 'MYKAD', presenceTypedReason: null });
    expect(presenceOf(registration.registrationId)).toEqual({
      presence_method: 'MYKAD',
      presence_confirmed_at: h.clock.now(),
      presence_confirmed_by: vaccinatorId,
    });
    expect(h.ok('vax', 'queue.list', { cursor: null, limit: 5 }).items[0]?.presenceConfirmed).toBe(
      true,
    );
    expect(h.events.at(-1)).toEqual({ event: 'queue.changed', payload: { dayId, waiting: 1 } });
  });

  it('confirms a MyPR holder by card too', () => {
    const input = newRecipient();
    const { registration } = h.ok(
      'desk',
      'recipient.register',
      newRecipient({ document: { ...input.document, docType: 'MYPR' } }),
    );
    h.ok('vax', 'presence.confirm', {
      registrationId: registration.registrationId,
      method: 'MYKAD',
      readId: readCard(h, input.document.docNumber),
    });
    expect(presenceOf(registration.registrationId)?.presence_method).toBe('MYKAD');
  });

  it('refuses another person’s card, and a card for a passport holder', () => {
    const mine = h.ok('desk', 'recipient.register', nthRecipient(0));
    const theirs = h.ok('desk', 'recipient.register', nthRecipient(1));
    const wrongCard = {
      registrationId: mine.registration.registrationId,
      method: 'MYKAD',
      readId: readCard(h, theirs.recipient.docNumber),
    } as const;
    expect(cleanRefusal(h, 'vax', 'presence.confirm', wrongCard).code).toBe('PRESENCE_MISMATCH');

    const passport = h.ok(
      'desk',
      'recipient.register',
      nthRecipient(2, {
        document: { docType: 'PASSPORT', docNumber: 'A1234567', docCountry: 'IDN' },
      }),
    );
    const cardForPassport = {
      registrationId: passport.registration.registrationId,
      method: 'MYKAD_TYPED',
      scanned: 'A1234567',
      reason: 'Cip kad rosak',
    } as const;
    expect(cleanRefusal(h, 'vax', 'presence.confirm', cardForPassport).code).toBe(
      'PRESENCE_MISMATCH',
    );
  });

  it('confirms by the slip QR, and refuses another slip, a bare token or a mangled QR', () => {
    const mine = h.ok('desk', 'recipient.register', nthRecipient(0)).registration;
    const theirs = h.ok('desk', 'recipient.register', nthRecipient(1)).registration;
    const confirm = (scanned: string) => ({
      registrationId: mine.registrationId,
      method: 'SLIP_QR' as const,
      scanned,
    });
    for (const scanned of [
      slipQrText(theirs.slipToken),
      mine.slipToken,
      slipQrText(`${mine.slipToken.slice(0, -1)}${mine.slipToken.endsWith('A') ? 'B' : 'A'}`),
      `PPVSLIP2:${mine.slipToken}`,
    ]) {
      expect(cleanRefusal(h, 'vax', 'presence.confirm', confirm(scanned)).code).toBe(
        'PRESENCE_MISMATCH',
      );
    }
    h.ok('vax', 'presence.confirm', confirm(`${slipQrText(mine.slipToken)}\r\n`));
    expect(presenceOf(mine.registrationId)?.presence_method).toBe('SLIP_QR');
  });

  it('refuses an unknown registration, one no longer waiting, and non-vaccinators', () => {
    const { registration } = h.ok('desk', 'recipient.register', newRecipient());
    const input = {
      registrationId: registration.registrationId,
      method: 'SLIP_QR',
      scanned: slipQrText(registration.slipToken),
    } as const;
    expect(h.refused('desk', 'presence.confirm', input)).toBe('FORBIDDEN');
    expect(h.refused('mgr', 'presence.confirm', input)).toBe('FORBIDDEN');
    expect(
      cleanRefusal(h, 'vax', 'presence.confirm', { ...input, registrationId: UNKNOWN_ID }).code,
    ).toBe('REGISTRATION_NOT_FOUND');
    h.ok('vax', 'registration.setOutcome', {
      registrationId: registration.registrationId,
      outcome: 'left',
      reason: 'Balik awal',
    });
    expect(cleanRefusal(h, 'vax', 'presence.confirm', input).code).toBe('REGISTRATION_NOT_WAITING');
  });
});

describe('slip QR text', () => {
  it('round-trips a token and rejects anything else', () => {
    const token = 'AAECAwQFBgcICQoLDA0ODw';
    expect(slipQrText(token)).toBe(`PPVSLIP1:${token}`);
    expect(parseSlipQr(slipQrText(token))).toBe(token);
    expect(parseSlipQr(` ${slipQrText(token)}\n`)).toBe(token);
    for (const text of [
      '',
      token,
      'PPVSLIP1:',
      `PPVSLIP1:${token}=`,
      `ppvslip1:${token}`,
      `PPVSLIP1:${token.slice(1)}`,
    ]) {
      expect(parseSlipQr(text)).toBeNull();
    }
  });
});
