import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenDayLookup } from '../days/open-day';
import { createSettings } from '../ppv/settings';
import type { DomainError } from '../shared/errors';
import { createHarness, MINUTE, TEST_PIN, type Harness } from '../testing/harness';
import { createUsers } from './users';

let h: Harness;
beforeEach(() => {
  h = createHarness();
  h.setUpPpv();
});
afterEach(() => h.close());

const auditActions = () =>
  h.db.sqlite
    .prepare<[], { action: string }>('SELECT action FROM audit_log ORDER BY seq')
    .all()
    .map((row) => row.action);

describe('first set-up', () => {
  it('happens once: a second set-up is refused', () => {
    expect(
      h.refused('other', 'ppv.setUp', {
        ppvCode: 'PPV-SGR-0002',
        name: 'Lain',
        state: 'Selangor',
        district: 'Klang',
        admin: { staffId: 'ADMIN02', fullName: 'Orang Lain', secret: TEST_PIN },
      }),
    ).toBe('PPV_ALREADY_SET_UP');
  });
});

describe('sign-in', () => {
  it('signs in with the right PIN and says who is signed in', () => {
    h.staff('desk1', ['clerk'], 'CLERK01');
    expect(h.ok('desk1', 'auth.session', {})).toMatchObject({
      staffId: 'CLERK01',
      roles: ['clerk'],
    });
    expect(auditActions()).toContain('auth.signIn');
  });

  it('refuses a wrong PIN, counts it and audits it', () => {
    h.staff('desk1', ['clerk'], 'CLERK01');
    expect(h.refused('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: '000000' })).toBe(
      'SIGN_IN_FAILED',
    );
    expect(auditActions().at(-1)).toBe('auth.signInFailed');
    const row = h.db.sqlite
      .prepare("SELECT failed_attempts FROM users WHERE staff_id = 'CLERK01'")
      .get();
    expect(row).toEqual({ failed_attempts: 1 });
  });

  it('refuses an unknown staff ID with the same message as a wrong PIN', () => {
    expect(h.refused('desk2', 'auth.signIn', { staffId: 'NOBODY', secret: TEST_PIN })).toBe(
      'SIGN_IN_FAILED',
    );
  });

  it('locks the account for 15 minutes at the fifth failure, even against the right PIN', () => {
    h.staff('desk1', ['clerk'], 'CLERK01');
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect(h.refused('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: '111111' })).toBe(
        'SIGN_IN_FAILED',
      );
    }
    expect(h.refused('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: '111111' })).toBe(
      'ACCOUNT_LOCKED',
    );
    expect(h.refused('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN })).toBe(
      'ACCOUNT_LOCKED',
    );
    h.clock.advance(14 * MINUTE);
    expect(h.refused('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN })).toBe(
      'ACCOUNT_LOCKED',
    );
    h.clock.advance(MINUTE + 1);
    expect(h.ok('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN }).staffId).toBe(
      'CLERK01',
    );
  });

  it('a success resets the failure count', () => {
    h.staff('desk1', ['clerk'], 'CLERK01');
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      h.refused('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: '111111' });
    }
    h.ok('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN });
    expect(h.refused('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: '111111' })).toBe(
      'SIGN_IN_FAILED',
    );
  });

  it('refuses a disabled account and ends its open sessions', () => {
    const clerk = h.staff('desk1', ['clerk'], 'CLERK01');
    h.ok('admin', 'user.setActive', {
      userId: clerk.userId,
      active: false,
      reason: 'Berhenti kerja',
    });
    expect(h.refused('desk1', 'catalogue.products', {})).toBe('UNAUTHENTICATED');
    expect(h.refused('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN })).toBe(
      'ACCOUNT_DISABLED',
    );
  });

  it('takes a role change into effect on the next call', () => {
    const manager = h.staff('desk1', ['manager'], 'MGR01');
    expect(h.call('desk1', 'ppv.settings', {}).ok).toBe(true);
    h.ok('admin', 'user.update', {
      userId: manager.userId,
      fullName: manager.fullName,
      roles: ['clerk'],
    });
    expect(h.refused('desk1', 'ppv.settings', {})).toBe('FORBIDDEN');
  });

  it('signs out', () => {
    h.staff('desk1', ['clerk']);
    h.ok('desk1', 'auth.signOut', {});
    expect(h.refused('desk1', 'auth.session', {})).toBe('UNAUTHENTICATED');
  });
});

describe('idle lock', () => {
  it('locks a desk after the idle period; the same user unlocks with their PIN', () => {
    h.staff('desk1', ['clerk']);
    h.clock.advance(5 * MINUTE - 1);
    expect(h.call('desk1', 'catalogue.products', {}).ok).toBe(true);
    h.clock.advance(5 * MINUTE + 1);
    expect(h.refused('desk1', 'catalogue.products', {})).toBe('SESSION_LOCKED');
    expect(h.events.some((e) => e.event === 'session.locked')).toBe(true);
    expect(h.refused('desk1', 'auth.unlock', { secret: '999999' })).toBe('SIGN_IN_FAILED');
    h.ok('desk1', 'auth.unlock', { secret: TEST_PIN });
    expect(h.call('desk1', 'catalogue.products', {}).ok).toBe(true);
  });

  it('does not count a scanner burst as activity', () => {
    h.staff('desk1', ['clerk']);
    h.clock.advance(4 * MINUTE);
    h.app.dispatchSync(
      'catalogue.products',
      {},
      { connectionId: 'desk1', stationId: 's', viaScanner: true },
    );
    h.clock.advance(2 * MINUTE);
    expect(h.refused('desk1', 'catalogue.products', {})).toBe('SESSION_LOCKED');
  });

  it('is not fooled by a change of the PC clock', () => {
    h.staff('desk1', ['clerk']);
    h.clock.setWallClock(h.clock.now() + 60 * MINUTE);
    expect(h.call('desk1', 'catalogue.products', {}).ok).toBe(true);
  });

  it('locks on request', () => {
    h.staff('desk1', ['clerk']);
    h.ok('desk1', 'auth.lock', {});
    expect(h.refused('desk1', 'catalogue.products', {})).toBe('SESSION_LOCKED');
  });
});

describe('PIN rules and user management', () => {
  it('refuses weak PINs', () => {
    for (const secret of ['12345', 'abc', 'shortpass']) {
      expect(
        h.refused('admin', 'user.create', {
          staffId: 'NEW01',
          fullName: 'Baru',
          roles: ['clerk'],
          secret,
        }),
      ).toBe('PIN_TOO_WEAK');
    }
  });

  it('stores a memory-hard hash, never the PIN', () => {
    h.staff('desk1', ['clerk'], 'CLERK01');
    const row = h.db.sqlite
      .prepare<[], { secret_hash: string }>(
        "SELECT secret_hash FROM users WHERE staff_id = 'CLERK01'",
      )
      .get();
    expect(row?.secret_hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(row?.secret_hash).not.toContain(TEST_PIN);
  });

  it('refuses a taken staff ID', () => {
    h.staff('desk1', ['clerk'], 'CLERK01');
    expect(
      h.refused('admin', 'user.create', {
        staffId: 'clerk01',
        fullName: 'Sama',
        roles: ['clerk'],
        secret: TEST_PIN,
      }),
    ).toBe('STAFF_ID_TAKEN');
  });

  it('keeps at least one active admin, and an admin cannot change their own roles', () => {
    const me = h.ok('admin', 'auth.session', {});
    expect(
      h.refused('admin', 'user.update', { userId: me.userId, fullName: 'X', roles: ['clerk'] }),
    ).toBe('SELF_CHANGE');
    const second = h.staff('admin2', ['admin'], 'ADMIN02');
    h.ok('admin2', 'user.setActive', {
      userId: me.userId,
      active: false,
      reason: 'Bertukar tempat',
    });
    expect(
      h.refused('admin2', 'user.update', {
        userId: second.userId,
        fullName: 'Y',
        roles: ['clerk'],
      }),
    ).toBe('SELF_CHANGE');
  });

  it('resets a PIN and clears a lock', () => {
    const clerk = h.staff('desk1', ['clerk'], 'CLERK01');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      h.refused('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: '111111' });
    }
    h.ok('admin', 'user.resetSecret', { userId: clerk.userId, secret: '735102' });
    expect(
      h.ok('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: '735102' }).mustChangeSecret,
    ).toBe(true);
    h.ok('desk2', 'auth.changeSecret', { currentSecret: '735102', newSecret: '902713' });
    expect(h.ok('desk2', 'auth.session', {}).mustChangeSecret).toBe(false);
  });

  it('pages the staff list', () => {
    for (let index = 0; index < 4; index += 1) h.staff(`d${index}`, ['clerk']);
    const first = h.ok('admin', 'user.list', { limit: 3 });
    expect(first.items).toHaveLength(3);
    const second = h.ok('admin', 'user.list', { limit: 3, cursor: first.nextCursor });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
  });
});

describe('guards the dispatcher cannot reach', () => {
  it('never removes the last active admin, even called directly', () => {
    const users = createUsers(h.db, { N: 2 ** 10, r: 8, p: 1 }, () => crypto.randomUUID());
    const admin = h.ok('admin', 'auth.session', {});
    const code = (() => {
      try {
        users.setActive('some-other-admin', admin.userId, false, h.clock.now());
        return 'none';
      } catch (error) {
        return (error as DomainError).code;
      }
    })();
    expect(code).toBe('LAST_ADMIN');
  });

  it('refuses an unknown user', () => {
    expect(
      h.refused('admin', 'user.update', {
        userId: '01900000-0000-7000-8000-000000000000',
        fullName: 'Tiada',
        roles: ['clerk'],
      }),
    ).toBe('USER_NOT_FOUND');
  });

  it('needs the PPV set up before its settings can be read', () => {
    const fresh = createHarness();
    try {
      expect(() => createSettings(fresh.db).get()).toThrow(
        expect.objectContaining({ code: 'PPV_NOT_SET_UP' }),
      );
      expect(() =>
        createOpenDayLookup(fresh.db).byId('01900000-0000-7000-8000-000000000000'),
      ).toThrow(expect.objectContaining({ code: 'DAY_NOT_FOUND' }));
    } finally {
      fresh.close();
    }
  });
});
