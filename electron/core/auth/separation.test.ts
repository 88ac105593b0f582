/**
 * Separation of duties: an admin holds no other role; granting a manager's or an admin's role, or
 * resetting their PIN, needs a second person; first PINs are the console's, shown once, and a
 * privileged one is left only with its approver as witness.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open';
import {
  createHarness,
  TEST_HASH_COST,
  TEST_KEY,
  TEST_PIN,
  type Harness,
} from '../testing/harness';
import { createSecretHasher, isTrivialSecret } from './secrets';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.setUpPpv();
});
afterEach(() => h.close());

const as = (staffId: string) => ({ staffId, secret: TEST_PIN });
const idOf = (staffId: string) =>
  h.db.sqlite
    .prepare<[string], { id: string }>('SELECT id FROM users WHERE staff_id = ?')
    .get(staffId)!.id;
const lastAudit = (action: string) =>
  h.db.sqlite
    .prepare<[string], { user_id: string | null; entity_id: string | null; detail: string }>(
      'SELECT user_id, entity_id, detail FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1',
    )
    .get(action);

/** A manager, MGR01, the PPV's first: made by the admin alone, as only the first can be. */
const firstManager = () => h.staff('mgr', ['manager'], 'MGR01');

describe('an admin account', () => {
  it('holds no other role: not when created, not when changed, not in the database', async () => {
    await firstManager();
    expect(
      await h.refusedAsync('admin', 'user.create', {
        staffId: 'BOTH01',
        fullName: 'Dua Peranan',
        roles: ['admin', 'clerk'],
        approval: as('MGR01'),
      }),
    ).toBe('ROLES_SEPARATED');
    const clerk = await h.staff('desk', ['clerk'], 'CLERK01');
    expect(
      await h.refusedAsync('admin', 'user.update', {
        userId: clerk.userId,
        fullName: clerk.fullName,
        roles: ['clerk', 'admin'],
        approval: as('MGR01'),
      }),
    ).toBe('ROLES_SEPARATED');
    expect(() =>
      h.db.userWriteGate.run(() =>
        h.db.sqlite
          .prepare("INSERT INTO user_roles (user_id, role) VALUES (?, 'admin')")
          .run(clerk.userId),
      ),
    ).toThrow(/ROLES_SEPARATED/);
    expect(h.ok('admin', 'user.list', { limit: 10 }).items.map((u) => u.roles)).toEqual([
      ['admin'],
      ['clerk'],
      ['manager'],
    ]);
  });

  it('cannot give itself a second role, approved or not', async () => {
    await firstManager();
    const me = h.ok('admin', 'auth.session', {});
    const change = (roles: Array<'admin' | 'manager'>) =>
      h.refusedAsync('admin', 'user.update', {
        userId: me.userId,
        fullName: me.fullName,
        roles,
        approval: as('MGR01'),
      });
    expect(await change(['admin', 'manager'])).toBe('ROLES_SEPARATED');
    expect(await change(['manager'])).toBe('SELF_CHANGE');
  });
});

