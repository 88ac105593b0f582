import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY, HOUR, TEST_PIN, type Harness } from '../testing/harness';
import {
  advance,
  arrive,
  GTIN,
  openVial,
  refusedCleanly,
  createStation,
  nthRecipient,
} from '../testing/scenario';

let h: Harness;
beforeEach(async () => {
  h = await createStation();
});
afterEach(() => h.close());

describe('a day left open past midnight', () => {
  it('takes no new registration and no new vial; it can still be closed', async () => {
    await advance(h, 17 * HOUR);
    const code = refusedCleanly(h, 'desk', 'recipient.register', nthRecipient(40));
    expect(code).toBe('DAY_NOT_TODAY');
    expect(
      refusedCleanly(h, 'vax', 'vial.open', {
        gtin: GTIN.COMIRNATY,
        lot: 'LOT-LEWAT',
        expiry: '2027-12-31',
      }),
    ).toBe('DAY_NOT_TODAY');
    expect(h.call('mgr', 'day.close', {}).ok).toBe(true);
  });
});

describe('a registration that left the queue', () => {
  it.each(['deferred', 'left'] as const)('takes no dose once %s', (outcome) => {
    const visitor = arrive(h, 41);
    const vial = openVial(h);
    h.ok('vax', 'registration.setOutcome', {
      registrationId: visitor.registrationId,
      outcome,
      reason: 'Demam semasa saringan',
    });
    expect(
      refusedCleanly(h, 'vax', 'dose.record', {
        registrationId: visitor.registrationId,
        vialId: vial.vialId,
        administeredAt: h.clock.now(),
        site: 'L_DELTOID',
      }),
    ).toBe('REGISTRATION_NOT_WAITING');
  });
});

describe('the PPV closure', () => {
  it('cannot be undone once it has passed', async () => {
    h.ok('mgr', 'ppv.setClosureDate', { closureDate: '2026-03-02', reason: 'PPV ditutup' });
    await advance(h, 3 * DAY);
    expect(
      refusedCleanly(h, 'mgr', 'ppv.setClosureDate', {
        closureDate: '2026-12-31',
        reason: 'Buka semula',
      }),
    ).toBe('PPV_CLOSED');
  });

  it('may be moved later while it has not passed', () => {
    h.ok('mgr', 'ppv.setClosureDate', { closureDate: '2026-03-10', reason: 'PPV akan ditutup' });
    expect(
      h.ok('mgr', 'ppv.setClosureDate', { closureDate: '2026-03-20', reason: 'Dilanjutkan' })
        .closureDate,
    ).toBe('2026-03-20');
  });
});

describe('the MyVAS endpoint', () => {
  const settings = {
    name: 'PPV Ujian',
    state: 'Selangor',
    district: 'Klang',
    idleLockMinutes: 5,
    exportRowLimit: 200,
    retentionDays: 90,
  };
  it.each([
    ['https://myvas.example.invalid/v1', true],
    ['http://127.0.0.1:8787', true],
    ['http://localhost:8787', true],
    ['http://myvas.example.invalid/v1', false],
    ['ftp://127.0.0.1/', false],
  ])('%s accepted: %s', async (endpoint, accepted) => {
    const result = await h.callAsync('admin', 'ppv.updateSettings', {
      ...settings,
      myvasEndpoint: endpoint,
      approval: { staffId: 'MGR01', secret: TEST_PIN },
    });
    expect(result.ok).toBe(accepted);
    if (!result.ok) expect(result.error.code).toBe('INVALID_INPUT');
  });
});
