/**
 * Sign-in that cannot be turned into a weapon: waits instead of lockouts, throttles per connection
 * and per station, one refusal for unknown, disabled and waiting accounts, denials counted rather
 * than written one by one, and connections past their refusal budget closed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open';
import type { ChannelName } from '../../contract';
import { createAuditLog } from '../audit';
import { createDispatcher, REFUSAL_BUDGET } from '../dispatch/dispatcher';
import type { Handlers } from '../dispatch/types';
import { createSettings } from '../ppv/settings';
import { silentLogger } from '../shared/log';
import {
  createHarness,
  MINUTE,
  TEST_HASH_COST,
  TEST_KEY,
  TEST_PIN,
  type Harness,
} from '../testing/harness';
import { newRecipient, openWalkIn, setUpStation } from '../testing/scenario';
import {
  CONNECTION_FAILURES_PER_MINUTE,
  createAttemptGuard,
  delayAfter,
  MAX_DELAY_MS,
  STATION_FAILURES_PER_MINUTE,
} from './attempts';
import { createSecretChecks } from './checks';
import { authHandlers } from './handlers';
import { createSecretHasher } from './secrets';
import { createSessions } from './sessions';
import { createUsers } from './users';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.setUpPpv();
  await h.staff('desk', ['clerk'], 'CLERK01');
});
afterEach(() => h.close());

const SECOND = 1000;
const wrong = (staffId = 'CLERK01') => ({ staffId, secret: '000000' });
const right = { staffId: 'CLERK01', secret: TEST_PIN };
let connectionCount = 0;
/** A fresh connection each time: what an attacker reconnecting would have. */
const fresh = () => `attacker-${(connectionCount += 1)}`;

const lastAudit = () =>
  h.db.sqlite
    .prepare<[], { action: string; detail: string }>(
      'SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1',
    )
    .get();
const auditCount = () => h.counts().audit_log ?? 0;

describe('the wait after failures', () => {
  it('starts at the fifth failure and doubles up to five minutes', () => {
    expect([1, 2, 3, 4].map(delayAfter)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 50].map((n) => delayAfter(n) / SECOND)).toEqual([
      30, 60, 120, 240, 300, 300, 300,
    ]);
  });

  it('lets the right PIN in once the wait is over, and never before', async () => {
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect(await h.refusedAsync(fresh(), 'auth.signIn', wrong())).toBe('SIGN_IN_FAILED');
    }
    const fifth = await h.refusalAsync(fresh(), 'auth.signIn', wrong());
    expect(fifth.code).toBe('SIGN_IN_DELAYED');
    expect(fifth.message.en).toBe(
      'Wrong staff ID or PIN too many times. Try again after 08:00:30.',
    );
    expect(fifth.message.ms).toContain('08:00:30');
    h.clock.advance(30 * SECOND - 1);
    expect(await h.refusedAsync('desk2', 'auth.signIn', right)).toBe('SIGN_IN_DELAYED');
    h.clock.advance(1);
    expect((await h.okAsync('desk2', 'auth.signIn', right)).staffId).toBe('CLERK01');
  });

  it('is not lengthened by attempts made while it runs', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await h.refusedAsync(fresh(), 'auth.signIn', wrong());
    }
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      expect(await h.refusedAsync(fresh(), 'auth.signIn', wrong())).toBe('SIGN_IN_DELAYED');
    }
    h.clock.advance(30 * SECOND);
    await h.okAsync('desk2', 'auth.signIn', right);
  });

  it('leaves the holder able to sign in after 50 wrong PINs from one connection', async () => {
    const codes = new Set<string>();
    for (let attempt = 1; attempt <= 50; attempt += 1) {
      codes.add(await h.refusedAsync('attacker', 'auth.signIn', wrong()));
    }
    expect(codes).toEqual(
      new Set(['SIGN_IN_FAILED', 'SIGN_IN_DELAYED', 'SIGN_IN_THROTTLED', 'CONNECTION_CLOSED']),
    );
    expect(h.closedConnections).toEqual(new Set(['attacker']));
    h.clock.advance(MAX_DELAY_MS);
    expect((await h.okAsync('desk2', 'auth.signIn', right)).staffId).toBe('CLERK01');
  });

  it('caps the wait at five minutes however long the guessing goes on', async () => {
    for (let attempt = 1; attempt <= 50; attempt += 1) {
      await h.refusedAsync(fresh(), 'auth.signIn', wrong());
      h.clock.advance(MAX_DELAY_MS);
    }
    // The attacker's last failure was just now: the holder waits no more than five minutes.
    await h.refusedAsync(fresh(), 'auth.signIn', wrong());
    h.clock.advance(MAX_DELAY_MS);
    expect((await h.okAsync('desk2', 'auth.signIn', right)).staffId).toBe('CLERK01');
  });

  it('keeps counting across a restart for a known account: its row holds every station’s failures', async () => {
    for (const station of ['a', 'b', 'c']) {
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        await signInAt(station, fresh(), wrong());
      }
    }
    const row = h.db.sqlite
      .prepare<[], { failed_attempts: number; locked_until: number }>(
        "SELECT failed_attempts, locked_until FROM users WHERE staff_id = 'CLERK01'",
      )
      .get();
    expect(row).toEqual({ failed_attempts: 15, locked_until: h.clock.now() + 30 * SECOND });
  });
});

