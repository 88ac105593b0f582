import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type AppDatabase } from './open';

/**
 * The database refuses incomplete rows by itself. A CHECK that evaluates to NULL passes in SQLite,
 * so each conditional rule is tried here with the NULL that would slip through a careless CHECK.
 */
let dir: string;
let db: AppDatabase;
const USER = '01900000-0000-7000-8000-000000000001';
const DAY = '01900000-0000-7000-8000-000000000002';
const SEALED_DAY = '01900000-0000-7000-8000-000000000003';
const RECIPIENT = '01900000-0000-7000-8000-000000000004';

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ppv-constraints-'));
  db = openDatabase({ file: path.join(dir, 'ppv.db'), key: Buffer.alloc(32, 5) });
  db.userWriteGate.run(() =>
    db.sqlite
      .exec(`INSERT INTO users (id, staff_id, full_name, secret_hash, active, must_change_secret, created_at, updated_at)
      VALUES ('${USER}', 'STAFF01', 'Staf', 'scrypt$1$8$1$a$b', 1, 0, 1, 1)`),
  );
  db.sqlite.exec(`
    INSERT INTO days (id, session_date, channel, state, opened_at, opened_device_at, opened_by, opened_clock)
      VALUES ('${SEALED_DAY}', '2026-03-01', 'walk-in', 'open', 1, 1, '${USER}', 'measured');
    UPDATE days SET state = 'sealed', closed_at = 2, closed_device_at = 2, closed_by = '${USER}' WHERE id = '${SEALED_DAY}';
    INSERT INTO days (id, session_date, channel, state, opened_at, opened_device_at, opened_by, opened_clock)
      VALUES ('${DAY}', '2026-03-02', 'walk-in', 'open', 10, 10, '${USER}', 'measured');
    INSERT INTO recipients (id, doc_type, doc_number, doc_country, full_name, name_key, birth_date, sex, nationality, postcode, state, created_at, created_by)
      VALUES ('${RECIPIENT}', 'MYKAD', '850730145013', 'MYS', 'Penerima', 'PENERIMA', '1985-07-30', 'M', 'MYS', '52100', 'W.P. Kuala Lumpur', 1, '${USER}');
  `);
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const registration = (values: Record<string, string | null>) => {
  const row = {
    channel: "'walk-in'",
    phone: "'+60123456789'",
    queue_status: "'waiting'",
    outcome_reason: 'NULL',
    presence_method: 'NULL',
    presence_confirmed_at: 'NULL',
    presence_confirmed_by: 'NULL',
    day_id: `'${DAY}'`,
    ...values,
  };
  db.sqlite
    .exec(`INSERT INTO registrations (id, recipient_id, day_id, channel, phone, consent, slip_token, registered_at, registered_device_at, registered_by, queue_status, outcome_reason, presence_method, presence_confirmed_at, presence_confirmed_by)
    VALUES ('01900000-0000-7000-8000-0000000000r1', '${RECIPIENT}', ${row.day_id}, ${row.channel}, ${row.phone}, 1, 'slip', 20, 20, '${USER}', ${row.queue_status}, ${row.outcome_reason}, ${row.presence_method}, ${row.presence_confirmed_at}, ${row.presence_confirmed_by})`);
};