describe('granting the manager or admin role', () => {
  it('is the admin’s alone for the PPV’s first manager only, and never again', async () => {
    const first = await firstManager();
    expect(JSON.parse(lastAudit('user.create')!.detail)).toMatchObject({ approverId: null });
    expect(
      await h.refusedAsync('admin', 'user.create', {
        staffId: 'MGR02',
        fullName: 'Pengurus Kedua',
        roles: ['manager'],
      }),
    ).toBe('APPROVAL_REQUIRED');
    // Disabling the first manager and taking the role away does not bring the exception back.
    h.ok('admin', 'user.update', {
      userId: first.userId,
      fullName: first.fullName,
      roles: ['clerk'],
    });
    h.ok('admin', 'user.setActive', { userId: first.userId, active: false, reason: 'Bertukar' });
    expect(
      await h.refusedAsync('admin', 'user.create', {
        staffId: 'MGR03',
        fullName: 'Pengurus Ketiga',
        roles: ['manager'],
      }),
    ).toBe('APPROVAL_REQUIRED');
  });

  it('needs another admin or a manager, never the admin acting nor the person changed', async () => {
    await firstManager();
    const clerk = await h.staff('desk', ['clerk'], 'CLERK01');
    const grant = (approval: { staffId: string; secret: string } | null) =>
      h.callAsync('admin', 'user.update', {
        userId: clerk.userId,
        fullName: clerk.fullName,
        roles: ['clerk', 'manager'],
        approval,
      });
    const codeOf = async (approval: { staffId: string; secret: string } | null) => {
      const result = await grant(approval);
      return result.ok ? 'ok' : result.error.code;
    };
    expect(await codeOf(null)).toBe('APPROVAL_REQUIRED');
    expect(await codeOf(as('ADMIN01'))).toBe('APPROVER_NOT_ALLOWED');
    expect(await codeOf(as('CLERK01'))).toBe('APPROVER_NOT_ALLOWED');
    expect(await codeOf({ staffId: 'MGR01', secret: '000000' })).toBe('APPROVAL_FAILED');
    expect(lastAudit('user.update.approvalFailed')).toMatchObject({
      user_id: idOf('ADMIN01'),
      entity_id: idOf('MGR01'),
    });
    expect(h.ok('desk', 'auth.session', {}).roles).toEqual(['clerk']);
    expect(await codeOf(as('MGR01'))).toBe('ok');
    expect(lastAudit('user.update')).toMatchObject({ user_id: idOf('ADMIN01') });
    expect(JSON.parse(lastAudit('user.update')!.detail)).toMatchObject({
      roles: ['clerk', 'manager'],
      approverId: idOf('MGR01'),
    });
  });

  it('needs an approval for a second admin too', async () => {
    expect(
      await h.refusedAsync('admin', 'user.create', {
        staffId: 'ADMIN02',
        fullName: 'Pentadbir Kedua',
        roles: ['admin'],
      }),
    ).toBe('APPROVAL_REQUIRED');
    await firstManager();
    await h.okAsync('admin', 'user.create', {
      staffId: 'ADMIN02',
      fullName: 'Pentadbir Kedua',
      roles: ['admin'],
      approval: as('MGR01'),
    });
  });

  it('refuses an approver still on a first PIN', async () => {
    await firstManager();
    await h.okAsync('admin', 'user.create', {
      staffId: 'MGR02',
      fullName: 'Pengurus Kedua',
      roles: ['manager'],
      approval: as('MGR01'),
    });
    const mgr2 = await h.okAsync('admin', 'user.resetSecret', {
      userId: idOf('MGR02'),
      approval: as('MGR01'),
    });
    expect(
      await h.refusedAsync('admin', 'user.create', {
        staffId: 'MGR03',
        fullName: 'Pengurus Ketiga',
        roles: ['manager'],
        approval: { staffId: 'MGR02', secret: mgr2.firstPin },
      }),
    ).toBe('APPROVER_NOT_ALLOWED');
  });
});

describe('first PINs', () => {
  it('are generated by the console, returned once, and never stored or logged in clear', async () => {
    const created = await h.okAsync('admin', 'user.create', {
      staffId: 'CLERK01',
      fullName: 'Kerani Baharu',
      roles: ['clerk'],
    });
    expect(created.firstPin).toMatch(/^[0-9]{8}$/);
    expect(isTrivialSecret(created.firstPin)).toBe(false);
    const another = await h.okAsync('admin', 'user.create', {
      staffId: 'CLERK02',
      fullName: 'Kerani Lain',
      roles: ['clerk'],
    });
    expect(another.firstPin).not.toBe(created.firstPin);
    expect(JSON.stringify(h.ok('admin', 'user.list', { limit: 10 }))).not.toContain(
      created.firstPin,
    );
    for (const table of ['audit_log', 'users', 'sign_in_notices']) {
      const rows = JSON.stringify(h.db.sqlite.prepare(`SELECT * FROM ${table}`).all());
      expect(rows).not.toContain(created.firstPin);
    }
    const signedIn = await h.okAsync('new', 'auth.signIn', {
      staffId: 'CLERK01',
      secret: created.firstPin,
    });
    expect(signedIn.mustChangeSecret).toBe(true);
  });

  it('of a manager’s account cannot be left by the admin who saw it, only with the approver', async () => {
    await firstManager();
    await h.staff('admin2', ['admin'], 'ADMIN02');
    const created = await h.okAsync('admin', 'user.create', {
      staffId: 'MGR02',
      fullName: 'Pengurus Kedua',
      roles: ['manager'],
      approval: as('MGR01'),
    });
    await h.okAsync('sneaky', 'auth.signIn', { staffId: 'MGR02', secret: created.firstPin });
    const change = (witness: { staffId: string; secret: string } | null) =>
      h.refusalAsync('sneaky', 'auth.changeSecret', {
        currentSecret: created.firstPin,
        newSecret: '615243',
        witness,
      });
    const withoutWitness = await change(null);
    expect(withoutWitness.code).toBe('WITNESS_REQUIRED');
    expect(withoutWitness.message.en).toContain('MGR01');
    expect((await change(as('ADMIN01'))).code).toBe('APPROVER_NOT_ALLOWED');
    // Another admin, even one who could approve, is not the approver of this PIN.
    expect((await change(as('ADMIN02'))).code).toBe('APPROVER_NOT_ALLOWED');
    expect(h.refused('sneaky', 'day.open', { channel: 'walk-in' })).toBe('PIN_CHANGE_REQUIRED');
    await h.okAsync('sneaky', 'auth.changeSecret', {
      currentSecret: created.firstPin,
      newSecret: '615243',
      witness: as('MGR01'),
    });
    expect(JSON.parse(lastAudit('auth.changeSecret')!.detail)).toMatchObject({
      witnessId: idOf('MGR01'),
    });
  });

  it('of a manager, reset, needs an approval, ends their sessions and waits for the approver', async () => {
    await firstManager();
    await h.staff('mgr2', ['manager'], 'MGR02');
    const target = idOf('MGR01');
    expect(await h.refusedAsync('admin', 'user.resetSecret', { userId: target })).toBe(
      'APPROVAL_REQUIRED',
    );
    expect(
      await h.refusedAsync('admin', 'user.resetSecret', { userId: target, approval: as('MGR01') }),
    ).toBe('APPROVER_NOT_ALLOWED');
    const reset = await h.okAsync('admin', 'user.resetSecret', {
      userId: target,
      approval: as('MGR02'),
    });
    expect(h.refused('mgr', 'auth.session', {})).toBe('UNAUTHENTICATED');
    await h.okAsync('mgr', 'auth.signIn', { staffId: 'MGR01', secret: reset.firstPin });
    expect(
      await h.refusedAsync('mgr', 'auth.changeSecret', {
        currentSecret: reset.firstPin,
        newSecret: '615243',
        witness: null,
      }),
    ).toBe('WITNESS_REQUIRED');
    await h.okAsync('mgr', 'auth.changeSecret', {
      currentSecret: reset.firstPin,
      newSecret: '615243',
      witness: as('MGR02'),
    });
  });
});