/** A sign-in at a connection of `station` (a desk, or one address's sockets). */
async function signInAt(
  station: string,
  connectionId: string,
  input: { staffId: string; secret: string },
) {
  const result = await h.app.dispatch('auth.signIn', input, {
    connectionId,
    stationId: `${station}/${connectionId}`,
    countedAs: station,
  });
  return result.ok ? 'ok' : result.error.code;
}

describe('failures at other stations', () => {
  it('never make the holder wait at a station that has not failed five times itself', async () => {
    for (let round = 0; round < 12; round += 1) {
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        await signInAt('rogue-desk', fresh(), wrong());
      }
      h.clock.advance(MAX_DELAY_MS);
    }
    expect(await signInAt('rogue-desk', fresh(), wrong())).toBe('SIGN_IN_DELAYED');
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect(await signInAt('own-desk', fresh(), wrong())).toBe('SIGN_IN_FAILED');
    }
    expect(await signInAt('own-desk', fresh(), right)).toBe('ok');
  });

  it('hold a station that has, on the account’s wait: more desks buy five guesses each', async () => {
    for (const station of ['a', 'b', 'c', 'd']) {
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        expect(await signInAt(station, fresh(), wrong())).toBe(
          attempt < 5 ? 'SIGN_IN_FAILED' : 'SIGN_IN_DELAYED',
        );
      }
    }
    // Each station's own wait is over; the account's, after twenty failures, is five minutes.
    h.clock.advance(30 * SECOND);
    for (const station of ['a', 'b', 'c', 'd']) {
      expect(await signInAt(station, fresh(), right)).toBe('SIGN_IN_DELAYED');
    }
    h.clock.advance(MAX_DELAY_MS - 30 * SECOND);
    expect(await signInAt('a', fresh(), right)).toBe('ok');
  });
});