describe('the database refuses what the services refuse', () => {
  it('accepts a complete registration', () => {
    expect(() => registration({})).not.toThrow();
  });

  it.each([
    ['a walk-in without a phone', { phone: 'NULL' }],
    ['a phone with letters', { phone: "'+60123456abc'" }],
    ['a phone too short', { phone: "'+6012'" }],
    ['a deferral without a reason', { queue_status: "'deferred'" }],
    [
      'presence without its method',
      { presence_confirmed_at: '30', presence_confirmed_by: `'${USER}'` },
    ],
    ['a registration in a sealed day', { day_id: `'${SEALED_DAY}'` }],
  ])('refuses %s', (_name, values) => {
    expect(() => registration(values)).toThrow(/CHECK|DAY_SEALED/);
  });

  it('accepts an outreach registration without a phone', () => {
    db.sqlite.exec(
      `UPDATE days SET channel = 'outreach', outreach_place = 'Dewan', outreach_district = 'Kepong', outreach_state = 'W.P. Kuala Lumpur' WHERE id = '${DAY}'`,
    );
    expect(() => registration({ channel: "'outreach'", phone: 'NULL' })).not.toThrow();
  });

  it.each([
    ['an outreach day without its place', "'outreach', NULL, 'Kepong', 'Selangor'"],
    ['an outreach day with a blank district', "'outreach', 'Dewan', '  ', 'Selangor'"],
  ])('refuses %s', (_name, values) => {
    expect(() =>
      db.sqlite
        .exec(`INSERT INTO days (id, session_date, channel, outreach_place, outreach_district, outreach_state, state, opened_at, opened_device_at, opened_by, opened_clock)
        VALUES ('01900000-0000-7000-8000-0000000000d9', '2026-03-03', ${values}, 'sealed', 1, 1, '${USER}', 'measured')`),
    ).toThrow(/CHECK/);
  });

  it('refuses a duplicate approval without a reason', () => {
    expect(() =>
      db.sqlite
        .exec(`INSERT INTO recipients (id, doc_type, doc_number, doc_country, full_name, name_key, birth_date, sex, nationality, postcode, state, duplicate_approved_by, duplicate_reason, created_at, created_by)
        VALUES ('01900000-0000-7000-8000-0000000000e1', 'PASSPORT', 'A1234567', 'MYS', 'Penerima', 'PENERIMA', '1985-07-30', 'M', 'MYS', '52100', 'KL', '${USER}', NULL, 1, '${USER}')`),
    ).toThrow(/CHECK/);
  });

  it('refuses document numbers, staff IDs and product codes with stray characters', () => {
    expect(() =>
      db.sqlite.exec(`UPDATE recipients SET doc_number = '85073014501-' WHERE id = '${RECIPIENT}'`),
    ).toThrow(/CHECK/);
    expect(() =>
      db.userWriteGate.run(() =>
        db.sqlite.exec(`UPDATE users SET staff_id = 'ST AFF' WHERE id = '${USER}'`),
      ),
    ).toThrow(/CHECK/);
    expect(() =>
      db.sqlite.exec(
        "INSERT INTO products (code, name, manufacturer, doses_per_vial, primary_doses, booster_approved) VALUES ('VAX-1', 'x', 'y', 1, 1, 0)",
      ),
    ).toThrow(/CHECK/);
  });

  it('refuses a reconciled vial without its wastage, and a vial in a sealed day', () => {
    const vial = (day: string, reconciled: string) =>
      db.sqlite
        .exec(`INSERT INTO products (code, name, manufacturer, doses_per_vial, primary_doses, booster_approved) SELECT 'COMIRNATY', 'Comirnaty', 'P', 6, 2, 1 WHERE NOT EXISTS (SELECT 1 FROM products);
        INSERT INTO vials (id, day_id, product_code, lot, expiry, doses_per_vial, doses_drawn, opened_at, opened_by, reconciled_at, reconciled_by, doses_wasted)
        VALUES ('01900000-0000-7000-8000-0000000000f${day === DAY ? 1 : 2}', '${day}', 'COMIRNATY', 'LOT1', '2027-01-31', 6, 0, 20, '${USER}', ${reconciled})`);
    expect(() => vial(DAY, `30, '${USER}', NULL`)).toThrow(/CHECK/);
    expect(() => vial(SEALED_DAY, 'NULL, NULL, NULL')).toThrow(/DAY_SEALED/);
    expect(() => vial(DAY, `30, '${USER}', 6`)).not.toThrow();
  });

  it('keeps a sealed day sealed', () => {
    expect(() =>
      db.sqlite.exec(
        `UPDATE days SET state = 'open', closed_at = NULL, closed_by = NULL, closed_device_at = NULL WHERE id = '${SEALED_DAY}'`,
      ),
    ).toThrow(/DAY_SEALED/);
  });

  it('refuses an interval rule for a primary dose without its dose number', () => {
    expect(() =>
      db.sqlite
        .exec(`INSERT INTO products (code, name, manufacturer, doses_per_vial, primary_doses, booster_approved) VALUES ('CORONAVAC', 'CoronaVac', 'S', 1, 2, 1);
        INSERT INTO interval_rules (id, product_code, series, dose_number, min_days, effective_from, source) VALUES ('r', 'CORONAVAC', 'primary', NULL, 14, '2021-03-01', 's')`),
    ).toThrow(/CHECK/);
  });
});
