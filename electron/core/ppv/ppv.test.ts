import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, DAY, TEST_PIN, type Harness } from '../testing/harness';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

const settingsInput = {
  name: 'PPV Dewan Komuniti Ujian',
  state: 'W.P. Kuala Lumpur',
  district: 'Kepong',
  myvasEndpoint: 'https://myvas.example.invalid/v1',
  idleLockMinutes: 10,
  exportRowLimit: 50,
  retentionDays: 90,
};

describe('the PPV', () => {
  it('tells the sign-in screen whether it is set up, without a session', () => {
    expect(h.ok('anyone', 'ppv.status', {})).toEqual({ setUp: false, ppvCode: null, name: null });
    h.setUpPpv();
    expect(h.ok('anyone', 'ppv.status', {})).toEqual({
      setUp: true,
      ppvCode: 'PPV-WPKL-0001',
      name: 'PPV Dewan Komuniti Ujian',
    });
  });

  it('keeps the MyVAS token out of every answer and out of the audit log', () => {
    h.setUpPpv();
    const token = 'tok_synthetic_0123456789abcdef';
    const view = h.ok('admin', 'ppv.updateSettings', { ...settingsInput, myvasToken: token });
    expect(view).toMatchObject({ myvasTokenSet: true, idleLockMinutes: 10, exportRowLimit: 50 });
    expect(JSON.stringify(view)).not.toContain(token);
    const audit = h.db.sqlite.prepare<[], { detail: string }>('SELECT detail FROM audit_log').all();
    expect(audit.some((row) => row.detail.includes(token))).toBe(false);
    expect(h.ok('admin', 'ppv.updateSettings', settingsInput).myvasTokenSet).toBe(true);
  });

  it('uses the idle lock setting at once', () => {
    h.setUpPpv();
    h.ok('admin', 'ppv.updateSettings', { ...settingsInput, idleLockMinutes: 1 });
    h.staff('desk', ['clerk']);
    h.clock.advance(61_000);
    expect(h.refused('desk', 'catalogue.products', {})).toBe('SESSION_LOCKED');
  });

  it('sets a closure date from today on, never in the past, and audits the reason', () => {
    h.setUpPpv();
    h.staff('mgr', ['manager']);
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
    h.ok('mgr', 'auth.unlock', { secret: TEST_PIN });
    expect(h.refused('mgr', 'day.open', { channel: 'walk-in' })).toBe('PPV_CLOSED');
  });
});
