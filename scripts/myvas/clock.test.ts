/**
 * The console measures MyVAS time against the reference MyVAS on loopback: when the clock watch
 * starts, every 15 minutes, at once after a jump of the PC clock, and just before a day opens — so a
 * PC clock two days ahead opens no day, and a day opened without MyVAS says its time was confirmed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DispatchResult } from '../../electron/contract';
import { WATCH_EVERY_MS } from '../../electron/core/clock/meter';
import { createHarness, DAY, MINUTE, type Harness } from '../../electron/core/testing/harness';
import { setUpStation } from '../../electron/core/testing/scenario';
import { ManualTimers } from '../../electron/devices/testing/manual-timers';
import { startMyvasServer, type RunningMyvas } from './server';
import { connect, PPV_CODE, PPV_TOKEN } from './station-fixture';

interface ClockStation {
  h: Harness;
  myvas: RunningMyvas;
  timers: ManualTimers;
}

let station: ClockStation | null = null;
afterEach(async () => {
  if (!station) return;
  await station.h.app.close();
  await station.myvas.close();
  station.h.close();
  station = null;
});

/** A station whose PC clock runs `aheadMs` ahead of MyVAS, pointed at the reference server. */
async function start(aheadMs = 0): Promise<ClockStation> {
  const timers = new ManualTimers();
  const h = createHarness({ clockTimers: timers });
  // MyVAS keeps true time: it runs on with the station's clock, but a PC clock set by hand moves it not.
  const trueStart = h.clock.now() - aheadMs;
  const monotonicStart = h.clock.monotonic();
  const myvas = await startMyvasServer({
    ppvs: { [PPV_CODE]: PPV_TOKEN },
    now: () => trueStart + (h.clock.monotonic() - monotonicStart),
  });
  await setUpStation(h);
  await connect(h, myvas.url, PPV_TOKEN);
  station = { h, myvas, timers };
  return station;
}

const timeRequests = (s: ClockStation) =>
  s.myvas.requests().filter((request) => request.path === '/v1/time').length;

/** Opens the day as the transports do: the dispatcher's async way in, which measures first. */
function openDay(
  s: ClockStation,
  confirmedTime: number | null = null,
  connectionId = 'mgr',
): Promise<DispatchResult<unknown>> {
  return s.h.app.dispatch(
    'day.open',
    { channel: 'walk-in', confirmedTime },
    { connectionId, stationId: 'test-station' },
  );
}

/** Fires the clock watch's pending timer and waits until it has set the next one. */
async function watchTick(s: ClockStation): Promise<number> {
  s.timers.fire();
  return s.timers.next();
}

describe('the clock watch', () => {
  it('measures MyVAS time at start and every 15 minutes, and at once after a jump', async () => {
    const s = await start(40_000);
    expect(s.h.ok('mgr', 'clock.status', {}).state).toBe('unmeasured');
    s.h.app.startClockWatch();
    expect(await s.timers.next()).toBe(0);
    expect(await watchTick(s)).toBe(WATCH_EVERY_MS);
    expect(timeRequests(s)).toBe(1);
    const measured = s.h.ok('mgr', 'clock.status', {});
    expect(measured).toMatchObject({ state: 'ok', fresh: true });
    expect(Math.abs((measured.offsetMs ?? 0) + 40_000)).toBeLessThan(1_000);
    expect(s.h.events.at(-1)).toMatchObject({ event: 'clock.changed' });

    for (let minute = 1; minute < 15; minute++) {
      s.h.clock.advance(MINUTE);
      await watchTick(s);
    }
    expect(timeRequests(s)).toBe(1);
    s.h.clock.advance(MINUTE);
    await watchTick(s);
    expect(timeRequests(s)).toBe(2);

    // Someone sets the PC clock 3 minutes back while the console runs: measured again at once.
    s.h.clock.setWallClock(s.h.clock.now() - 3 * MINUTE);
    expect(s.h.ok('mgr', 'clock.status', {}).stopReason).toBe('jumped');
    s.h.clock.advance(MINUTE);
    await watchTick(s);
    expect(timeRequests(s)).toBe(3);
    expect(s.h.ok('mgr', 'clock.status', {})).toMatchObject({ state: 'warn', stopReason: null });
  });

  it('keeps watching while MyVAS cannot be reached', async () => {
    const s = await start();
    await s.myvas.close();
    s.h.app.startClockWatch();
    await s.timers.next();
    expect(await watchTick(s)).toBe(WATCH_EVERY_MS);
    expect(s.h.ok('mgr', 'clock.status', {}).state).toBe('unmeasured');
  });
});

describe('opening the day', () => {
  it('measures MyVAS time just before, and opens on it without a confirmation', async () => {
    const s = await start(30_000);
    const opened = await openDay(s);
    expect(opened).toMatchObject({
      ok: true,
      value: { openedClock: { basis: 'measured', confirmedBy: null } },
    });
    expect(timeRequests(s)).toBe(1);
  });

  it('asks MyVAS nothing for a caller who may not open a day', async () => {
    const s = await start();
    expect(await openDay(s, null, 'stranger')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await openDay(s, null, 'desk')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(timeRequests(s)).toBe(0);
    expect(await openDay(s)).toMatchObject({ ok: true });
    expect(timeRequests(s)).toBe(1);
  });

  it('opens no day on a PC clock two days ahead of MyVAS', async () => {
    const s = await start(2 * DAY);
    const refused = await openDay(s, s.h.clock.now());
    expect(refused).toMatchObject({ ok: false, error: { code: 'CLOCK_UNTRUSTED' } });
    expect(s.h.ok('mgr', 'day.current', {})).toBeNull();
    expect(s.h.ok('vax', 'clock.status', {})).toMatchObject({
      state: 'stop',
      stopReason: 'offset',
    });

    // The clock fixed while the console runs: the watch measures at once, and the day opens on
    // MyVAS's date, two days before what the PC said — behind the staff work the wrong clock dated,
    // so only once a manager confirms the time shown.
    s.h.app.startClockWatch();
    await s.timers.next();
    await watchTick(s);
    s.h.clock.setWallClock(s.h.clock.now() - 2 * DAY);
    s.h.clock.advance(MINUTE);
    await watchTick(s);
    expect(await openDay(s)).toMatchObject({
      ok: false,
      error: { code: 'CLOCK_BEHIND_RECORDS' },
    });
    const opened = await openDay(s, s.h.app.clock.now().at);
    expect(opened).toMatchObject({
      ok: true,
      value: { sessionDate: '2026-02-28', openedClock: { basis: 'confirmed' } },
    });
  });

  it('without MyVAS, needs the manager to confirm the time shown, and the batch says so', async () => {
    const s = await start();
    await s.myvas.close();
    expect(await openDay(s)).toMatchObject({
      ok: false,
      error: { code: 'CLOCK_NOT_CONFIRMED' },
    });
    const opened = await openDay(s, s.h.app.clock.now().at);
    expect(opened).toMatchObject({
      ok: true,
      value: { openedClock: { basis: 'confirmed', confirmedBy: 'MGR01' } },
    });
    const batch = s.h.ok('mgr', 'day.close', {});
    expect(batch.openedClock.basis).toBe('confirmed');
  });
});
