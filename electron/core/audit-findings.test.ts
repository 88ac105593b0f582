/**
 * The national audit's findings (SPEC.md, first table), replayed one by one against the console:
 * each must be refused with nothing written, or made visible.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelNames, channels, roles, type Role } from '../contract';
import { createHarness, DAY, HOUR, MINUTE, TEST_KEY, type Harness } from './testing/harness';
import {
  advance,
  arrive,
  closeDay,
  createStation,
  doseInput,
  doseRow,
  laterDay,
  nthRecipient,
  openVial,
  recordDose,
  refusedCleanly,
  skewClock,
} from './testing/scenario';
import { dashed, syntheticMyKad } from './testing/synthetic';
import Sqlite from 'better-sqlite3';

let h: Harness;
beforeEach(async () => {
  h = await createStation();
});
afterEach(() => h.close());

describe('1,543 people held 2–7 accounts each', () => {
  it('refuses a second recipient with the same identity document, and shows the existing one', () => {
    const first = arrive(h, 1);
    const before = h.counts();
    const result = h.call(
      'desk',
      'recipient.register',
      nthRecipient(1, {
        document: { docType: 'MYKAD', docNumber: dashed(first.docNumber), docCountry: null },
        fullName: 'Nama Lain Sama Sekali',
        phone: '+60123456780',
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'RECIPIENT_EXISTS', details: { recipientId: first.recipientId } },
    });
    expect(h.counts()).toEqual(before);
  });

  it('flags a likely duplicate under another document before saving', () => {
    arrive(h, 2);
    const code = refusedCleanly(
      h,
      'desk',
      'recipient.register',
      nthRecipient(2, {
        document: { docType: 'PASSPORT', docNumber: 'a1234 567', docCountry: 'MYS' },
        fullName: 'penerima  ujian d',
        phone: '+60123456780',
      }),
    );
    expect(code).toBe('POSSIBLE_DUPLICATE');
  });
});

describe('12,275 incomplete vaccination records', () => {
  it('refuses an incomplete dose record in the service and in the database', () => {
    const visitor = arrive(h, 3);
    const vial = openVial(h);
    expect(
      refusedCleanly(h, 'vax', 'dose.record', {
        registrationId: visitor.registrationId,
        vialId: vial.vialId,
        administeredAt: h.clock.now(),
      }),
    ).toBe('INVALID_INPUT');
    const dose = recordDose(h, visitor, vial.vialId);
    const stored = doseRow(h, dose.doseId);
    const columns = Object.keys(stored);
    const insert = h.db.sqlite.prepare(
      `INSERT INTO doses (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
    );
    for (const column of [
      'lot',
      'expiry',
      'site',
      'vaccinator_id',
      'administered_at',
      'presence',
      'series',
    ]) {
      expect(() =>
        insert.run({ ...stored, id: '01900000-0000-7000-8000-00000000d0e5', [column]: null }),
      ).toThrow(/NOT NULL/);
    }
    expect(() =>
      insert.run({ ...stored, id: '01900000-0000-7000-8000-00000000d0e5', site: 'LEFT_ARM' }),
    ).toThrow(/CHECK/);
  });

  it('will not close a day while a record is incomplete or unresolved', () => {
    arrive(h, 4);
    const before = h.counts();
    const result = h.call('mgr', 'day.close', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'DAY_HAS_BLOCKERS' } });
    expect(h.counts()).toEqual(before);
  });
});

describe('administrators and users created and removed through back-end scripts', () => {
  it('refuses a staff account written outside user management, and the verifier shows one forced in', async () => {
    h.db.close();
    const raw = new Sqlite(h.file);
    raw.pragma(`cipher = 'chacha20'`);
    raw.pragma(`hexkey = '${TEST_KEY.toString('hex')}'`);
    expect(() =>
      raw.exec(
        `INSERT INTO users (id, staff_id, full_name, secret_hash, active, must_change_secret, created_at, updated_at)
         VALUES ('01900000-0000-7000-8000-0000000000ff', 'SUPER1', 'Super Admin', 'scrypt$1$8$1$a$b', 1, 0, 1, 1)`,
      ),
    ).toThrow(/USER_CHANGE_OUTSIDE_CHANNEL|no such function: ppv_user_write_allowed/);
    raw.exec('DROP TRIGGER users_guard_insert');
    raw.exec(
      `INSERT INTO users (id, staff_id, full_name, secret_hash, active, must_change_secret, created_at, updated_at)
       VALUES ('01900000-0000-7000-8000-0000000000ff', 'SUPER1', 'Super Admin', 'scrypt$1$8$1$a$b', 1, 0, 1, 1)`,
    );
    raw.close();
    const reopened = createHarness({ file: h.file });
    await reopened.okAsync('a', 'auth.signIn', { staffId: 'ADMIN01', secret: '482916' });
    const verification = reopened.ok('a', 'audit.verify', {});
    expect(verification.intact).toBe(false);
    expect(verification.problems).toContainEqual(
      expect.objectContaining({
        kind: 'user-state-unaudited',
        note: expect.stringContaining('SUPER1'),
      }),
    );
    reopened.db.close();
  });
});

describe('28,735 doses dated after the PPV had closed', () => {
  it('refuses a dose dated after its day’s close-out', async () => {
    const visitor = arrive(h, 5);
    const vial = openVial(h);
    h.ok('vax', 'registration.setOutcome', {
      registrationId: visitor.registrationId,
      outcome: 'left',
      reason: 'Pulang sebelum dipanggil',
    });
    closeDay(h);
    await advance(h, 10 * MINUTE);
    expect(refusedCleanly(h, 'vax', 'dose.record', doseInput(h, visitor, vial.vialId))).toBe(
      'DOSE_AFTER_CLOSE_OUT',
    );
  });

  it('refuses to record anything after the PPV’s closure date', async () => {
    h.ok('mgr', 'ppv.setClosureDate', { closureDate: '2026-03-02', reason: 'PPV ditutup' });
    closeDay(h);
    await advance(h, DAY);
    expect(refusedCleanly(h, 'mgr', 'day.open', { channel: 'walk-in' })).toBe('PPV_CLOSED');
  });
});

describe('203,846 records uploaded before their vaccination date', () => {
  it('refuses a dose dated in the future beyond the 2-minute tolerance', () => {
    const visitor = arrive(h, 6);
    const vial = openVial(h);
    const inTheFuture = h.clock.now() + 2 * MINUTE + 1000;
    expect(
      refusedCleanly(h, 'vax', 'dose.record', doseInput(h, visitor, vial.vialId, inTheFuture)),
    ).toBe('DOSE_IN_FUTURE');
  });

  it('stops dose recording when the PC clock is 3 hours off', () => {
    const visitor = arrive(h, 7);
    const vial = openVial(h);
    skewClock(h, -3 * HOUR, 'myvas');
    const serverNow = h.clock.now() - 3 * HOUR;
    expect(
      refusedCleanly(h, 'vax', 'dose.record', doseInput(h, visitor, vial.vialId, serverNow)),
    ).toBe('CLOCK_UNTRUSTED');
  });
});

describe('1.12 million intrusion attempts', () => {
  const restricted = channelNames.filter((name) => Array.isArray(channels[name].access));
  it.each(restricted)(
    '%s refuses every role it does not allow, writing only the denial',
    async (name) => {
      const allowed = channels[name].access as readonly Role[];
      for (const role of roles.filter((r) => !allowed.includes(r))) {
        const connection = `intruder-${role}`;
        await h.staff(connection, [role]);
        const before = h.counts();
        expect(h.refused(connection, name, {})).toBe('FORBIDDEN');
        expect({ ...h.counts(), audit_log: before.audit_log }).toEqual(before);
        expect(h.counts().audit_log).toBe((before.audit_log ?? 0) + 1);
      }
    },
  );
});

describe('a Super Admin downloaded 3 million records', () => {
  it('lets no admin export personal data, and caps a manager’s justified export', () => {
    expect(h.refused('admin', 'recipient.export', {})).toBe('FORBIDDEN');
    expect(
      refusedCleanly(h, 'mgr', 'recipient.export', {
        sessionDate: '2026-03-02',
        reason: 'Semakan pengurus',
        limit: 201,
      }),
    ).toBe('INVALID_INPUT');
    expect(
      h.ok('mgr', 'recipient.export', {
        sessionDate: '2026-03-02',
        reason: 'Semakan pengurus',
        limit: 200,
      }).rows,
    ).toEqual([]);
    const last = h.db.sqlite
      .prepare<[], { action: string; detail: string }>(
        'SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1',
      )
      .get();
    expect(last?.action).toBe('recipient.export');
    expect(JSON.parse(last?.detail ?? '{}')).toMatchObject({ reason: 'Semakan pengurus' });
  });

  it('pages every list: no channel returns more than 100 rows', () => {
    // Every list channel, by name: a new one must be added here, and is then checked to be paged.
    expect(channelNames.filter((name) => name.endsWith('.list'))).toEqual([
      'user.list',
      'lot.list',
      'queue.list',
      'vial.list',
      'observation.list',
      'dose.list',
      'batch.list',
      'audit.list',
      'backup.list', // files, not rows: at most the 14 a backup location keeps
    ]);
    for (const name of channelNames) {
      const input = channels[name].input;
      if ('shape' in input && 'cursor' in (input.shape as Record<string, unknown>)) {
        expect(input.safeParse({ limit: 101 }).success).toBe(false);
        expect(input.safeParse({ limit: 100 }).success).toBe(true);
      }
    }
  });
});

describe('an upload delay nobody sees', () => {
  it('keeps both the device time and the corrected time on every record', async () => {
    const visitor = arrive(h, 8);
    const vial = openVial(h);
    const dose = h.ok('vax', 'dose.record', {
      ...doseInput(h, visitor, vial.vialId),
      site: 'R_DELTOID',
    });
    expect(dose.recordedDeviceAt).toBe(h.clock.now());
    expect(dose.recordedAt).toBe(h.app.clock.now().at);
    await laterDay(h, 1);
    expect(syntheticMyKad(8)).toBe(visitor.docNumber);
  });
});
