import Sqlite from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelInput, ChannelName } from '../../contract';
import { createHarness, MINUTE, TEST_KEY, TEST_PIN, type Harness } from '../testing/harness';
import { arrive, doseInput, openVial, openWalkIn, setUpStation } from '../testing/scenario';

let h: Harness;
const extraDirs: string[] = [];
beforeEach(async () => {
  h = createHarness();
  await setUpStation(h);
  openWalkIn(h);
});
afterEach(() => {
  h.close();
  for (const dir of extraDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The day's waiting registrations as the database holds them. */
function waitingInDatabase(): number {
  const day = h.ok('desk', 'day.current', {});
  return (
    h.db.sqlite
      .prepare<[string], { n: number }>(
        "SELECT count(*) AS n FROM registrations WHERE day_id = ? AND queue_status = 'waiting'",
      )
      .get(day?.dayId ?? '')?.n ?? -1
  );
}

/** The waiting count of the last queue.changed event. */
function lastWaiting(): number | undefined {
  const event = [...h.events].reverse().find((e) => e.event === 'queue.changed');
  return (event?.payload as { waiting?: number } | undefined)?.waiting;
}

/** Calls through the dispatcher as a hub desk's retried write would arrive: with its request id. */
function withRequestId<C extends ChannelName>(
  connectionId: string,
  channel: C,
  input: ChannelInput<C>,
  requestId: string,
) {
  return h.app.dispatchSync(channel, input, {
    connectionId,
    stationId: 'test-station',
    requestId,
  });
}

describe('the waiting count of queue.changed', () => {
  it('is the day’s waiting registrations after every channel that moves the queue', () => {
    const seen: Array<[number | undefined, number]> = [];
    const check = () => seen.push([lastWaiting(), waitingInDatabase()]);
    const [a, b, c] = [1, 2, 3].map((index) => {
      const visitor = arrive(h, index);
      check();
      return visitor;
    });
    h.ok('vax', 'registration.setOutcome', {
      registrationId: a!.registrationId,
      outcome: 'deferred',
      reason: 'Demam, datang semula minggu depan',
    });
    check();
    const vial = openVial(h);
    const dose = h.ok('vax', 'dose.record', doseInput(h, b!, vial.vialId));
    check();
    h.clock.advance(MINUTE);
    h.ok('mgr', 'dose.void', { doseId: dose.doseId, reason: 'Salah penerima dipilih' });
    check();
    h.ok('vax', 'registration.setOutcome', {
      registrationId: c!.registrationId,
      outcome: 'left',
      reason: 'Balik awal',
    });
    check();
    expect(seen).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [2, 2],
      [1, 1],
      [2, 2],
      [1, 1],
    ]);
  });

  it('is not moved by a write that was rolled back after it changed the queue', () => {
    const [first, second] = [arrive(h, 1), arrive(h, 2)];
    const vial = openVial(h);
    const saved = withRequestId('vax', 'dose.record', doseInput(h, first, vial.vialId), 'r-1');
    expect(saved.ok).toBe(true);
    expect(lastWaiting()).toBe(1);
    // The same request id again: the dose is written, the queue moved, then the whole write
    // rolls back (REQUEST_ALREADY_SETTLED) and no event goes out.
    const eventsBefore = h.events.length;
    const again = withRequestId('vax', 'dose.record', doseInput(h, second, vial.vialId), 'r-1');
    expect(again.ok ? null : again.error.code).toBe('REQUEST_ALREADY_SETTLED');
    expect(h.events.slice(eventsBefore).map((e) => e.event)).not.toContain('queue.changed');
    expect(waitingInDatabase()).toBe(1);
    arrive(h, 3);
    expect([lastWaiting(), waitingInDatabase()]).toEqual([2, 2]);
  });

  it('is counted afresh from the database after a restart', async () => {
    const [first] = [arrive(h, 1), arrive(h, 2), arrive(h, 3)];
    h.ok('vax', 'dose.record', doseInput(h, first!, openVial(h).vialId));
    expect(lastWaiting()).toBe(2);
    // While the console is closed, the registrations still waiting but one leave the queue by
    // another way (a SQL shell).
    void h.db.close();
    extraDirs.push(h.dir);
    const raw = new Sqlite(h.file);
    raw.pragma(`cipher = 'chacha20'`);
    raw.pragma(`hexkey = '${TEST_KEY.toString('hex')}'`);
    raw.exec(`UPDATE registrations SET queue_status = 'left', outcome_reason = 'Pergi'
      WHERE queue_status = 'waiting'
        AND id <> (SELECT min(id) FROM registrations WHERE queue_status = 'waiting')`);
    raw.close();
    h = createHarness({ file: h.file, start: h.clock.now() + MINUTE });
    await h.okAsync('desk', 'auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN });
    arrive(h, 4, { confirm: false });
    expect([lastWaiting(), waitingInDatabase()]).toEqual([2, 2]);
  });
});