describe('one refusal for unknown, disabled and waiting accounts', () => {
  it('answers an unknown staff ID, a disabled account and a known one alike, attempt by attempt', async () => {
    const gone = await h.staff('gone', ['clerk'], 'CLERK02');
    h.ok('admin', 'user.setActive', {
      userId: gone.userId,
      active: false,
      reason: 'Berhenti kerja',
    });
    const answers = async (attempt: { staffId: string; secret: string }) => {
      const body = await h.refusalAsync(fresh(), 'auth.signIn', attempt);
      return { code: body.code, message: body.message };
    };
    for (let attempt = 1; attempt <= 7; attempt += 1) {
      const known = await answers(wrong('CLERK01'));
      // The disabled account is given its right PIN: it is still refused, and counted, the same way.
      expect(await answers({ staffId: 'CLERK02', secret: TEST_PIN })).toEqual(known);
      expect(await answers(wrong('NOBODY01'))).toEqual(known);
    }
  });

  it('spends one hash on every admitted attempt, whatever the account', async () => {
    const users = createUsers(h.db, () => crypto.randomUUID());
    const real = createSecretHasher(TEST_HASH_COST);
    let hashes = 0;
    const counting = {
      ...real,
      check: (secret: string, stored: string | null) => {
        hashes += 1;
        return real.check(secret, stored);
      },
    };
    const checks = createSecretChecks({
      users,
      guard: createAttemptGuard(h.clock),
      hasher: counting,
    });
    const gone = await h.staff('gone', ['clerk'], 'CLERK02');
    h.ok('admin', 'user.setActive', {
      userId: gone.userId,
      active: false,
      reason: 'Berhenti kerja',
    });
    const at = h.clock.now();
    const attempt = async (staffId: string, secret: string, connectionId: string) => {
      const before = hashes;
      await checks.signIn(staffId, secret, { connectionId, stationId: 's' }, at).catch(() => null);
      return hashes - before;
    };
    expect(await attempt('NOBODY01', TEST_PIN, 'a')).toBe(1);
    expect(await attempt('CLERK02', TEST_PIN, 'b')).toBe(1);
    expect(await attempt('CLERK01', TEST_PIN, 'c')).toBe(1);
    h.db.userWriteGate.run(() =>
      h.db.sqlite
        .prepare(
          "UPDATE users SET failed_attempts = 5, locked_until = ? WHERE staff_id = 'CLERK01'",
        )
        .run(at + MINUTE),
    );
    expect(await attempt('CLERK01', TEST_PIN, 'd')).toBe(1);
  });

  it('keeps what was typed as an unknown staff ID out of the audit log', async () => {
    await h.refusedAsync('other', 'auth.signIn', { staffId: '482916', secret: TEST_PIN });
    expect(lastAudit()?.action).toBe('auth.signInFailed');
    expect(lastAudit()?.detail).not.toContain('482916');
    expect(JSON.parse(lastAudit()?.detail ?? '{}')).toEqual({
      outcome: 'SIGN_IN_FAILED',
      knownAccount: false,
    });
  });
});

describe('throttles', () => {
  it('lets one connection fail ten times a minute, and succeed as often as it likes', async () => {
    for (let attempt = 1; attempt <= 2 * CONNECTION_FAILURES_PER_MINUTE; attempt += 1) {
      await h.okAsync('busy', 'auth.signIn', right);
    }
    for (let attempt = 1; attempt <= CONNECTION_FAILURES_PER_MINUTE; attempt += 1) {
      await h.refusedAsync('busy', 'auth.signIn', wrong(`NOBODY${attempt}`));
    }
    expect(await h.refusedAsync('busy', 'auth.signIn', right)).toBe('SIGN_IN_THROTTLED');
    h.clock.advance(MINUTE);
    await h.okAsync('busy', 'auth.signIn', right);
  });

  it('holds a station’s sign-ins while it fails thirty times a minute, and no other station’s', async () => {
    for (let attempt = 1; attempt <= STATION_FAILURES_PER_MINUTE; attempt += 1) {
      await h.refusedAsync(fresh(), 'auth.signIn', wrong(`NOBODY${attempt}`));
    }
    expect(await h.refusedAsync(fresh(), 'auth.signIn', right)).toBe('SIGN_IN_THROTTLED');
    const elsewhere = await h.app.dispatch('auth.signIn', right, {
      connectionId: 'other-station-desk',
      stationId: 'other-station',
    });
    expect(elsewhere.ok).toBe(true);
    h.clock.advance(MINUTE);
    await h.okAsync(fresh(), 'auth.signIn', right);
  });

  it('checks one secret at a time per connection', async () => {
    const first = h.callAsync('twice', 'auth.signIn', right);
    const second = h.callAsync('twice', 'auth.signIn', right);
    expect(await second).toMatchObject({ ok: false, error: { code: 'CHECK_IN_PROGRESS' } });
    expect((await first).ok).toBe(true);
  });
});

