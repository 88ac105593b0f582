import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, TEST_KEY, TEST_PIN, type Harness } from '../testing/harness';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.setUpPpv();
  await h.staff('desk1', ['clerk'], 'CLERK01');
  await h.staff('desk2', ['vaccinator'], 'VAX01');
});
afterEach(() => h.close());

/** What someone with the database key and a SQL shell could do: a second connection, no gate. */
function tamper(sql: string): void {
  h.db.close();
  const raw = new Sqlite(h.file);
  raw.pragma(`cipher = 'chacha20'`);
  raw.pragma(`hexkey = '${TEST_KEY.toString('hex')}'`);
  raw.exec(sql);
  raw.close();
}

async function verifyAfterTamper() {
  const reopened = createHarness({ file: h.file });
  try {
    await reopened.okAsync('admin-again', 'auth.signIn', { staffId: 'ADMIN01', secret: TEST_PIN });
    return reopened.ok('admin-again', 'audit.verify', {});
  } finally {
    reopened.db.close();
  }
}

describe('the audit log', () => {
  it('verifies intact after ordinary work', () => {
    const result = h.ok('admin', 'audit.verify', {});
    expect(result).toMatchObject({ intact: true, problems: [] });
    expect(result.entries).toBeGreaterThan(4);
  });

  it('refuses UPDATE and DELETE through the database itself', () => {
    expect(() =>
      h.db.sqlite.prepare("UPDATE audit_log SET action = 'x' WHERE seq = 1").run(),
    ).toThrow(/AUDIT_APPEND_ONLY/);
    expect(() => h.db.sqlite.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(
      /AUDIT_APPEND_ONLY/,
    );
  });

  it('finds an edited row even when the triggers were dropped to edit it', async () => {
    tamper(`DROP TRIGGER audit_log_no_update;
      UPDATE audit_log SET detail = '{"staffId":"SOMEONE"}' WHERE seq = 4;`);
    const result = await verifyAfterTamper();
    expect(result.intact).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ seq: 4, kind: 'changed' }));
  });

  it('finds a deleted row in the middle', async () => {
    tamper(`DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3;`);
    const result = await verifyAfterTamper();
    expect(result.intact).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ seq: 4, kind: 'missing' }));
    expect(result.problems).toContainEqual(
      expect.objectContaining({ seq: 4, kind: 'broken-link' }),
    );
  });

  it('offline, verifies its own chain and says the anchors could not be checked', () => {
    const result = h.ok('admin', 'audit.verify', {});
    expect(result).toMatchObject({
      intact: true,
      anchors: { checked: false, fetchedAt: null, count: 0, lastSeq: null },
    });
  });

  it('takes no word from sqlite_sequence about the tail, which anyone with the key can set', async () => {
    tamper(`DELETE FROM sqlite_sequence WHERE name = 'audit_log';
      INSERT INTO sqlite_sequence (name, seq) SELECT 'audit_log', max(seq) + 50 FROM audit_log;`);
    expect(await verifyAfterTamper()).toMatchObject({ intact: true, problems: [] });
  });
});

describe('staff accounts change only through user management', () => {
  it('refuses a user created, changed or given a role from a SQL shell', () => {
    const attempts = [
      `INSERT INTO users (id, staff_id, full_name, secret_hash, active, must_change_secret, created_at, updated_at)
       VALUES ('00000000-0000-7000-8000-0000000000aa', 'BACKDOOR', 'Pintu Belakang', 'scrypt$1$8$1$a$b', 1, 0, 1, 1)`,
      `UPDATE users SET active = 1, failed_attempts = 0 WHERE staff_id = 'CLERK01'`,
      `INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE staff_id = 'CLERK01'`,
      `DELETE FROM users WHERE staff_id = 'VAX01'`,
    ];
    const before = h.counts();
    h.db.close();
    const raw = new Sqlite(h.file);
    raw.pragma(`cipher = 'chacha20'`);
    raw.pragma(`hexkey = '${TEST_KEY.toString('hex')}'`);
    for (const sql of attempts) expect(() => raw.exec(sql)).toThrow();
    raw.close();
    const reopened = createHarness({ file: h.file });
    expect(reopened.counts()).toEqual(before);
    reopened.db.close();
  });

  it('shows a change made with the guard triggers dropped', async () => {
    tamper(`DROP TRIGGER user_roles_guard_insert;
      INSERT INTO user_roles (user_id, role) SELECT id, 'manager' FROM users WHERE staff_id = 'CLERK01';`);
    const result = await verifyAfterTamper();
    expect(result.intact).toBe(false);
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        kind: 'user-state-unaudited',
        note: expect.stringContaining('CLERK01'),
      }),
    );
  });

  it('does not count sign-in failures as unaudited changes', async () => {
    await h.refusedAsync('desk3', 'auth.signIn', { staffId: 'CLERK01', secret: '000000' });
    expect(h.ok('admin', 'audit.verify', {}).intact).toBe(true);
  });
});

describe('audit.list', () => {
  it('pages newest first and holds no personal data of recipients', () => {
    const first = h.ok('admin', 'audit.list', { limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.items[0]!.seq).toBeGreaterThan(first.items[1]!.seq);
    const second = h.ok('admin', 'audit.list', { limit: 2, cursor: first.nextCursor });
    expect(second.items[0]!.seq).toBe(first.items[1]!.seq - 1);
  });
});
