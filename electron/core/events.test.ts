// Who sees which event: what each transport subscribes to per connection (app.onEventFor).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../contract';
import { createHarness, HOUR, type Harness } from './testing/harness';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.setUpPpv();
});
afterEach(() => h.close());

/** A screen on `connectionId`: the events it is shown, in order. */
function screen(connectionId: string): Array<{ event: EventName; payload: unknown }> {
  const seen: Array<{ event: EventName; payload: unknown }> = [];
  h.app.onEventFor(connectionId, (event, payload) => seen.push({ event, payload }));
  return seen;
}

const settings = {
  cardReader: null,
  serialPath: '/dev/ttyUSB0',
  serialBaudRate: 9600,
  serialTerminator: 'CR',
  hid: null,
} as const;

describe('who sees an event', () => {
  it('every signed-in screen, and none before sign-in or after sign-out', async () => {
    const admin = screen('admin');
    const stranger = screen('stranger');
    const leaving = screen('leaving');
    await h.staff('leaving', ['clerk']);
    h.ok('leaving', 'auth.signOut', {});

    h.ok('admin', 'device.updateSettings', settings);
    expect(admin).toContainEqual({ event: 'device.settingsChanged', payload: settings });
    expect(stranger).toEqual([]);
    expect(leaving).toEqual([]);
  });

  it('session.locked, when a desk locks itself, only on that desk', async () => {
    const admin = screen('admin');
    const first = screen('first');
    const second = screen('second');
    await h.staff('first', ['clerk']);
    await h.staff('second', ['clerk']);

    h.ok('first', 'auth.lock', {});
    expect(first).toEqual([{ event: 'session.locked', payload: { reason: 'requested' } }]);
    expect(second).toEqual([]);
    expect(admin.filter(({ event }) => event === 'session.locked')).toEqual([]);
  });

  it('session.locked, when the idle lock takes a desk, only on that desk', async () => {
    const admin = screen('admin');
    const first = screen('first');
    const second = screen('second');
    await h.staff('first', ['clerk']);
    await h.staff('second', ['clerk']);
    h.clock.advance(HOUR);

    expect(h.refused('first', 'user.list', {})).toBe('SESSION_LOCKED');
    expect(first).toEqual([{ event: 'session.locked', payload: { reason: 'idle' } }]);
    expect(second).toEqual([]);
    expect(admin.filter(({ event }) => event === 'session.locked')).toEqual([]);
  });
});
