import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, DAY, HOUR, MINUTE, TEST_PIN, type Harness } from '../testing/harness';
import { cleanRefusal, skewClock } from '../testing/scenario';

describe('day.open and day.current', () => {
  let h: Harness;
  beforeEach(async () => {
    h = createHarness();
    await h.setUpPpv();
    await h.staff('mgr', ['manager']);
  });
  afterEach(() => h.close());

  /** A walk-in day, the manager confirming the time shown (MyVAS is never reached here). */
  const walkIn = () => ({ channel: 'walk-in' as const, confirmedTime: h.app.clock.now().at });

  it('opens a walk-in day dated in Malaysia time', () => {
    expect(h.ok('mgr', 'day.current', {})).toBeNull();
    const day = h.ok('mgr', 'day.open', walkIn());
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
    const day = h.ok('mgr', 'day.open', {
      channel: 'outreach',
      outreachLocation: location,
      confirmedTime: h.app.clock.now().at,
    });
    expect(day.channel).toBe('outreach');
    expect(day.outreachLocation).toEqual(location);
  });

  it('refuses a second open day and writes nothing', () => {
    h.ok('mgr', 'day.open', walkIn());
    const error = cleanRefusal(h, 'mgr', 'day.open', walkIn());
    expect(error.code).toBe('DAY_ALREADY_OPEN');
    expect(error.message.en).toContain('02/03/2026');
  });

  it('only managers open the day', async () => {
    await h.staff('clerk', ['clerk']);
    expect(h.refused('clerk', 'day.open', { channel: 'walk-in' })).toBe('FORBIDDEN');
  });

  it('opens on the PPV closure date and refuses after it', async () => {
    h.ok('mgr', 'ppv.setClosureDate', { closureDate: '2026-03-02', reason: 'Penutupan PPV ujian' });
    h.ok('mgr', 'day.open', walkIn());
    h.ok('mgr', 'day.close', {});
    h.clock.advance(DAY);
    await h.okAsync('mgr', 'auth.unlock', { secret: TEST_PIN });
    const error = cleanRefusal(h, 'mgr', 'day.open', walkIn());
    expect(error.code).toBe('PPV_CLOSED');
    expect(error.message.en).toContain('02/03/2026');
  });
});

describe('the clock a day opens on', () => {
  let h: Harness;
  beforeEach(async () => {
    h = createHarness();
    await h.setUpPpv();
    await h.staff('mgr', ['manager'], 'MGR01');
  });
  afterEach(() => h.close());

  it('needs the manager to confirm the date and time shown when MyVAS time was never measured', () => {
    const error = cleanRefusal(h, 'mgr', 'day.open', { channel: 'walk-in' });
    expect(error.code).toBe('CLOCK_NOT_CONFIRMED');
    expect(error.message.en).toContain('02/03/2026 08:00');

    const shown = h.app.clock.now().at;
    const wrong = cleanRefusal(h, 'mgr', 'day.open', {
      channel: 'walk-in',
      confirmedTime: shown + 3 * MINUTE,
    });
    expect(wrong.code).toBe('CLOCK_CONFIRMATION_MISMATCH');
    expect(wrong.message.ms).toContain('02/03/2026 08:03');

    const day = h.ok('mgr', 'day.open', { channel: 'walk-in', confirmedTime: shown + MINUTE });
    expect(day.openedClock).toEqual({
      basis: 'confirmed',
      confirmedBy: 'MGR01',
      confirmedTime: shown + MINUTE,
    });
    expect(h.ok('mgr', 'day.closeOutSummary', {}).day.openedClock.basis).toBe('confirmed');
    const batch = h.ok('mgr', 'day.close', {});
    expect(batch.openedClock).toEqual(day.openedClock);
    expect(h.ok('mgr', 'batch.list', {}).items[0]?.openedClock).toEqual(day.openedClock);
  });

  it('opens on a fresh MyVAS measurement without a confirmation, and the batch says measured', () => {
    skewClock(h, 30_000, 'myvas');
    const day = h.ok('mgr', 'day.open', { channel: 'walk-in' });
    expect(day.openedClock).toEqual({ basis: 'measured', confirmedBy: null, confirmedTime: null });
    expect(h.ok('mgr', 'day.close', {}).openedClock.basis).toBe('measured');
  });

  it('takes a measurement as fresh for 20 minutes', async () => {
    skewClock(h, 0, 'myvas');
    h.clock.advance(20 * MINUTE);
    await h.okAsync('mgr', 'auth.unlock', { secret: TEST_PIN });
    expect(h.ok('mgr', 'clock.status', {}).fresh).toBe(true);
    h.clock.advance(1);
    expect(h.ok('mgr', 'clock.status', {}).fresh).toBe(false);
    expect(h.refused('mgr', 'day.open', { channel: 'walk-in' })).toBe('CLOCK_NOT_CONFIRMED');
  });

  it('takes a measurement from before a restart as not fresh', async () => {
    skewClock(h, 0, 'myvas');
    const restarted = createHarness({ file: h.file, start: h.clock.now() });
    try {
      await restarted.okAsync('mgr', 'auth.signIn', { staffId: 'MGR01', secret: TEST_PIN });
      expect(restarted.refused('mgr', 'day.open', { channel: 'walk-in' })).toBe(
        'CLOCK_NOT_CONFIRMED',
      );
    } finally {
      restarted.close();
    }
  });

  it('does not open while the clock stops dose recording, confirmed or not', () => {
    skewClock(h, -2 * DAY, 'myvas');
    const error = cleanRefusal(h, 'mgr', 'day.open', {
      channel: 'walk-in',
      confirmedTime: h.app.clock.now().at,
    });
    expect(error.code).toBe('CLOCK_UNTRUSTED');
    expect(error.message.en).toContain(`${(2 * DAY) / MINUTE} min`);
  });

  it('does not open on a clock that jumped while running', () => {
    h.clock.setWallClock(h.clock.now() + HOUR);
    expect(
      cleanRefusal(h, 'mgr', 'day.open', {
        channel: 'walk-in',
        confirmedTime: h.app.clock.now().at,
      }).code,
    ).toBe('CLOCK_JUMPED');
  });
});
