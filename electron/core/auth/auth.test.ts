import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenDayLookup } from '../days/open-day';
import { createSettings } from '../ppv/settings';
import type { DomainError } from '../shared/errors';
import { createHarness, MINUTE, TEST_PIN, type Harness } from '../testing/harness';
import { createUsers } from './users';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.setUpPpv();
});
afterEach(() => h.close());

const auditActions = () =>
  h.db.sqlite
    .prepare<[], { action: string }>('SELECT action FROM audit_log ORDER BY seq')
    .all()
    .map((row) => row.action);

const userRow = (staffId: string) =>
  h.db.sqlite
    .prepare<[string], { id: string; secret_hash: string; failed_attempts: number }>(
      'SELECT id, secret_hash, failed_attempts FROM users WHERE staff_id = ?',
    )
    .get(staffId);

describe('first set-up', () => {
  it('happens once: a second set-up is refused', async () => {
    expect(
      await h.refusedAsync('other', 'ppv.setUp', {
        ppvCode: 'PPV-SGR-0002',
        name: 'Lain',
        state: 'Selangor',
        district: 'Klang',
        admin: { staffId: 'ADMIN02', fullName: 'Orang Lain', secret: TEST_PIN },
      }),
    ).toBe('PPV_ALREADY_SET_UP');
  });

  it('refuses a trivial secret for the first admin', async () => {
    const fresh = createHarness();
    try {
      expect(
        await fresh.refusedAsync('setup', 'ppv.setUp', {
          ppvCode: 'PPV-SGR-0002',
          name: 'Lain',
          state: 'Selangor',
          district: 'Klang',
          admin: { staffId: 'ADMIN01', fullName: 'Pentadbir', secret: '123456' },
        }),
      ).toBe('PIN_TRIVIAL');
      expect(fresh.counts().users).toBe(0);
    } finally {
      fresh.close();
    }
  });
});