describe('what others’ failures cannot do', () => {
  it('never keeps an idle-locked desk locked', async () => {
    h.ok('desk', 'auth.lock', {});
    for (let attempt = 1; attempt <= 2 * STATION_FAILURES_PER_MINUTE; attempt += 1) {
      await h.refusedAsync(fresh(), 'auth.signIn', wrong());
    }
    expect(await h.refusedAsync(fresh(), 'auth.signIn', right)).toBe('SIGN_IN_THROTTLED');
    await h.okAsync('desk', 'auth.unlock', { secret: TEST_PIN });
    expect(h.call('desk', 'catalogue.products', {}).ok).toBe(true);
  });

  it('counts an unlocking desk’s own failures for that desk only', async () => {
    h.ok('desk', 'auth.lock', {});
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await h.refusedAsync('desk', 'auth.unlock', { secret: '000000' });
    }
    expect(await h.refusedAsync('desk', 'auth.unlock', { secret: TEST_PIN })).toBe(
      'SIGN_IN_DELAYED',
    );
    await h.okAsync('desk2', 'auth.signIn', right);
    h.clock.advance(30 * SECOND);
    await h.okAsync('desk', 'auth.unlock', { secret: TEST_PIN });
  });

  it('never keeps a manager out with wrong approvals typed at a desk', async () => {
    const fresh = createHarness();
    try {
      await setUpStation(fresh);
      openWalkIn(fresh);
      fresh.ok('desk', 'recipient.register', newRecipient());
      const duplicate = newRecipient({
        document: { docType: 'PASSPORT', docNumber: 'A7654321', docCountry: 'SGP' },
        nationality: 'SGP',
        duplicateApproval: {
          managerStaffId: 'MGR01',
          managerSecret: '000000',
          reason: 'Orang lain',
        },
      });
      const codes: string[] = [];
      for (let attempt = 1; attempt <= 6; attempt += 1) {
        codes.push(await fresh.refusedAsync('desk', 'recipient.register', duplicate));
      }
      expect(codes).toEqual([
        'APPROVAL_FAILED',
        'APPROVAL_FAILED',
        'APPROVAL_FAILED',
        'APPROVAL_FAILED',
        'APPROVAL_DELAYED',
        'APPROVAL_DELAYED',
      ]);
      await fresh.okAsync('mgr2', 'auth.signIn', { staffId: 'MGR01', secret: TEST_PIN });
      fresh.ok('mgr', 'auth.lock', {});
      await fresh.okAsync('mgr', 'auth.unlock', { secret: TEST_PIN });
    } finally {
      fresh.close();
    }
  });
});

describe('denials from callers who are not signed in', () => {
  it('are counted, and written once a minute per station, not once each', async () => {
    const before = auditCount();
    for (let index = 0; index < 10_000; index += 1) {
      h.refused(`stranger-${index % 400}`, 'recipient.get', {});
    }
    expect(auditCount()).toBe(before);
    h.clock.advance(MINUTE);
    h.refused('stranger-0', 'recipient.get', {});
    expect(auditCount()).toBe(before + 1);
    expect(lastAudit()?.action).toBe('access.deniedCount');
    expect(JSON.parse(lastAudit()?.detail ?? '{}')).toMatchObject({
      refusals: { 'recipient.get UNAUTHENTICATED': 10_000 },
      connections: 400,
      closedConnections: 0,
    });
  });

  it('name no channel a caller made up', async () => {
    for (let index = 0; index < 5; index += 1) {
      h.refused('stranger', `made.up${index}` as ChannelName, {});
    }
    h.clock.advance(MINUTE);
    h.refused('stranger', 'recipient.get', {});
    expect(JSON.parse(lastAudit()?.detail ?? '{}').refusals).toEqual({
      'unknown UNKNOWN_CHANNEL': 5,
    });
  });

  it('are written when the console closes', async () => {
    h.refused('stranger', 'recipient.get', {});
    await h.app.close();
    const reopened = openDatabase({ file: h.file, key: TEST_KEY });
    try {
      const last = reopened.sqlite
        .prepare<[], { action: string }>('SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1')
        .get();
      expect(last?.action).toBe('access.deniedCount');
    } finally {
      await reopened.close();
    }
  });
});

