import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../audit';
import { createDispatcher } from '../dispatch/dispatcher';
import type { Handlers } from '../dispatch/types';
import { silentLogger } from '../shared/log';
import { createHarness, FIRST_PIN, TEST_PIN, type Harness } from '../testing/harness';
import { authHandlers } from './handlers';
import { createSessions } from './sessions';
import { createUsers } from './users';

let h: Harness;
beforeEach(() => {
  h = createHarness();
  h.setUpPpv();
  h.staff('desk', ['clerk'], 'CLERK01');
});
afterEach(() => h.close());

const lastAudit = () =>
  h.db.sqlite
    .prepare<[], { action: string; detail: string }>(
      'SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1',
    )
    .get();

describe('PIN guessing', () => {
  it('counts a wrong current PIN when changing it, and locks at the fifth', () => {
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect(
        h.refused('desk', 'auth.changeSecret', { currentSecret: '000000', newSecret: '902713' }),
      ).toBe('SIGN_IN_FAILED');
      expect(lastAudit()?.action).toBe('auth.changeSecretFailed');
    }
    expect(
      h.refused('desk', 'auth.changeSecret', { currentSecret: '000000', newSecret: '902713' }),
    ).toBe('ACCOUNT_LOCKED');
    expect(h.refused('other', 'auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN })).toBe(
      'ACCOUNT_LOCKED',
    );
  });

  it('keeps what was typed as an unknown staff ID out of the audit log', () => {
    h.refused('other', 'auth.signIn', { staffId: '482916', secret: TEST_PIN });
    expect(lastAudit()?.action).toBe('auth.signInFailed');
    expect(lastAudit()?.detail).not.toContain('482916');
    expect(JSON.parse(lastAudit()?.detail ?? '{}')).toEqual({
      outcome: 'SIGN_IN_FAILED',
      knownAccount: false,
    });
  });
});

describe('a refusal that keeps its writes', () => {
  it('rolls everything back when its audit entry cannot be written, and the next call works', () => {
    const users = createUsers(h.db, { N: 2 ** 10, r: 8, p: 1 }, () => crypto.randomUUID());
    const sessions = createSessions(h.clock, () => 5);
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
      handlers: authHandlers(users, sessions) as unknown as Handlers,
      audit: failingAudit,
      users,
      sessions,
      clock: h.app.clock,
      log: silentLogger,
      publish: () => undefined,
    });
    const before = h.counts();
    const failures = () =>
      h.db.sqlite.prepare("SELECT failed_attempts FROM users WHERE staff_id = 'CLERK01'").get();
    const result = dispatcher.dispatch(
      'auth.signIn',
      { staffId: 'CLERK01', secret: '000000' },
      { connectionId: 'x', stationId: 's' },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(h.db.sqlite.inTransaction).toBe(false);
    expect(h.counts()).toEqual(before);
    expect(failures()).toEqual({ failed_attempts: 0 });
    expect(
      dispatcher.dispatch(
        'auth.signIn',
        { staffId: 'CLERK01', secret: TEST_PIN },
        { connectionId: 'x', stationId: 's' },
      ).ok,
    ).toBe(true);
  });
});

describe('the first PIN an admin gives', () => {
  it('allows nothing but choosing one’s own PIN, which must differ from it', () => {
    h.ok('admin', 'user.create', {
      staffId: 'VAX09',
      fullName: 'Vaksinator Baharu',
      roles: ['vaccinator'],
      secret: FIRST_PIN,
    });
    expect(
      h.ok('vax', 'auth.signIn', { staffId: 'VAX09', secret: FIRST_PIN }).mustChangeSecret,
    ).toBe(true);
    expect(h.refused('vax', 'vial.list', {})).toBe('PIN_CHANGE_REQUIRED');
    expect(h.refused('vax', 'clock.status', {})).toBe('PIN_CHANGE_REQUIRED');
    expect(
      h.refused('vax', 'auth.changeSecret', { currentSecret: FIRST_PIN, newSecret: FIRST_PIN }),
    ).toBe('PIN_REUSED');
    h.ok('vax', 'auth.changeSecret', { currentSecret: FIRST_PIN, newSecret: '615243' });
    expect(h.call('vax', 'vial.list', {}).ok).toBe(true);
  });

  it('is required again after an admin resets the PIN', () => {
    const clerk = h
      .ok('admin', 'user.list', { limit: 10 })
      .items.find((u) => u.staffId === 'CLERK01');
    h.ok('admin', 'user.resetSecret', { userId: clerk!.userId, secret: FIRST_PIN });
    h.ok('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: FIRST_PIN });
    expect(h.refused('desk2', 'queue.list', {})).toBe('PIN_CHANGE_REQUIRED');
  });
});