describe('sign-in', () => {
  it('signs in with the right PIN and says who is signed in', async () => {
    await h.staff('desk1', ['clerk'], 'CLERK01');
    expect(h.ok('desk1', 'auth.session', {})).toMatchObject({
      staffId: 'CLERK01',
      roles: ['clerk'],
    });
    expect(auditActions()).toContain('auth.signIn');
  });

  it('refuses a wrong PIN, counts it on the account and audits it', async () => {
    await h.staff('desk1', ['clerk'], 'CLERK01');
    expect(
      await h.refusedAsync('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: '000000' }),
    ).toBe('SIGN_IN_FAILED');
    expect(auditActions().at(-1)).toBe('auth.signInFailed');
    expect(userRow('CLERK01')?.failed_attempts).toBe(1);
  });

  it('a success clears the failures', async () => {
    await h.staff('desk1', ['clerk'], 'CLERK01');
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await h.refusedAsync('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: '111111' });
    }
    await h.okAsync('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN });
    expect(userRow('CLERK01')?.failed_attempts).toBe(0);
  });

  it('ends a disabled account’s open sessions and refuses it like a wrong PIN', async () => {
    const clerk = await h.staff('desk1', ['clerk'], 'CLERK01');
    h.ok('admin', 'user.setActive', {
      userId: clerk.userId,
      active: false,
      reason: 'Berhenti kerja',
    });
    expect(h.refused('desk1', 'catalogue.products', {})).toBe('UNAUTHENTICATED');
    expect(
      await h.refusedAsync('desk2', 'auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN }),
    ).toBe('SIGN_IN_FAILED');
  });

  it('takes a role change into effect on the next call', async () => {
    const manager = await h.staff('desk1', ['manager'], 'MGR01');
    expect(h.call('desk1', 'ppv.settings', {}).ok).toBe(true);
    h.ok('admin', 'user.update', {
      userId: manager.userId,
      fullName: manager.fullName,
      roles: ['clerk'],
    });
    expect(h.refused('desk1', 'ppv.settings', {})).toBe('FORBIDDEN');
  });

  it('signs out', async () => {
    await h.staff('desk1', ['clerk']);
    h.ok('desk1', 'auth.signOut', {});
    expect(h.refused('desk1', 'auth.session', {})).toBe('UNAUTHENTICATED');
  });
});

describe('idle lock', () => {
  it('locks a desk after the idle period; the same user unlocks with their PIN', async () => {
    await h.staff('desk1', ['clerk']);
    h.clock.advance(5 * MINUTE - 1);
    expect(h.call('desk1', 'catalogue.products', {}).ok).toBe(true);
    h.clock.advance(5 * MINUTE + 1);
    expect(h.refused('desk1', 'catalogue.products', {})).toBe('SESSION_LOCKED');
    expect(h.events.some((e) => e.event === 'session.locked')).toBe(true);
    expect(await h.refusedAsync('desk1', 'auth.unlock', { secret: '999999' })).toBe(
      'SIGN_IN_FAILED',
    );
    await h.okAsync('desk1', 'auth.unlock', { secret: TEST_PIN });
    expect(h.call('desk1', 'catalogue.products', {}).ok).toBe(true);
  });

  it('does not count a scanner burst as activity', async () => {
    await h.staff('desk1', ['clerk']);
    h.clock.advance(4 * MINUTE);
    h.app.dispatchSync(
      'catalogue.products',
      {},
      { connectionId: 'desk1', stationId: 's', viaScanner: true },
    );
    h.clock.advance(2 * MINUTE);
    expect(h.refused('desk1', 'catalogue.products', {})).toBe('SESSION_LOCKED');
  });

  it('is not fooled by a change of the PC clock', async () => {
    await h.staff('desk1', ['clerk']);
    h.clock.setWallClock(h.clock.now() + 60 * MINUTE);
    expect(h.call('desk1', 'catalogue.products', {}).ok).toBe(true);
  });

  it('locks on request', async () => {
    await h.staff('desk1', ['clerk']);
    h.ok('desk1', 'auth.lock', {});
    expect(h.refused('desk1', 'catalogue.products', {})).toBe('SESSION_LOCKED');
  });
});

describe('PINs', () => {
  it('refuses short and trivial PINs and passwords of one’s own', async () => {
    await h.staff('desk1', ['clerk'], 'CLERK01');
    const change = (newSecret: string) =>
      h.refusedAsync('desk1', 'auth.changeSecret', {
        currentSecret: TEST_PIN,
        newSecret,
        witness: null,
      });
    for (const weak of ['12345', 'abc', 'shortpass'])
      expect(await change(weak)).toBe('PIN_TOO_WEAK');
    const trivial = [
      '000000', // one repeated digit
      '77777777',
      '123456', // ascending
      '901234', // ascending across 9→0
      '876543', // descending
      '150390', // DDMMYY
      '900315', // YYMMDD
      '15031990', // DDMMYYYY
      '19900315', // YYYYMMDD
      'aaaaaaaaaaaa', // one repeated character
    ];
    for (const secret of trivial) expect(await change(secret)).toBe('PIN_TRIVIAL');
    // Not every run of digits is a date: 31 February is not one, and 482916 is a fine PIN.
    await h.okAsync('desk1', 'auth.changeSecret', {
      currentSecret: TEST_PIN,
      newSecret: '310290',
      witness: null,
    });
  });

  it('stores a memory-hard hash, never the PIN', async () => {
    await h.staff('desk1', ['clerk'], 'CLERK01');
    const row = userRow('CLERK01');
    expect(row?.secret_hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(row?.secret_hash).not.toContain(TEST_PIN);
  });

  it('asks for the current PIN and a different new one', async () => {
    await h.staff('desk1', ['clerk'], 'CLERK01');
    expect(
      await h.refusedAsync('desk1', 'auth.changeSecret', {
        currentSecret: '000001',
        newSecret: '615243',
        witness: null,
      }),
    ).toBe('SIGN_IN_FAILED');
    expect(
      await h.refusedAsync('desk1', 'auth.changeSecret', {
        currentSecret: TEST_PIN,
        newSecret: TEST_PIN,
        witness: null,
      }),
    ).toBe('PIN_REUSED');
  });
});

describe('user management', () => {
  it('refuses a taken staff ID', async () => {
    await h.staff('desk1', ['clerk'], 'CLERK01');
    expect(
      await h.refusedAsync('admin', 'user.create', {
        staffId: 'clerk01',
        fullName: 'Sama',
        roles: ['clerk'],
      }),
    ).toBe('STAFF_ID_TAKEN');
  });

  it('keeps at least one active admin, and an admin cannot change their own roles', async () => {
    const me = h.ok('admin', 'auth.session', {});
    expect(
      h.refused('admin', 'user.update', { userId: me.userId, fullName: 'X', roles: ['clerk'] }),
    ).toBe('SELF_CHANGE');
    const second = await h.staff('admin2', ['admin'], 'ADMIN02');
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

  it('pages the staff list', async () => {
    for (let index = 0; index < 4; index += 1) await h.staff(`d${index}`, ['clerk']);
    const first = h.ok('admin', 'user.list', { limit: 3 });
    expect(first.items).toHaveLength(3);
    const second = h.ok('admin', 'user.list', { limit: 3, cursor: first.nextCursor });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
  });
});

describe('guards the dispatcher cannot reach', () => {
  it('never removes the last active admin, even called directly', () => {
    const users = createUsers(h.db, () => crypto.randomUUID());
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