describe('a connection past its refusal budget', () => {
  it('is closed by its transport, its session ended, and refused until the transport forgets it', async () => {
    for (let index = 0; index < REFUSAL_BUDGET; index += 1) h.refused('noisy', 'queue.list', {});
    expect(h.closedConnections.has('noisy')).toBe(false);
    h.refused('noisy', 'queue.list', {});
    expect(h.closedConnections.has('noisy')).toBe(true);
    expect(await h.refusedAsync('noisy', 'auth.signIn', right)).toBe('CONNECTION_CLOSED');
    h.app.endConnection('noisy');
    await h.okAsync('noisy', 'auth.signIn', right);
  });

  it('counts a signed-in connection’s guessing, not its mistakes', async () => {
    for (let index = 0; index < 2 * REFUSAL_BUDGET; index += 1) {
      expect(h.refused('desk', 'recipient.get', { recipientId: 'not-a-uuid' })).toBe(
        'INVALID_INPUT',
      );
    }
    expect(h.closedConnections.has('desk')).toBe(false);
    for (let index = 0; index <= REFUSAL_BUDGET; index += 1) h.refused('desk', 'user.list', {});
    expect(h.closedConnections.has('desk')).toBe(true);
    expect(h.refused('desk', 'catalogue.products', {})).toBe('CONNECTION_CLOSED');
  });
});

describe('a refusal that keeps its writes', () => {
  it('rolls everything back when its audit entry cannot be written, and the next call works', async () => {
    const users = createUsers(h.db, () => crypto.randomUUID());
    const sessions = createSessions(h.clock, () => 5);
    const hasher = createSecretHasher(TEST_HASH_COST);
    const checks = createSecretChecks({ users, guard: createAttemptGuard(h.clock), hasher });
    const audit = createAuditLog(h.db);
    const failingAudit = {
      ...audit,
      append: (entry: Parameters<typeof audit.append>[0]) => {
        if (entry.action === 'auth.signInFailed') throw new Error('disk full');
        return audit.append(entry);
      },
    };
    const dispatcher = createDispatcher({
      sqlite: h.db.sqlite,
      handlers: authHandlers({
        users,
        sessions,
        checks,
        hasher,
        settings: createSettings(h.db),
      }) as unknown as Handlers,
      audit: failingAudit,
      users,
      sessions,
      clock: h.app.clock,
      monotonic: h.clock,
      log: silentLogger,
      publish: () => undefined,
      commits: h.db.commits,
    });
    const before = h.counts();
    const failures = () =>
      h.db.sqlite.prepare("SELECT failed_attempts FROM users WHERE staff_id = 'CLERK01'").get();
    const call = { connectionId: 'x', stationId: 's' };
    const result = await dispatcher.dispatch('auth.signIn', wrong(), call);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(h.db.sqlite.inTransaction).toBe(false);
    expect(h.counts()).toEqual(before);
    expect(failures()).toEqual({ failed_attempts: 0 });
    expect((await dispatcher.dispatch('auth.signIn', right, call)).ok).toBe(true);
  });
});

describe('the first PIN', () => {
  it('allows nothing but choosing one’s own, which must differ from it', async () => {
    const created = await h.okAsync('admin', 'user.create', {
      staffId: 'VAX09',
      fullName: 'Vaksinator Baharu',
      roles: ['vaccinator'],
    });
    const signedIn = await h.okAsync('vax', 'auth.signIn', {
      staffId: 'VAX09',
      secret: created.firstPin,
    });
    expect(signedIn.mustChangeSecret).toBe(true);
    expect(h.refused('vax', 'vial.list', {})).toBe('PIN_CHANGE_REQUIRED');
    expect(h.refused('vax', 'clock.status', {})).toBe('PIN_CHANGE_REQUIRED');
    expect(
      await h.refusedAsync('vax', 'auth.changeSecret', {
        currentSecret: created.firstPin,
        newSecret: created.firstPin,
      }),
    ).toBe('PIN_REUSED');
    await h.okAsync('vax', 'auth.changeSecret', {
      currentSecret: created.firstPin,
      newSecret: '615243',
    });
    expect(h.call('vax', 'vial.list', {}).ok).toBe(true);
  });

  it('is required again after an admin resets the PIN', async () => {
    const clerk = h
      .ok('admin', 'user.list', { limit: 10 })
      .items.find((u) => u.staffId === 'CLERK01');
    const reset = await h.okAsync('admin', 'user.resetSecret', { userId: clerk!.userId });
    await h.okAsync('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: reset.firstPin });
    expect(h.refused('desk2', 'queue.list', {})).toBe('PIN_CHANGE_REQUIRED');
  });
});
