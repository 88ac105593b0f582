/**
 * Presence by MyKad means a card read at this station whose chip number is the recipient's; a number
 * typed by hand is its own method, with a reason, shown on the record (SPEC.md, Security and privacy).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelInput } from '../../contract';
import { HELD_FOR_MS } from '../devices/desk';
import { MINUTE, type Harness } from '../testing/harness';
import {
  cleanRefusal,
  createStation,
  nthRecipient,
  readCard,
  vaccinate,
  type Visitor,
} from '../testing/scenario';

let h: Harness;
beforeEach(async () => {
  h = await createStation();
});
afterEach(() => h.close());

function register(index: number): Visitor {
  const input = nthRecipient(index);
  const { recipient, registration } = h.ok('desk', 'recipient.register', input);
  return {
    index,
    docNumber: input.document.docNumber,
    recipientId: recipient.recipientId,
    registrationId: registration.registrationId,
  };
}

function byCard(visitor: Visitor, readId: string): ChannelInput<'presence.confirm'> {
  return { registrationId: visitor.registrationId, method: 'MYKAD', readId };
}

/** Calls on the vaccinator's session as if from a paired desk (a station of its own). */
function fromDesk(deskId: string, channel: 'presence.confirm' | 'card.take', input: unknown) {
  return h.app.dispatchSync(channel, input, {
    connectionId: 'vax',
    stationId: 'test-station',
    desk: { id: deskId, name: 'Meja vaksin 4' },
  });
}

describe('presence by MyKad', () => {
  it('takes a read at this station and keeps its id on the registration', () => {
    const visitor = register(1);
    const readId = readCard(h, visitor.docNumber);
    h.ok('vax', 'presence.confirm', byCard(visitor, readId));
    const row = h.db.sqlite
      .prepare('SELECT presence_method, presence_read_id FROM registrations WHERE id = ?')
      .get(visitor.registrationId);
    expect(row).toEqual({ presence_method: 'MYKAD', presence_read_id: readId });
  });

  it('refuses a read made at another station, and leaves it for that one', () => {
    const visitor = register(1);
    const readId = readCard(h, visitor.docNumber);
    const before = h.counts();
    const elsewhere = fromDesk('desk-vax-4', 'presence.confirm', byCard(visitor, readId));
    expect(elsewhere.ok ? null : elsewhere.error.code).toBe('CARD_READ_GONE');
    const taken = fromDesk('desk-vax-4', 'card.take', { readId });
    expect(taken.ok ? null : taken.error.code).toBe('CARD_READ_GONE');
    expect(h.counts()).toEqual(before);

    // A read at the desk's own reader is the desk's, and not the hub's screens'.
    const deskRead = readCard(h, visitor.docNumber, { station: 'desk-vax-4' });
    expect(h.refused('vax', 'presence.confirm', byCard(visitor, deskRead))).toBe('CARD_READ_GONE');
    const atDesk = fromDesk('desk-vax-4', 'presence.confirm', byCard(visitor, deskRead));
    expect(atDesk.ok).toBe(true);
  });

  it('refuses a read whose chip number is someone else’s', () => {
    const visitor = register(1);
    const other = register(2);
    const input = byCard(visitor, readCard(h, other.docNumber));
    expect(cleanRefusal(h, 'vax', 'presence.confirm', input).code).toBe('PRESENCE_MISMATCH');
  });

  it('refuses a read id used once already, taken by a desk, expired, or made up', () => {
    const first = register(1);
    const second = register(2);
    const readId = readCard(h, first.docNumber);
    h.ok('vax', 'presence.confirm', byCard(first, readId));
    expect(cleanRefusal(h, 'vax', 'presence.confirm', byCard(second, readId)).code).toBe(
      'CARD_READ_GONE',
    );

    const takenByDesk = readCard(h, second.docNumber);
    h.ok('desk', 'card.take', { readId: takenByDesk });
    expect(cleanRefusal(h, 'vax', 'presence.confirm', byCard(second, takenByDesk)).code).toBe(
      'CARD_READ_GONE',
    );

    const stale = readCard(h, second.docNumber);
    h.clock.advance(HELD_FOR_MS);
    expect(cleanRefusal(h, 'vax', 'presence.confirm', byCard(second, stale)).code).toBe(
      'CARD_READ_GONE',
    );
    expect(cleanRefusal(h, 'vax', 'presence.confirm', byCard(second, 'made-up')).code).toBe(
      'CARD_READ_GONE',
    );
  });

  it('never stores one read id twice, even past the station’s memory', () => {
    const first = register(1);
    const second = register(2);
    const readId = readCard(h, first.docNumber);
    h.ok('vax', 'presence.confirm', byCard(first, readId));
    expect(() =>
      h.db.sqlite
        .prepare('UPDATE registrations SET presence_read_id = ? WHERE id = ?')
        .run(readId, second.registrationId),
    ).toThrow(/UNIQUE/);
  });
});

describe('presence by a MyKad number typed by hand', () => {
  const typed = (visitor: Visitor, extra: Record<string, unknown>) => ({
    registrationId: visitor.registrationId,
    method: 'MYKAD_TYPED',
    scanned: visitor.docNumber,
    ...extra,
  });

  it('needs a reason', () => {
    const visitor = register(1);
    for (const extra of [{}, { reason: '' }, { reason: '   ' }]) {
      expect(cleanRefusal(h, 'vax', 'presence.confirm', typed(visitor, extra)).code).toBe(
        'INVALID_INPUT',
      );
    }
  });

  it('is its own method, with its reason, on the registration and the day’s doses', () => {
    const visitor = register(1);
    h.clock.advance(MINUTE);
    const view = h.ok(
      'vax',
      'presence.confirm',
      typed(visitor, { reason: 'Cip kad tidak dapat dibaca' }) as ChannelInput<'presence.confirm'>,
    );
    expect(view).toEqual(
      expect.objectContaining({
        presenceMethod: 'MYKAD_TYPED',
        presenceTypedReason: 'Cip kad tidak dapat dibaca',
      }),
    );
    const dose = vaccinate(h, visitor);
    const listed = h.ok('mgr', 'dose.list', { cursor: null, limit: 10 }).items;
    expect(listed.find((item) => item.doseId === dose.doseId)?.presence).toBe('MYKAD_TYPED');
    const audit = h.db.sqlite
      .prepare<[], { detail: string }>(
        "SELECT detail FROM audit_log WHERE action = 'presence.confirm' ORDER BY seq DESC LIMIT 1",
      )
      .get();
    expect(JSON.parse(audit?.detail ?? '{}')).toEqual(
      expect.objectContaining({ method: 'MYKAD_TYPED' }),
    );
  });

  it('refuses a typed number that is not the recipient’s', () => {
    const visitor = register(1);
    const other = register(2);
    const input = typed(visitor, { scanned: other.docNumber, reason: 'Kad tertinggal' });
    expect(cleanRefusal(h, 'vax', 'presence.confirm', input).code).toBe('PRESENCE_MISMATCH');
  });
});
