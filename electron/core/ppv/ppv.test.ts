import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, DAY, HOUR, TEST_PIN, type Harness } from '../testing/harness';
import { MYVAS_CHANGE_SHOWN_MS } from './handlers';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

const settingsInput = {
  name: 'PPV Dewan Komuniti Ujian',
  state: 'W.P. Kuala Lumpur',
  district: 'Kepong',
  myvasEndpoint: null,
  idleLockMinutes: 10,
  exportRowLimit: 50,
  retentionDays: 90,
};

const managerApproval = { staffId: 'MGR01', secret: TEST_PIN };
const myvas = {
  ...settingsInput,
  myvasEndpoint: 'https://myvas.example.invalid/v1',
  myvasToken: 'tok_synthetic_0123456789abcdef',
};

describe('the MyVAS address and token', () => {
  beforeEach(async () => {
    await h.setUpPpv();
    await h.staff('mgr', ['manager'], 'MGR01');
  });

  it('change only with a manager beside the admin, in the same call', async () => {
    const before = h.counts();
    expect(await h.refusedAsync('admin', 'ppv.updateSettings', myvas)).toBe(
      'MYVAS_CHANGE_NEEDS_MANAGER',
    );
    const tokenOnly = { ...settingsInput, myvasToken: myvas.myvasToken };
    expect(await h.refusedAsync('admin', 'ppv.updateSettings', tokenOnly)).toBe(
      'MYVAS_CHANGE_NEEDS_MANAGER',
    );
    expect(h.counts()).toEqual(before);
    // The other settings are the admin's alone.
    expect(
      h.ok('admin', 'ppv.updateSettings', { ...settingsInput, idleLockMinutes: 7 }),
    ).toMatchObject({ idleLockMinutes: 7, myvasEndpoint: null });
    const saved = await h.okAsync('admin', 'ppv.updateSettings', {
      ...myvas,
      approval: managerApproval,
    });
    expect(saved).toMatchObject({ myvasEndpoint: myvas.myvasEndpoint, myvasTokenSet: true });
    const audit = h.db.sqlite
      .prepare<[], { user_id: string; detail: string }>(
        "SELECT user_id, detail FROM audit_log WHERE action = 'ppv.updateSettings' ORDER BY seq DESC LIMIT 1",
      )
      .get();
    const admin = h.ok('admin', 'auth.session', {});
    const manager = h.ok('mgr', 'auth.session', {});
    expect(audit?.user_id).toBe(admin.userId);
    expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({
      approverId: manager.userId,
      myvasTokenChanged: true,
    });
    // Clearing the token is a change too.
    expect(
      await h.refusedAsync('admin', 'ppv.updateSettings', { ...myvas, myvasToken: null }),
    ).toBe('MYVAS_CHANGE_NEEDS_MANAGER');
  });

  it('refuse an approver who is not a manager, or a wrong manager PIN', async () => {
    await h.staff('admin2', ['admin'], 'ADMIN02');
    await h.staff('desk', ['clerk'], 'CLERK01');
    for (const staffId of ['ADMIN02', 'CLERK01', 'ADMIN01']) {
      expect(
        await h.refusedAsync('admin', 'ppv.updateSettings', {
          ...myvas,
          approval: { staffId, secret: TEST_PIN },
        }),
      ).toBe('APPROVER_NOT_ALLOWED');
    }
    expect(
      await h.refusedAsync('admin', 'ppv.updateSettings', {
        ...myvas,
        approval: { staffId: 'MGR01', secret: '000000' },
      }),
    ).toBe('APPROVAL_FAILED');
    expect(h.ok('admin', 'ppv.settings', {}).myvasEndpoint).toBeNull();
  });

  it('show on every desk for 24 hours after a change', async () => {
    expect(h.ok('mgr', 'ppv.myvasChange', {})).toBeNull();
    await h.okAsync('admin', 'ppv.updateSettings', { ...myvas, approval: managerApproval });
    const pushed = h.events.find((e) => e.event === 'ppv.myvasChanged');
    const shown = {
      changedAt: h.clock.now(),
      changedBy: 'ADMIN01',
      approvedBy: 'MGR01',
      endpointChanged: true,
      tokenChanged: true,
      showForMs: MYVAS_CHANGE_SHOWN_MS,
    };
    expect(pushed?.payload).toEqual(shown);
    await h.staff('desk', ['clerk'], 'CLERK01');
    expect(h.ok('desk', 'ppv.myvasChange', {})).toEqual({
      ...shown,
      showForMs: MYVAS_CHANGE_SHOWN_MS,
    });
    h.clock.advance(23 * HOUR);
    await h.okAsync('desk', 'auth.unlock', { secret: TEST_PIN });
    expect(h.ok('desk', 'ppv.myvasChange', {})?.showForMs).toBe(HOUR);
    h.clock.advance(HOUR);
    await h.okAsync('desk', 'auth.unlock', { secret: TEST_PIN });
    expect(h.ok('desk', 'ppv.myvasChange', {})).toBeNull();
  });
});

describe('the PPV', () => {
  it('tells the sign-in screen whether it is set up, without a session', async () => {
    expect(h.ok('anyone', 'ppv.status', {})).toEqual({ setUp: false, ppvCode: null, name: null });
    await h.setUpPpv();
    expect(h.ok('anyone', 'ppv.status', {})).toEqual({
      setUp: true,
      ppvCode: 'PPV-WPKL-0001',
      name: 'PPV Dewan Komuniti Ujian',
    });
  });

  it('keeps the MyVAS token out of every answer and out of the audit log', async () => {
    await h.setUpPpv();
    await h.staff('mgr', ['manager'], 'MGR01');
    const token = 'tok_synthetic_0123456789abcdef';
    const view = await h.okAsync('admin', 'ppv.updateSettings', {
      ...settingsInput,
      myvasToken: token,
      approval: managerApproval,
    });
    expect(view).toMatchObject({ myvasTokenSet: true, idleLockMinutes: 10, exportRowLimit: 50 });
    expect(JSON.stringify(view)).not.toContain(token);
    const audit = h.db.sqlite.prepare<[], { detail: string }>('SELECT detail FROM audit_log').all();
    expect(audit.some((row) => row.detail.includes(token))).toBe(false);
    expect(h.ok('admin', 'ppv.updateSettings', settingsInput).myvasTokenSet).toBe(true);
  });

  it('uses the idle lock setting at once', async () => {
    await h.setUpPpv();
    h.ok('admin', 'ppv.updateSettings', { ...settingsInput, idleLockMinutes: 1 });
    await h.staff('desk', ['clerk']);
    h.clock.advance(61_000);
    expect(h.refused('desk', 'catalogue.products', {})).toBe('SESSION_LOCKED');
  });

  it('sets a closure date from today on, never in the past, and audits the reason', async () => {
    await h.setUpPpv();
    await h.staff('mgr', ['manager']);
    const before = h.counts();
    expect(
      h.refused('mgr', 'ppv.setClosureDate', { closureDate: '2026-03-01', reason: 'Tarikh salah' }),
    ).toBe('CLOSURE_DATE_INVALID');
    expect(h.counts()).toEqual(before);
    expect(
      h.ok('mgr', 'ppv.setClosureDate', { closureDate: '2026-03-31', reason: 'PPV ditutup' })
        .closureDate,
    ).toBe('2026-03-31');
    h.clock.advance(40 * DAY);
    await h.okAsync('mgr', 'auth.unlock', { secret: TEST_PIN });
    expect(h.refused('mgr', 'day.open', { channel: 'walk-in' })).toBe('PPV_CLOSED');
  });
});
