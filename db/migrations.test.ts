import Sqlite from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appliedMigrations, readMigrations } from './migrate';
import { DatabaseKeyError, defaultMigrationsFolder, openDatabase, type AppDatabase } from './open';

const KEY = Buffer.alloc(32, 3);
let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ppv-migrate-'));
  file = path.join(dir, 'ppv.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const HASH = 'a'.repeat(64);
const USER_ID = '00000000-0000-7000-8000-000000000002';
const DAY_ID = '00000000-0000-7000-8000-000000000003';
const BATCH_ID = '00000000-0000-7000-8000-000000000004';
const RECORD_ID = '00000000-0000-7000-8000-000000000005';
const RECIPIENT_ID = '00000000-0000-7000-8000-000000000006';
const REGISTRATION_ID = '00000000-0000-7000-8000-000000000007';
const NEW_ID = '00000000-0000-7000-8000-000000000008';
const JPN_REPEAT_IDS = [
  '00000000-0000-7000-8000-000000000011',
  '00000000-0000-7000-8000-000000000012',
  '00000000-0000-7000-8000-000000000013',
] as const;
/** A synthetic 12-digit JPN number (born 1990-01-01, W.P. Kuala Lumpur). */
const JPN_DIGITS = '900101145678';

/** A staff account written as user management would, so the user-change triggers allow it. */
function seedManager(db: AppDatabase): void {
  db.userWriteGate.run(() =>
    db.sqlite.exec(`
      INSERT INTO users (id, staff_id, full_name, secret_hash, active, must_change_secret, created_at, updated_at)
        VALUES ('${USER_ID}', 'MGR01', 'Pengurus Lama', 'scrypt$1$8$1$a$b', 1, 0, 1, 1);`),
  );
}

/** Rows a database holds at the version before each migration, and what must hold after it. */
const migrationChecks: Record<
  number,
  { seed: (db: AppDatabase) => void; check: (db: AppDatabase) => void }
> = {
  0: {
    seed: () => undefined,
    check: (db) => {
      const tables = db.sqlite
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((row) => row.name);
      expect(tables).toEqual(
        expect.arrayContaining([
          'ppv_settings',
          'users',
          'recipients',
          'doses',
          'batches',
          'audit_log',
          'clock_samples',
        ]),
      );
    },
  },
  1: {
    seed: (db) => {
      db.sqlite.exec(`
        INSERT INTO ppv_settings (id, ppv_code, name, state, district, updated_at) VALUES (1, 'PPV-JHR-0009', 'PPV Lama', 'Johor', 'Muar', 1);
        INSERT INTO users (id, staff_id, full_name, secret_hash, active, must_change_secret, created_at, updated_at)
          VALUES ('00000000-0000-7000-8000-000000000001', 'OLD01', 'Staf Lama', 'scrypt$1$8$1$a$b', 1, 0, 1, 1);
        INSERT INTO user_roles (user_id, role) VALUES ('00000000-0000-7000-8000-000000000001', 'admin');
        INSERT INTO audit_log (at, device_at, user_id, station, action, entity_type, entity_id, detail, prev_hash, hash)
          VALUES (1, 1, NULL, 'old', 'catalogue.seeded', NULL, NULL, '{}', '${'0'.repeat(64)}', '${HASH}');
      `);
    },
    check: (db) => {
      expect(db.sqlite.prepare('SELECT staff_id FROM users').all()).toEqual([
        { staff_id: 'OLD01' },
      ]);
      expect(db.sqlite.prepare('SELECT role FROM user_roles').all()).toEqual([{ role: 'admin' }]);
      expect(db.sqlite.prepare('SELECT hash FROM audit_log').all()).toEqual([{ hash: HASH }]);
      expect(() => db.sqlite.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(
        /AUDIT_APPEND_ONLY/,
      );
      expect(() => db.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/AUDIT_APPEND_ONLY/);
      expect(() => db.sqlite.prepare("UPDATE users SET full_name = 'x'").run()).toThrow(
        /USER_CHANGE_OUTSIDE_CHANNEL/,
      );
      const triggers = db.sqlite
        .prepare<[], { name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
        )
        .all()
        .map((row) => row.name);
      expect(triggers).toEqual(
        expect.arrayContaining([
          'batch_records_no_update',
          'batches_fixed',
          'doses_fixed_fields',
          'doses_not_in_sealed_day',
          'doses_observation_once',
          'doses_void_once',
        ]),
      );
    },
  },
  2: {
    seed: (db) => {
      seedManager(db);
      db.sqlite.exec(`
        INSERT INTO days (id, session_date, channel, state, opened_at, opened_device_at, opened_by, closed_at, closed_device_at, closed_by)
          VALUES ('${DAY_ID}', '2026-03-02', 'walk-in', 'sealed', 1, 1, '${USER_ID}', 2, 2, '${USER_ID}');
        INSERT INTO batches (id, day_id, session_date, opened_at, closed_at, record_count, content_hash, audit_head, sealed_by, upload_state)
          VALUES ('${BATCH_ID}', '${DAY_ID}', '2026-03-02', 1, 2, 1, '${HASH}', '${HASH}', '${USER_ID}', 'waiting');
        INSERT INTO batch_records (batch_id, record_id, position, record_type, canonical)
          VALUES ('${BATCH_ID}', '${RECORD_ID}', 0, 'void', '{}');
      `);
    },
    check: (db) => {
      expect(
        db.sqlite.prepare('SELECT batch_id, upload_hash, attempts FROM batch_uploads').all(),
      ).toEqual([{ batch_id: BATCH_ID, upload_hash: null, attempts: 0 }]);
      const result = db.sqlite.prepare(
        "INSERT INTO upload_results (record_id, batch_id, status, judged_at) VALUES (?, ?, 'accepted', 3)",
      );
      expect(() => result.run(USER_ID, BATCH_ID)).toThrow(/UPLOAD_RESULT_UNKNOWN_RECORD/);
      result.run(RECORD_ID, BATCH_ID);
      expect(() =>
        db.sqlite.prepare("UPDATE upload_results SET status = 'duplicate'").run(),
      ).toThrow(/UPLOAD_RESULT_FINAL/);
      db.sqlite
        .prepare('UPDATE batch_uploads SET upload_hash = ?, late_cutoff = 0, chunk_size = 500')
        .run(HASH);
      // Planned but not declared: the plan may still be made again.
      db.sqlite.prepare('UPDATE batch_uploads SET upload_hash = ?').run('c'.repeat(64));
      db.sqlite.prepare('UPDATE batch_uploads SET declared_at = 4').run();
      expect(() =>
        db.sqlite.prepare('UPDATE batch_uploads SET upload_hash = ?').run('b'.repeat(64)),
      ).toThrow(/UPLOAD_PLAN_FIXED/);
    },
  },
  3: {
    seed: (db) => {
      seedManager(db);
      db.sqlite.exec(`
        INSERT INTO days (id, session_date, channel, state, opened_at, opened_device_at, opened_by)
          VALUES ('${DAY_ID}', '2026-03-02', 'walk-in', 'open', 1, 1, '${USER_ID}');
        INSERT INTO recipients (id, doc_type, doc_number, doc_country, full_name, name_key, birth_date, sex, nationality, postcode, state, created_at, created_by)
          VALUES ('${RECIPIENT_ID}', 'PASSPORT', 'A1234567', 'SGP', 'Penerima Lama', 'PENERIMA LAMA', '1980-05-05', 'F', 'SGP', '50000', 'Selangor', 1, '${USER_ID}');
        INSERT INTO registrations (id, recipient_id, day_id, channel, phone, consent, slip_token, registered_at, registered_device_at, registered_by, queue_status)
          VALUES ('${REGISTRATION_ID}', '${RECIPIENT_ID}', '${DAY_ID}', 'walk-in', '+60123456789', 1, 'slip-old', 1, 1, '${USER_ID}', 'vaccinated');
        UPDATE days SET state = 'sealed', closed_at = 2, closed_device_at = 2, closed_by = '${USER_ID}';
        INSERT INTO batches (id, day_id, session_date, opened_at, closed_at, record_count, content_hash, audit_head, sealed_by, upload_state)
          VALUES ('${BATCH_ID}', '${DAY_ID}', '2026-03-02', 1, 2, 1, '${HASH}', '${HASH}', '${USER_ID}', 'waiting');
        INSERT INTO batch_records (batch_id, record_id, position, record_type, canonical)
          VALUES ('${BATCH_ID}', '${RECORD_ID}', 0, 'dose', '{"recipient":{"name":"Penerima Lama"},"recordType":"dose"}');
      `);
    },
    check: (db) => {
      expect(db.sqlite.prepare('SELECT full_name, purged_at FROM recipients').all()).toEqual([
        { full_name: 'Penerima Lama', purged_at: null },
      ]);
      expect(db.sqlite.prepare('SELECT phone, purged_at FROM registrations').all()).toEqual([
        { phone: '+60123456789', purged_at: null },
      ]);
      expect(() =>
        db.sqlite
          .prepare(
            `INSERT INTO registrations (id, recipient_id, day_id, channel, phone, consent, slip_token, registered_at, registered_device_at, registered_by, queue_status)
             VALUES ('${RECORD_ID}', '${RECIPIENT_ID}', '${DAY_ID}', 'walk-in', '+60123456788', 1, 'slip-new', 3, 3, '${USER_ID}', 'waiting')`,
          )
          .run(),
      ).toThrow(/DAY_SEALED/);

      const purgeRecord = db.sqlite.prepare(
        'UPDATE batch_records SET canonical = ?, purged_at = ?',
      );
      expect(() => purgeRecord.run('{"recordType":"dose","recipient":{}}', 5)).toThrow(
        /BATCH_SEALED/,
      );
      expect(() => purgeRecord.run('{"recordType":"dose"}', null)).toThrow(/BATCH_SEALED/);
      purgeRecord.run('{"recordType":"dose"}', 5);

      expect(() => db.sqlite.prepare('UPDATE recipients SET purged_at = 5').run()).toThrow(
        /recipients_personal/,
      );
      db.sqlite
        .prepare(
          `UPDATE recipients SET doc_number = NULL, full_name = NULL, name_key = NULL,
             birth_date = NULL, postcode = NULL, purged_at = 5`,
        )
        .run();
      expect(() => db.sqlite.prepare("UPDATE recipients SET state = 'Johor'").run()).toThrow(
        /PURGED/,
      );
      db.sqlite.prepare('UPDATE registrations SET phone = NULL, purged_at = 5').run();
      expect(() => db.sqlite.prepare("UPDATE registrations SET phone = '+60111'").run()).toThrow(
        /PURGED/,
      );
    },
  },
  4: {
    seed: seedManager,
    check: (db) => {
      const insert = db.sqlite.prepare(
        `INSERT INTO device_settings (station_id, serial_path, serial_baud_rate, serial_terminator,
           hid_vendor_id, hid_product_id, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, 1, ?)`,
      );
      expect(() => insert.run('s1', '/dev/ttyUSB0', 9600, 'CRLF', 3118, null, USER_ID)).toThrow(
        /device_settings_hid_ids/,
      );
      expect(() => insert.run('s1', '/dev/ttyUSB0', 300, 'CR', null, null, USER_ID)).toThrow(
        /device_settings_baud/,
      );
      expect(() => insert.run('s1', ' ', 9600, 'CR', null, null, USER_ID)).toThrow(
        /device_settings_serial_path/,
      );
      insert.run('s1', '/dev/ttyUSB0', 115200, 'CRLF', 3118, 2913, USER_ID);
      expect(db.sqlite.prepare('SELECT hid_mode, card_reader FROM device_settings').get()).toEqual({
        hid_mode: 'pos',
        card_reader: null,
      });
    },
  },
  5: {
    seed: (db) => {
      seedManager(db);
      db.sqlite.exec(`
        INSERT INTO audit_log (at, device_at, user_id, station, action, entity_type, entity_id, detail, prev_hash, hash)
          VALUES (500, 500, NULL, 'old', 'catalogue.seeded', NULL, NULL, '{}', '${'0'.repeat(64)}', '${HASH}'),
                 (100, 100, NULL, 'old', 'auth.signInFailed', NULL, NULL, '{}', '${HASH}', '${'b'.repeat(64)}');
        INSERT INTO clock_samples (source, device_sent_at, device_received_at, monotonic_received_at, process_id, server_time, offset_ms)
          VALUES ('myvas', 1, 2, 2, 'old', 700, 0);
        INSERT INTO days (id, session_date, channel, state, opened_at, opened_device_at, opened_by)
          VALUES ('${DAY_ID}', '2026-03-02', 'walk-in', 'open', 1, 1, '${USER_ID}');
      `);
    },
    check: (db) => {
      const highWater = () =>
        db.sqlite.prepare<[], { at: number }>('SELECT at FROM station_high_water').get()?.at;
      // The largest time held, not the newest row's (the failed sign-in at 100 came last).
      expect(highWater()).toBe(700);
      const audit = db.sqlite.prepare(
        `INSERT INTO audit_log (at, device_at, user_id, station, action, entity_type, entity_id, detail, prev_hash, hash)
         VALUES (?, ?, NULL, 'new', 'auth.signInFailed', NULL, NULL, '{}', '${HASH}', '${HASH}')`,
      );
      audit.run(600, 600);
      expect(highWater()).toBe(700);
      audit.run(900, 900);
      expect(highWater()).toBe(900);
      expect(() => db.sqlite.prepare('UPDATE station_high_water SET at = 800').run()).toThrow(
        /HIGH_WATER_RISES_ONLY/,
      );
      expect(() => db.sqlite.prepare('DELETE FROM station_high_water').run()).toThrow(
        /HIGH_WATER_RISES_ONLY/,
      );

      expect(db.sqlite.prepare('SELECT opened_clock FROM days').all()).toEqual([
        { opened_clock: null },
      ]);
      db.sqlite
        .prepare(
          "UPDATE days SET state = 'sealed', closed_at = 2, closed_device_at = 2, closed_by = ?",
        )
        .run(USER_ID);
      const day = db.sqlite.prepare(
        `INSERT INTO days (id, session_date, channel, state, opened_at, opened_device_at, opened_by,
           opened_clock, clock_confirmed_by, clock_confirmed_time)
         VALUES (?, '2026-03-03', 'walk-in', 'open', 3, 3, '${USER_ID}', ?, ?, ?)`,
      );
      expect(() => day.run(BATCH_ID, null, null, null)).toThrow(/DAY_CLOCK_UNKNOWN/);
      expect(() => day.run(BATCH_ID, 'confirmed', null, 3)).toThrow(/DAY_CLOCK_UNKNOWN/);
      expect(() => day.run(BATCH_ID, 'measured', USER_ID, 3)).toThrow(/DAY_CLOCK_UNKNOWN/);
      day.run(BATCH_ID, 'confirmed', USER_ID, 3);
    },
  },
  6: {
    // One person registered three times under three JPN card types (the same 12 digits), a passport
    // holder, and a recipient already purged: the migration keeps them all and flags the repeats.
    seed: (db) => {
      seedManager(db);
      const insert = db.sqlite.prepare(
        `INSERT INTO recipients (id, doc_type, doc_number, doc_country, full_name, name_key, birth_date, sex, nationality, postcode, state, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, '1990-01-01', 'F', 'MYS', '50000', 'W.P. Kuala Lumpur', ?, '${USER_ID}')`,
      );
      insert.run(JPN_REPEAT_IDS[2], 'MYKAS', JPN_DIGITS, 'MYS', 'Siti Lama', 'SITI LAMA', 3);
      insert.run(JPN_REPEAT_IDS[0], 'MYKAD', JPN_DIGITS, 'MYS', 'Siti Lama', 'SITI LAMA', 1);
      insert.run(JPN_REPEAT_IDS[1], 'MYPR', JPN_DIGITS, 'MYS', 'SITI  LAMA', 'SITI LAMA', 2);
      insert.run(RECIPIENT_ID, 'PASSPORT', 'A1234567', 'SGP', 'Lee Lama', 'LEE LAMA', 1);
      db.sqlite.exec(`
        INSERT INTO recipients (id, doc_type, doc_number, doc_country, sex, nationality, state, created_at, created_by, purged_at)
          VALUES ('${RECORD_ID}', 'MYKAD', NULL, 'MYS', 'M', 'MYS', 'Johor', 1, '${USER_ID}', 5);`);
    },
    check: (db) => {
      const rows = db.sqlite
        .prepare(
          'SELECT id, identity_key, identity_conflict_of, name_key_version FROM recipients ORDER BY created_at, id',
        )
        .all();
      expect(rows).toEqual([
        { id: RECORD_ID, identity_key: null, identity_conflict_of: null, name_key_version: 0 },
        {
          id: RECIPIENT_ID,
          identity_key: 'PASSPORT:SGP:A1234567',
          identity_conflict_of: null,
          name_key_version: 0,
        },
        {
          id: JPN_REPEAT_IDS[0],
          identity_key: `JPN:${JPN_DIGITS}`,
          identity_conflict_of: null,
          name_key_version: 0,
        },
        {
          id: JPN_REPEAT_IDS[1],
          identity_key: `JPN:${JPN_DIGITS}`,
          identity_conflict_of: JPN_REPEAT_IDS[0],
          name_key_version: 0,
        },
        {
          id: JPN_REPEAT_IDS[2],
          identity_key: `JPN:${JPN_DIGITS}`,
          identity_conflict_of: JPN_REPEAT_IDS[0],
          name_key_version: 0,
        },
      ]);
      expect(
        db.sqlite
          .prepare('SELECT recipient_id, name_key FROM recipient_names ORDER BY recipient_id')
          .all(),
      ).toEqual(
        [
          { recipient_id: JPN_REPEAT_IDS[0], name_key: 'SITI LAMA' },
          { recipient_id: JPN_REPEAT_IDS[1], name_key: 'SITI LAMA' },
          { recipient_id: JPN_REPEAT_IDS[2], name_key: 'SITI LAMA' },
          { recipient_id: RECIPIENT_ID, name_key: 'LEE LAMA' },
        ].sort((a, b) => a.recipient_id.localeCompare(b.recipient_id)),
      );

      // From now on the same digits under a fourth card type are refused by the database itself.
      const insert = db.sqlite.prepare(
        `INSERT INTO recipients (id, doc_type, doc_number, doc_country, full_name, name_key, birth_date, sex, nationality, postcode, state, created_at, created_by, identity_conflict_of)
         VALUES (?, ?, ?, 'MYS', 'Siti Baru', 'SITI BARU', '1990-01-01', 'F', 'MYS', '50000', 'W.P. Kuala Lumpur', 9, '${USER_ID}', ?)`,
      );
      expect(() => insert.run(NEW_ID, 'BIRTH_CERT', JPN_DIGITS, null)).toThrow(
        /UNIQUE constraint failed: recipients.identity_key/,
      );
      expect(() => insert.run(NEW_ID, 'BIRTH_CERT', JPN_DIGITS, JPN_REPEAT_IDS[0])).toThrow(
        /IDENTITY_CONFLICT_FLAG_FIXED/,
      );
      expect(() =>
        db.sqlite
          .prepare('UPDATE recipients SET identity_conflict_of = ? WHERE id = ?')
          .run(JPN_REPEAT_IDS[1], RECIPIENT_ID),
      ).toThrow(/IDENTITY_CONFLICT_FLAG_FIXED/);
      insert.run(NEW_ID, 'BIRTH_CERT', '900101145679', null);

      // A purge takes the recipient's names with it.
      db.sqlite
        .prepare(
          `UPDATE recipients SET doc_number = NULL, full_name = NULL, name_key = NULL, birth_date = NULL,
             postcode = NULL, purged_at = 9 WHERE id = ?`,
        )
        .run(RECIPIENT_ID);
      expect(
        db.sqlite
          .prepare('SELECT count(*) AS n FROM recipient_names WHERE recipient_id = ?')
          .get(RECIPIENT_ID),
      ).toEqual({ n: 0 });
      expect(() =>
        db.sqlite
          .prepare(
            "INSERT INTO recipient_names (recipient_id, name_key, birth_date) VALUES (?, 'LEE', '1990-01-01')",
          )
          .run(RECIPIENT_ID),
      ).toThrow(/PURGED/);
    },
  },
  8: {
    seed: (db) => {
      const ADMIN_ID = '00000000-0000-7000-8000-000000000008';
      seedManager(db);
      db.userWriteGate.run(() =>
        db.sqlite.exec(`
          INSERT INTO ppv_settings (id, ppv_code, name, state, district, updated_at) VALUES (1, 'PPV-JHR-0009', 'PPV Lama', 'Johor', 'Muar', 1);
          INSERT INTO users (id, staff_id, full_name, secret_hash, active, must_change_secret, created_at, updated_at)
            VALUES ('${ADMIN_ID}', 'ADMIN01', 'Pentadbir Lama', 'scrypt$1$8$1$a$b', 1, 0, 1, 1);
          INSERT INTO user_roles (user_id, role) VALUES
            ('${ADMIN_ID}', 'admin'), ('${ADMIN_ID}', 'manager'), ('${ADMIN_ID}', 'clerk'),
            ('${USER_ID}', 'manager'), ('${USER_ID}', 'vaccinator');`),
      );
    },
    check: (db) => {
      const rolesOf = (staffId: string) =>
        db.sqlite
          .prepare<[string], { role: string }>(
            'SELECT role FROM user_roles JOIN users ON users.id = user_id WHERE staff_id = ? ORDER BY role',
          )
          .all(staffId)
          .map((row) => row.role);
      expect(rolesOf('ADMIN01')).toEqual(['admin']);
      expect(rolesOf('MGR01')).toEqual(['manager', 'vaccinator']);
      const notices = db.sqlite
        .prepare<[], { staff_id: string; kind: string; detail: string; audited_at: number | null }>(
          'SELECT staff_id, kind, detail, audited_at FROM sign_in_notices JOIN users ON users.id = user_id',
        )
        .all();
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({
        staff_id: 'ADMIN01',
        kind: 'roles-removed',
        audited_at: null,
      });
      expect((JSON.parse(notices[0]!.detail) as { roles: string }).roles.split(',').sort()).toEqual(
        ['clerk', 'manager'],
      );
      expect(
        db.sqlite.prepare('SELECT first_manager_at IS NOT NULL AS had FROM ppv_settings').get(),
      ).toEqual({ had: 1 });
      // Roles still change only through user management, and admin stays alone there too.
      expect(() =>
        db.sqlite.prepare("DELETE FROM user_roles WHERE role = 'vaccinator'").run(),
      ).toThrow(/USER_CHANGE_OUTSIDE_CHANNEL/);
      expect(() =>
        db.userWriteGate.run(() =>
          db.sqlite
            .prepare(`INSERT INTO user_roles (user_id, role) VALUES ('${USER_ID}', 'admin')`)
            .run(),
        ),
      ).toThrow(/ROLES_SEPARATED/);
    },
  },
  9: {
    seed: seedManager,
    check: (db) => {
      const insert = db.sqlite.prepare(
        'INSERT INTO backup_settings (station_id, folder, updated_at, updated_by) VALUES (?, ?, 1, ?)',
      );
      expect(() => insert.run('s1', '  ', USER_ID)).toThrow(/backup_settings_folder/);
      expect(() => insert.run('s1', '/media/usb', 'nobody')).toThrow(/FOREIGN KEY/);
      insert.run('s1', '/media/usb/ppv-backups', USER_ID);
      expect(db.sqlite.prepare('SELECT folder FROM backup_settings').get()).toEqual({
        folder: '/media/usb/ppv-backups',
      });
    },
  },
  10: {
    seed: seedManager,
    check: (db) => {
      const code = db.sqlite.prepare(
        'INSERT INTO pairing_codes (code_hash, issued_at, expires_at, issued_by) VALUES (?, ?, ?, ?)',
      );
      expect(() => code.run('h0', 10, 10, USER_ID)).toThrow(/pairing_codes_lifetime/);
      code.run('h1', 10, 20, USER_ID);
      code.run('h2', 10, 20, null);
      const desk = db.sqlite.prepare(
        'INSERT INTO desks (id, name, token_hash, paired_at, pairing_code_hash) VALUES (?, ?, ?, 1, ?)',
      );
      desk.run('00000000-0000-7000-8000-00000000d001', 'Kaunter 2', 't1', 'h1');
      expect(() =>
        desk.run('00000000-0000-7000-8000-00000000d002', 'kaunter 2', 't2', 'h2'),
      ).toThrow(/UNIQUE/);
      expect(() => desk.run('00000000-0000-7000-8000-00000000d002', ' ', 't2', 'h2')).toThrow(
        /desks_name/,
      );
      expect(() =>
        db.sqlite.prepare('UPDATE desks SET revoked_at = 5, revoked_by = ?').run(USER_ID),
      ).toThrow(/desks_revoked/);
      db.sqlite
        .prepare("UPDATE desks SET revoked_at = 5, revoked_by = ?, revoke_reason = 'stolen'")
        .run(USER_ID);
      desk.run('00000000-0000-7000-8000-00000000d002', 'Kaunter 2', 't2', 'h2');
      const outcome = db.sqlite.prepare(
        'INSERT INTO request_outcomes (request_id, station, channel, saved, at) VALUES (?, ?, ?, ?, 1)',
      );
      expect(() => outcome.run('r1', 'hub', null, 1)).toThrow(/request_outcomes_channel/);
      outcome.run('r1', 'hub', 'dose.record', 1);
      outcome.run('r2', 'hub', null, 0);
      expect(() => outcome.run('r2', 'hub', 'dose.record', 1)).toThrow(/UNIQUE/);
    },
  },
  11: {
    seed: (db) => {
      seedManager(db);
      db.sqlite.exec(`
        INSERT INTO products (code, name, manufacturer, doses_per_vial, primary_doses, booster_approved)
          VALUES ('COMIRNATY', 'Comirnaty', 'Pfizer-BioNTech', 6, 2, 1);
        INSERT INTO backup_settings (station_id, folder, updated_at, updated_by)
          VALUES ('s1', '/media/usb', 1, '${USER_ID}');`);
    },
    check: (db) => {
      const insert = db.sqlite.prepare(
        `INSERT INTO delivered_lots (id, product_code, gtin, lot, expiry, recorded_at, recorded_by)
         VALUES (?, ?, ?, ?, ?, 1, ?)`,
      );
      const gtin = '00200000000011';
      expect(() => insert.run('a', 'COMIRNATY', gtin, ' ', '2027-12-31', USER_ID)).toThrow(
        /delivered_lots_lot/,
      );
      expect(() => insert.run('a', 'COMIRNATY', '123', 'FK1', '2027-12-31', USER_ID)).toThrow(
        /delivered_lots_gtin/,
      );
      expect(() => insert.run('a', 'COMIRNATY', gtin, 'FK1', '31/12/2027', USER_ID)).toThrow(
        /delivered_lots_expiry/,
      );
      expect(() => insert.run('a', 'NOPE', gtin, 'FK1', '2027-12-31', USER_ID)).toThrow(
        /FOREIGN KEY/,
      );
      insert.run('a', 'COMIRNATY', gtin, 'FK1', '2027-12-31', USER_ID);
      expect(() => insert.run('b', 'COMIRNATY', gtin, 'FK1', '2027-12-31', USER_ID)).toThrow(
        /UNIQUE/,
      );
      // The rows of the version before are still there.
      expect(db.sqlite.prepare('SELECT folder FROM backup_settings').get()).toEqual({
        folder: '/media/usb',
      });
    },
  },
  12: {
    seed: (db) =>
      db.sqlite.exec(
        "INSERT INTO ppv_settings (id, ppv_code, name, state, district, updated_at) VALUES (1, 'PPV-JHR-0009', 'PPV Lama', 'Johor', 'Muar', 1)",
      ),
    check: (db) => {
      expect(
        db.sqlite.prepare('SELECT ppv_code, recipient_reads_per_hour FROM ppv_settings').all(),
      ).toEqual([{ ppv_code: 'PPV-JHR-0009', recipient_reads_per_hour: 300 }]);
      const readIndex = db.sqlite
        .prepare<[], { sql: string }>(
          "SELECT sql FROM sqlite_master WHERE name = 'registrations_presence_read'",
        )
        .get();
      expect(readIndex?.sql).toMatch(/UNIQUE INDEX .*presence_read_id/);
      const columns = db.sqlite
        .prepare<[], { name: string }>('PRAGMA table_info(registrations)')
        .all()
        .map((column) => column.name);
      expect(columns).toEqual(
        expect.arrayContaining(['presence_read_id', 'presence_typed_reason']),
      );
    },
  },
  13: {
    seed: seedManager,
    check: (db) => {
      const highWater = () =>
        db.sqlite.prepare<[], { at: number }>('SELECT at FROM station_high_water').get()?.at;
      const before = highWater() ?? 0;
      const audit = db.sqlite.prepare(
        `INSERT INTO audit_log (at, device_at, user_id, station, action, entity_type, entity_id, detail, prev_hash, hash)
         VALUES (?, ?, ?, 'new', ?, NULL, NULL, '{}', '${HASH}', '${HASH}')`,
      );
      const yearAhead = before + 365 * 86_400_000;
      audit.run(yearAhead, yearAhead, null, 'auth.signInFailed');
      audit.run(yearAhead, yearAhead, USER_ID, 'auth.signInFailed');
      audit.run(yearAhead, yearAhead, USER_ID, 'access.denied');
      expect(highWater()).toBe(before);
      audit.run(before + 1000, before + 1000, USER_ID, 'dose.record');
      expect(highWater()).toBe(before + 1000);
    },
  },
  14: {
    seed: (db) => {
      seedManager(db);
      const recipient = db.sqlite.prepare(
        `INSERT INTO recipients (id, doc_type, doc_number, doc_country, full_name, name_key, birth_date, sex, nationality, postcode, state, created_at, created_by)
         VALUES (?, 'PASSPORT', ?, 'SGP', 'Penerima Lama', 'PENERIMA LAMA', '1980-05-05', 'F', 'SGP', '50000', 'Selangor', 1, '${USER_ID}')`,
      );
      const registration = db.sqlite.prepare(
        `INSERT INTO registrations (id, recipient_id, day_id, channel, phone, consent, slip_token, registered_at, registered_device_at, registered_by, queue_status)
         VALUES (?, ?, '${DAY_ID}', 'walk-in', '+60123456789', 1, ?, ?, ?, '${USER_ID}', ?)`,
      );
      db.sqlite.exec(`
        INSERT INTO days (id, session_date, channel, state, opened_at, opened_device_at, opened_by, opened_clock)
          VALUES ('${DAY_ID}', '2026-03-02', 'walk-in', 'open', 1, 1, '${USER_ID}', 'measured');
        INSERT INTO audit_log (at, device_at, user_id, station, action, entity_type, entity_id, detail, prev_hash, hash)
          VALUES (10, 10, NULL, 'old', 'catalogue.seeded', NULL, NULL, '{}', '${'0'.repeat(64)}', '${'1'.repeat(64)}'),
                 (20, 20, '${USER_ID}', 'old', 'day.open', 'day', '${DAY_ID}', '{"channel":"walk-in"}', '${'1'.repeat(64)}', '${'2'.repeat(64)}'),
                 (30, 30, '${USER_ID}', 'old', 'recipient.register', NULL, NULL, '{}', '${'2'.repeat(64)}', '${'3'.repeat(64)}');`);
      JPN_REPEAT_IDS.forEach((id, i) => {
        recipient.run(id, `A000000${i}`);
        registration.run(id, id, `slip-${i}`, 10 + i, 10 + i, i === 1 ? 'vaccinated' : 'waiting');
      });
    },
    check: (db) => {
      // The log's rows are as they were, numbered as they were, with no word in sqlite_sequence.
      expect(
        db.sqlite.prepare('SELECT seq, at, action, detail, prev_hash, hash FROM audit_log').all(),
      ).toEqual([
        {
          seq: 1,
          at: 10,
          action: 'catalogue.seeded',
          detail: '{}',
          prev_hash: '0'.repeat(64),
          hash: '1'.repeat(64),
        },
        {
          seq: 2,
          at: 20,
          action: 'day.open',
          detail: '{"channel":"walk-in"}',
          prev_hash: '1'.repeat(64),
          hash: '2'.repeat(64),
        },
        {
          seq: 3,
          at: 30,
          action: 'recipient.register',
          detail: '{}',
          prev_hash: '2'.repeat(64),
          hash: '3'.repeat(64),
        },
      ]);
      const schemaOf = (name: string) =>
        db.sqlite
          .prepare<[string], { sql: string }>('SELECT sql FROM sqlite_master WHERE name = ?')
          .get(name)?.sql;
      expect(schemaOf('audit_log')).not.toMatch(/AUTOINCREMENT/i);
      expect(
        db.sqlite.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").all(),
      ).toEqual([]);
      // Still append-only, and the set-back guard's mark still rises with staff work alone.
      expect(() =>
        db.sqlite.prepare("UPDATE audit_log SET action = 'x' WHERE seq = 2").run(),
      ).toThrow(/AUDIT_APPEND_ONLY/);
      expect(() => db.sqlite.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(
        /AUDIT_APPEND_ONLY/,
      );
      const highWater = () =>
        db.sqlite.prepare<[], { at: number }>('SELECT at FROM station_high_water').get()?.at;
      const before = highWater() ?? 0;
      const append = db.sqlite.prepare(
        `INSERT INTO audit_log (seq, at, device_at, user_id, station, action, entity_type, entity_id, detail, prev_hash, hash)
         VALUES (?, ?, ?, '${USER_ID}', 'new', ?, NULL, NULL, '{}', '${HASH}', '${HASH}')`,
      );
      append.run(4, before + 5000, before + 5000, 'auth.signInFailed');
      expect(highWater()).toBe(before);
      append.run(5, before + 1000, before + 1000, 'dose.record');
      expect(highWater()).toBe(before + 1000);
      expect(() => append.run(5, before + 1001, before + 1001, 'dose.record')).toThrow(/UNIQUE/);

      // The queue: the old index is gone, the waiting queue has its own, and the rows are kept.
      expect(schemaOf('registrations_queue')).toBeUndefined();
      expect(schemaOf('registrations_day')).toMatch(/\(`day_id`,`registered_at`\)$/);
      expect(schemaOf('registrations_waiting')).toMatch(/WHERE queue_status = 'waiting'$/);
      const waiting = db.sqlite.prepare<[], { n: number }>(
        `SELECT count(*) AS n FROM registrations WHERE day_id = '${DAY_ID}' AND queue_status = 'waiting'`,
      );
      const plan = db.sqlite
        .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${waiting.source}`)
        .all()
        .map((row) => row.detail);
      expect(plan).toEqual([expect.stringContaining('registrations_waiting')]);
      expect(waiting.get()?.n).toBe(2);
      db.sqlite
        .prepare("UPDATE registrations SET queue_status = 'vaccinated' WHERE id = ?")
        .run(JPN_REPEAT_IDS[0]);
      expect(waiting.get()?.n).toBe(1);
      expect(
        db.sqlite
          .prepare('SELECT id, queue_status FROM registrations ORDER BY registered_at')
          .all(),
      ).toEqual([
        { id: JPN_REPEAT_IDS[0], queue_status: 'vaccinated' },
        { id: JPN_REPEAT_IDS[1], queue_status: 'vaccinated' },
        { id: JPN_REPEAT_IDS[2], queue_status: 'waiting' },
      ]);
    },
  },
  15: {
    seed: (db) => {
      seedManager(db);
      db.sqlite.exec(`
        INSERT INTO device_settings (station_id, serial_path, serial_baud_rate, updated_at, updated_by)
          VALUES ('hub', '/dev/ttyUSB0', 115200, 1, '${USER_ID}');`);
    },
    check: (db) => {
      // The station set up before keeps its devices, and its scanner's GS is Ctrl+] alone.
      expect(
        db.sqlite
          .prepare('SELECT serial_path, serial_baud_rate, wedge_gs_key FROM device_settings')
          .all(),
      ).toEqual([{ serial_path: '/dev/ttyUSB0', serial_baud_rate: 115200, wedge_gs_key: null }]);
      const setKey = db.sqlite.prepare('UPDATE device_settings SET wedge_gs_key = ?');
      expect(() => setKey.run('')).toThrow(/device_settings_wedge_gs_key/);
      expect(() => setKey.run('F'.repeat(25))).toThrow(/device_settings_wedge_gs_key/);
      setKey.run('F8');
      expect(db.sqlite.prepare('SELECT wedge_gs_key FROM device_settings').get()).toEqual({
        wedge_gs_key: 'F8',
      });
    },
  },
  16: {
    seed: (db) => {
      seedManager(db);
      db.sqlite.exec(`
        INSERT INTO pairing_codes (code_hash, issued_at, expires_at, issued_by) VALUES ('h1', 1, 2, '${USER_ID}'), ('h2', 1, 2, NULL);
        INSERT INTO desks (id, name, token_hash, paired_at, pairing_code_hash, last_seen_at)
          VALUES ('00000000-0000-7000-8000-00000000d001', 'Kaunter 2', 't1', 1, 'h1', 5);
        INSERT INTO desks (id, name, token_hash, paired_at, pairing_code_hash, revoked_at, revoked_by, revoke_reason)
          VALUES ('00000000-0000-7000-8000-00000000d002', 'Kaunter 3', 't2', 1, 'h2', 9, '${USER_ID}', 'Komputer dijual');
      `);
    },
    check: (db) => {
      expect(
        db.sqlite
          .prepare(
            'SELECT name, token_hash, previous_token_hash, rotated_at, last_seen_at, revoked_by, revoke_cause FROM desks ORDER BY name',
          )
          .all(),
      ).toEqual([
        {
          name: 'Kaunter 2',
          token_hash: 't1',
          previous_token_hash: null,
          rotated_at: null,
          last_seen_at: 5,
          revoked_by: null,
          revoke_cause: null,
        },
        {
          name: 'Kaunter 3',
          token_hash: 't2',
          previous_token_hash: null,
          rotated_at: null,
          last_seen_at: null,
          revoked_by: USER_ID,
          revoke_cause: 'manager',
        },
      ]);
      const revoke = db.sqlite.prepare(
        `UPDATE desks SET revoked_at = 10, revoked_by = ?, revoke_reason = 'Disalin', revoke_cause = ?
           WHERE name = 'Kaunter 2'`,
      );
      expect(() => revoke.run(null, 'manager')).toThrow(/desks_revoked/);
      expect(() => revoke.run(USER_ID, 'copied')).toThrow(/desks_revoked/);
      revoke.run(null, 'copied');
      expect(() =>
        db.sqlite.exec("UPDATE desks SET previous_token_hash = 't0' WHERE name = 'Kaunter 3'"),
      ).toThrow(/desks_previous_token/);
      const retire = db.sqlite.prepare(
        'INSERT INTO desk_retired_tokens (desk_id, token_hash, retired_at) VALUES (?, ?, 10)',
      );
      retire.run('00000000-0000-7000-8000-00000000d001', 't0');
      expect(() => retire.run('00000000-0000-7000-8000-00000000d001', 't0')).toThrow(/UNIQUE/);
      expect(() => retire.run('00000000-0000-7000-8000-00000000d009', 't0')).toThrow(/FOREIGN KEY/);
      expect(
        db.sqlite.prepare('SELECT count(*) AS n FROM desks WHERE lower(name) = ?').get('kaunter 2'),
      ).toEqual({ n: 1 });
    },
  },
};

describe('migrations', () => {
  const migrations = readMigrations(defaultMigrationsFolder);

  it('each migration has its test', () => {
    expect(migrations.map((m) => m.index)).toEqual(Object.keys(migrationChecks).map(Number));
  });

  // Migration numbers are given out to parallel branches, so the one before may be further back.
  it.each(migrations.map((m, position) => [m.tag, m.index, migrations[position - 1]] as const))(
    '%s migrates a database holding rows from the version before',
    (_tag, index, previous) => {
      const checks = migrationChecks[index];
      if (!checks) throw new Error(`no test for migration ${index}`);
      if (previous) {
        const before = openDatabase({ file, key: KEY, migrateTo: previous.index });
        expect(appliedMigrations(before.sqlite).at(-1)).toBe(previous.index);
        checks.seed(before);
        before.close();
      }
      const after = openDatabase({ file, key: KEY, migrateTo: index });
      expect(appliedMigrations(after.sqlite).at(-1)).toBe(index);
      checks.check(after);
      after.close();
    },
  );

  it('refuses to start when an applied migration was edited afterwards', () => {
    const folder = path.join(dir, 'migrations');
    const copy = (name: string) => {
      const source = path.join(defaultMigrationsFolder, name);
      const target = path.join(folder, name);
      writeFileSync(target, readFileSync(source));
    };
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(path.join(folder, 'meta'), { recursive: true });
    copy('meta/_journal.json');
    for (const migration of migrations) copy(`${migration.tag}.sql`);
    openDatabase({ file, key: KEY, migrationsFolder: folder }).close();
    const first = path.join(folder, `${migrations[0]?.tag}.sql`);
    writeFileSync(first, `${readFileSync(first, 'utf8')}\n-- edited`);
    expect(() => openDatabase({ file, key: KEY, migrationsFolder: folder })).toThrow(
      /changed after it was applied/,
    );
  });
});

describe('the migrator', () => {
  function folderWith(extra: string): string {
    const folder = path.join(dir, 'migrations');
    mkdirSync(path.join(folder, 'meta'), { recursive: true });
    const journal = JSON.parse(
      readFileSync(path.join(defaultMigrationsFolder, 'meta/_journal.json'), 'utf8'),
    ) as { entries: Array<{ idx: number; tag: string }> };
    for (const entry of journal.entries) {
      writeFileSync(
        path.join(folder, `${entry.tag}.sql`),
        readFileSync(path.join(defaultMigrationsFolder, `${entry.tag}.sql`)),
      );
    }
    const next = Math.max(...journal.entries.map((entry) => entry.idx)) + 1;
    journal.entries.push({ idx: next, tag: `${String(next).padStart(4, '0')}_rebuild` });
    writeFileSync(path.join(folder, `${String(next).padStart(4, '0')}_rebuild.sql`), extra);
    writeFileSync(path.join(folder, 'meta/_journal.json'), JSON.stringify(journal));
    return folder;
  }

  const seedProduct = (db: AppDatabase) =>
    db.sqlite
      .exec(`INSERT INTO products (code, name, manufacturer, doses_per_vial, primary_doses, booster_approved)
      VALUES ('COMIRNATY', 'Comirnaty', 'Pfizer-BioNTech', 6, 2, 1);
      INSERT INTO product_gtins (gtin, product_code) VALUES ('00200000000011', 'COMIRNATY');`);

  it('runs a table rebuild over rows that others reference, as drizzle-kit writes it', () => {
    seedProduct(openDatabaseAndKeep());
    const rebuild = `CREATE TABLE __new_products (code text PRIMARY KEY NOT NULL, name text NOT NULL,
  manufacturer text NOT NULL, doses_per_vial integer NOT NULL, primary_doses integer NOT NULL,
  booster_approved integer NOT NULL, note text);
--> statement-breakpoint
INSERT INTO __new_products SELECT *, NULL FROM products;
--> statement-breakpoint
DROP TABLE products;
--> statement-breakpoint
ALTER TABLE __new_products RENAME TO products;`;
    const db = openDatabase({ file, key: KEY, migrationsFolder: folderWith(rebuild) });
    expect(db.sqlite.prepare('SELECT product_code FROM product_gtins').all()).toEqual([
      { product_code: 'COMIRNATY' },
    ]);
    expect(db.sqlite.prepare('SELECT note FROM products').all()).toEqual([{ note: null }]);
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    db.sqlite.close();
  });

  it('refuses a migration that would leave broken references, and applies none of it', () => {
    seedProduct(openDatabaseAndKeep());
    expect(() =>
      openDatabase({ file, key: KEY, migrationsFolder: folderWith('DELETE FROM products;') }),
    ).toThrow(/broken references/);
    const db = openDatabase({ file, key: KEY });
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM products').get()).toEqual({ n: 1 });
    db.sqlite.close();
  });

  function openDatabaseAndKeep(): AppDatabase {
    const db = openDatabase({ file, key: KEY });
    afterEachClose.push(db);
    return db;
  }
});

const afterEachClose: AppDatabase[] = [];
afterEach(() => {
  for (const db of afterEachClose.splice(0)) if (db.sqlite.open) db.sqlite.close();
});

describe('encryption at rest', () => {
  it('cannot be read without its key, nor with another key', () => {
    const db = openDatabase({ file, key: KEY });
    db.sqlite.exec(
      "INSERT INTO ppv_settings (id, ppv_code, name, state, district, updated_at) VALUES (1, 'PPV-PRK-0003', 'PPV Rahsia', 'Perak', 'Ipoh', 1)",
    );
    db.close();
    expect(readFileSync(file).includes(Buffer.from('PPV Rahsia'))).toBe(false);
    expect(readFileSync(file).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    expect(() => openDatabase({ file, key: Buffer.alloc(32, 4) })).toThrow(DatabaseKeyError);
    const raw = new Sqlite(file);
    expect(() => raw.prepare('SELECT * FROM ppv_settings').all()).toThrow(/not a database/);
    raw.close();
    const reopened = openDatabase({ file, key: KEY });
    expect(reopened.sqlite.prepare('SELECT name FROM ppv_settings').get()).toEqual({
      name: 'PPV Rahsia',
    });
    reopened.close();
  });

  it('runs with WAL, synchronous FULL and foreign keys on', () => {
    const db = openDatabase({ file, key: KEY });
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});