describe('a person whose PIN was reset', () => {
  it('is told at their next sign-in, and by whom, once', async () => {
    const clerk = await h.staff('desk', ['clerk'], 'CLERK01');
    const reset = await h.okAsync('admin', 'user.resetSecret', { userId: clerk.userId });
    const signedIn = await h.okAsync('desk2', 'auth.signIn', {
      staffId: 'CLERK01',
      secret: reset.firstPin,
    });
    expect(signedIn.notices).toEqual([
      {
        kind: 'pin-reset',
        at: h.clock.now(),
        byStaffId: 'ADMIN01',
        byName: 'Pentadbir Ujian',
      },
    ]);
    const again = await h.okAsync('desk3', 'auth.signIn', {
      staffId: 'CLERK01',
      secret: reset.firstPin,
    });
    expect(again.notices).toEqual([]);
  });
});

describe('accounts that held admin with other roles before separation of duties', () => {
  it('keep admin, and the admin is told at the next sign-in which roles went, and why', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ppv-separation-'));
    const file = path.join(dir, 'ppv.db');
    try {
      const before = openDatabase({ file, key: TEST_KEY, migrateTo: 7 });
      const secretHash = await createSecretHasher(TEST_HASH_COST).hash(TEST_PIN);
      const id = '00000000-0000-7000-8000-0000000000a1';
      before.userWriteGate.run(() => {
        before.sqlite
          .prepare(
            `INSERT INTO ppv_settings (id, ppv_code, name, state, district, updated_at) VALUES (1, 'PPV-JHR-0009', 'PPV Lama', 'Johor', 'Muar', 1)`,
          )
          .run();
        before.sqlite
          .prepare(
            `INSERT INTO users (id, staff_id, full_name, secret_hash, active, must_change_secret, created_at, updated_at)
             VALUES (?, 'BOSS01', 'Ketua Lama', ?, 1, 0, 1, 1)`,
          )
          .run(id, secretHash);
        for (const role of ['admin', 'manager', 'clerk']) {
          before.sqlite
            .prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)')
            .run(id, role);
        }
      });
      await before.close();

      const after = createHarness({ file });
      try {
        const signedIn = await after.okAsync('boss', 'auth.signIn', as('BOSS01'));
        expect(signedIn.roles).toEqual(['admin']);
        expect(signedIn.notices).toEqual([
          { kind: 'roles-removed', at: expect.any(Number), roles: ['clerk', 'manager'] },
        ]);
        const audit = after.ok('boss', 'audit.list', { limit: 10 }).items;
        expect(audit.find((entry) => entry.action === 'user.rolesSeparated')).toMatchObject({
          entityId: id,
          detail: { removedRoles: ['clerk', 'manager'] },
        });
        expect(after.ok('boss', 'audit.verify', {})).toMatchObject({ intact: true, problems: [] });
        expect((await after.okAsync('boss2', 'auth.signIn', as('BOSS01'))).notices).toEqual([]);
      } finally {
        after.db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
