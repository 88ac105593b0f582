import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, DAY, TEST_PIN, type Harness } from '../testing/harness';
import { cleanRefusal } from '../testing/scenario';

describe('day.open and day.current', () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
    h.setUpPpv();
    h.staff('mgr', ['manager']);
  });
  afterEach(() => h.close());

  it('opens a walk-in day dated in Malaysia time', () => {
    expect(h.ok('mgr', 'day.current', {})).toBeNull();
    const day = h.ok('mgr', 'day.open', { channel: 'walk-in' });
    expect(day).toMatchObject({
      sessionDate: '2026-03-02',
      channel: 'walk-in',
      outreachLocation: null,
      state: 'open',
      closedAt: null,
    });
    expect(h.ok('mgr', 'day.current', {})).toEqual(day);
    expect(h.events.some((e) => e.event === 'day.changed')).toBe(true);
  });

  it('opens an outreach day at a named location and requires the location', () => {
    expect(h.refused('mgr', 'day.open', { channel: 'outreach' })).toBe('INVALID_INPUT');
    const location = { place: 'Dewan Orang Ramai Ujian', district: 'Gombak', state: 'Selangor' };
    const day = h.ok('mgr', 'day.open', { channel: 'outreach', outreachLocation: location });
    expect(day.channel).toBe('outreach');
    expect(day.outreachLocation).toEqual(location);
  });

  it('refuses a second open day and writes nothing', () => {
    h.ok('mgr', 'day.open', { channel: 'walk-in' });
    const error = cleanRefusal(h, 'mgr', 'day.open', { channel: 'walk-in' });
    expect(error.code).toBe('DAY_ALREADY_OPEN');
    expect(error.message.en).toContain('2026-03-02');
  });

  it('only managers open the day', () => {
    h.staff('clerk', ['clerk']);
    expect(h.refused('clerk', 'day.open', { channel: 'walk-in' })).toBe('FORBIDDEN');
  });

  it('opens on the PPV closure date and refuses after it', () => {
    h.ok('mgr', 'ppv.setClosureDate', { closureDate: '2026-03-02', reason: 'Penutupan PPV ujian' });
    h.ok('mgr', 'day.open', { channel: 'walk-in' });
    h.ok('mgr', 'day.close', {});
    h.clock.advance(DAY);
    h.ok('mgr', 'auth.unlock', { secret: TEST_PIN });
    const error = cleanRefusal(h, 'mgr', 'day.open', { channel: 'walk-in' });
    expect(error.code).toBe('PPV_CLOSED');
    expect(error.message.en).toContain('2026-03-02');
  });
});
