/**
 * The audit chain anchored at the reference MyVAS: its head sent every 15 minutes and after each
 * batch, and a database edited with its key — audit rows rewritten, deleted or cut from the end,
 * staff accounts changed and their audit entries made to match — caught by the verifier against
 * MyVAS's anchors, and shown on the status bar. The edits are what an insider would do: raw SQL on
 * the encrypted file, triggers dropped, the chain recomputed.
 */
import Sqlite from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH, type AuditRow } from '../../electron/core/audit';
import { ANCHOR_EVERY_MS } from '../../electron/core/audit/anchors';
import { userStateFingerprint } from '../../electron/core/auth/users';
import { canonicalJson } from '../../electron/core/shared/canonical';
import { malaysiaTimestamp } from '../../electron/core/shared/time';
import {
  createHarness,
  MINUTE,
  TEST_KEY,
  TEST_PIN,
  type Harness,
} from '../../electron/core/testing/harness';
import { setUpStation } from '../../electron/core/testing/scenario';
import type { Timers } from '../../electron/core/shared/periodic';
import { handTimers } from '../../electron/core/testing/hand-timers';
import { startMyvasServer, type MyvasServerOptions, type RunningMyvas } from './server';
import { connect, PPV_CODE, PPV_TOKEN, vaccinationDay } from './station-fixture';

interface Site {
  dir: string;
  file: string;
  h: Harness;
  myvas: RunningMyvas;
  timers: ReturnType<typeof handTimers>;
}

let site: Site | null = null;
afterEach(async () => {
  if (!site) return;
  await site.myvas.close();
  site.h.close();
  rmSync(site.dir, { recursive: true, force: true });
  site = null;
});

function startConsole(file: string, start: number, timers: Timers): Harness {
  return createHarness({ file, start, upload: { timers, wait: () => Promise.resolve() } });
}

/** A station set up and pointed at a reference MyVAS whose clock is the station's. */
async function open(options: Partial<MyvasServerOptions> = {}): Promise<Site> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ppv-anchors-'));
  const file = path.join(dir, 'station.db');
  const timers = handTimers();
  const h = startConsole(file, Date.parse('2026-03-02T00:00:00Z'), timers.timers);
  const holder: { site?: Site } = {};
  const myvas = await startMyvasServer({
    ppvs: { [PPV_CODE]: PPV_TOKEN },
    now: () => holder.site!.h.clock.now(),
    ...options,
  });
  site = { dir, file, h, myvas, timers };
  holder.site = site;
  await setUpStation(h);
  await connect(h, myvas.url, PPV_TOKEN);
  return site;
}

/** The console stops; later it starts again over the same file (and MyVAS stays where it is). */
function restart(s: Site): void {
  const at = s.h.clock.now();
  s.h.close();
  s.timers = handTimers();
  s.h = startConsole(s.file, at, s.timers.timers);
}

/** Moves the clock on and has the desks sign back in: new audit entries. */
async function work(s: Site, minutes: number): Promise<void> {
  s.h.clock.advance(minutes * MINUTE);
  for (const desk of ['admin', 'mgr', 'desk', 'vax']) {
    await s.h.okAsync(desk, 'auth.unlock', { secret: TEST_PIN });
  }
}

async function heldAnchors(s: Site): Promise<Array<{ seq: number; head: string }>> {
  const response = await fetch(`${s.myvas.url}/v1/anchors?after=0`, {
    headers: { authorization: `Bearer ${PPV_TOKEN}`, 'x-ppv-code': PPV_CODE },
  });
  return ((await response.json()) as { anchors: Array<{ seq: number; head: string }> }).anchors;
}

function lastSeq(h: Harness): number {
  return h.db.sqlite.prepare<[], { seq: number }>('SELECT max(seq) AS seq FROM audit_log').get()!
    .seq;
}

/** With the database key and a SQL shell: a connection of their own, no console in the way. */
function asInsider(s: Site, edit: (raw: Sqlite.Database) => void): void {
  const at = s.h.clock.now();
  s.h.close();
  const raw = new Sqlite(s.file);
  raw.pragma(`cipher = 'chacha20'`);
  raw.pragma(`hexkey = '${TEST_KEY.toString('hex')}'`);
  raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  edit(raw);
  raw.close();
  s.timers = handTimers();
  s.h = startConsole(s.file, at, s.timers.timers);
}

/** Renumbers the log from 1 and recomputes every link and hash: a chain that verifies on its own. */
function rechain(raw: Sqlite.Database): void {
  const rows = raw.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq').all();
  const update = raw.prepare(
    'UPDATE audit_log SET seq = ?, prev_hash = ?, hash = ?, detail = ? WHERE seq = ?',
  );
  let prevHash = GENESIS_HASH;
  rows.forEach((row, i) => {
    const seq = i + 1;
    const hash = entryHash(prevHash, {
      seq,
      at: row.at,
      deviceAt: row.device_at,
      userId: row.user_id,
      station: row.station,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      detail: row.detail,
    });
    update.run(seq, prevHash, hash, row.detail, row.seq);
    prevHash = hash;
  });
  raw.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'").run(rows.length);
}

/** Signs `desk` in (again, after a restart) or unlocks it. */
async function signedIn(h: Harness, desk: string, staffId: string): Promise<void> {
  const unlocked = await h.callAsync(desk, 'auth.unlock', { secret: TEST_PIN });
  if (!unlocked.ok) await h.okAsync(desk, 'auth.signIn', { staffId, secret: TEST_PIN });
}

async function verify(h: Harness) {
  await signedIn(h, 'admin', 'ADMIN01');
  return h.ok('admin', 'audit.verify', {});
}

/** A station that anchored its head twice, 15 minutes apart, with work between; the two seqs. */
async function anchoredTwice(): Promise<{ s: Site; first: number; second: number }> {
  const s = await open();
  await s.h.app.anchor();
  const first = lastSeq(s.h);
  await work(s, 15);
  await s.h.app.anchor();
  const second = lastSeq(s.h);
  expect((await heldAnchors(s)).map((a) => a.seq)).toEqual([first, second]);
  return { s, first, second };
}

describe('the head sent to MyVAS', () => {
  it('is one already on disk here: the round waits for the sync', async () => {
    const s = await open();
    const before = await heldAnchors(s);
    let syncDone = (): void => undefined;
    const asked = new Promise<void>((resolve) => {
      s.h.db.commits.durable = () => {
        resolve();
        return new Promise<void>((done) => (syncDone = done));
      };
    });
    const round = s.h.app.anchor();
    await asked;
    expect(await heldAnchors(s)).toEqual(before);
    syncDone();
    await round;
    expect((await heldAnchors(s)).at(-1)?.seq).toBe(lastSeq(s.h));
  });
});

describe('anchoring the audit chain at MyVAS', () => {
  it('sends the head at start, then every 15 minutes, and after each batch', async () => {
    const s = await open();
    s.h.app.startAnchoring();
    expect(s.timers.pending.map((p) => p.ms)).toEqual([0]);
    s.timers.pending.shift()!.callback();
    await expect.poll(() => s.timers.pending.map((p) => p.ms)).toEqual([ANCHOR_EVERY_MS]);
    const atStart = lastSeq(s.h);
    expect(s.h.ok('mgr', 'audit.anchorStatus', {})).toEqual({
      state: 'anchored',
      lastAnchoredSeq: atStart,
      lastAnchoredAt: s.h.clock.now(),
      conflictSeq: null,
    });
    expect(
      s.h.events.filter((e) => e.event === 'audit.anchorChanged').at(-1)?.payload,
    ).toMatchObject({ state: 'anchored', lastAnchoredSeq: atStart });

    // Nothing new: nothing sent. Then work, and the next round anchors the new head.
    s.timers.pending.shift()!.callback();
    await expect.poll(() => s.timers.pending.length).toBe(1);
    await work(s, 15);
    s.timers.pending.shift()!.callback();
    await expect.poll(() => s.timers.pending.length).toBe(1);
    const later = lastSeq(s.h);

    const { batch } = vaccinationDay(s.h, 1, 2);
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
    const uploaded = s.h.db.sqlite
      .prepare<[string], { seq: number }>(
        "SELECT seq FROM audit_log WHERE action = 'batch.uploaded' AND entity_id = ?",
      )
      .get(batch.batchId)!.seq;

    const held = await heldAnchors(s);
    expect(held.map((a) => a.seq)).toEqual([atStart, later, uploaded]);
    const hashes = s.h.db.sqlite
      .prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log')
      .all();
    for (const anchor of held) {
      expect(hashes.find((row) => row.seq === anchor.seq)?.hash).toBe(anchor.head);
    }
    expect(await verify(s.h)).toMatchObject({
      intact: true,
      anchors: { checked: true, count: 3, lastSeq: uploaded },
    });
    await s.h.app.close();
  });

  it('keeps the desks serving while MyVAS holds the anchor’s answer', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const s = await open({
      onRequest: async ({ path }) => {
        if (path === '/v1/anchors') await held;
        return undefined;
      },
    });
    const round = s.h.app.anchor();
    await expect.poll(() => s.myvas.requests().some((r) => r.path === '/v1/anchors')).toBe(true);
    // A write and a read go through at once, the anchor still unanswered (and MyVAS time with it).
    const confirmedTime = s.h.app.clock.now().at;
    expect(s.h.ok('mgr', 'day.open', { channel: 'walk-in', confirmedTime })).toMatchObject({
      state: 'open',
    });
    expect(s.h.ok('mgr', 'day.current', {})).not.toBeNull();
    release();
    expect(await round).toMatchObject({ state: 'anchored' });
  });

  it('anchors afresh at the MyVAS the address names now, and checks the log against its anchors only', async () => {
    const { s } = await anchoredTwice();
    const other = await startMyvasServer({
      ppvs: { [PPV_CODE]: PPV_TOKEN },
      now: () => site!.h.clock.now(),
    });
    try {
      await connect(s.h, other.url, PPV_TOKEN);
      const head = lastSeq(s.h);
      expect(await s.h.app.anchor()).toMatchObject({ state: 'anchored', lastAnchoredSeq: head });
      expect(await verify(s.h)).toMatchObject({
        intact: true,
        anchors: { checked: true, count: 1, lastSeq: head },
      });
    } finally {
      await other.close();
    }
  });

  it('keeps a conflict when the address is pointed at another MyVAS', async () => {
    const { s } = await anchoredTwice();
    asInsider(s, (raw) => {
      raw.prepare('UPDATE audit_log SET detail = \'{"staffId":"ORANG-LAIN"}\' WHERE seq = 3').run();
      rechain(raw);
    });
    expect(await s.h.app.anchor()).toMatchObject({ state: 'conflict' });
    const other = await startMyvasServer({
      ppvs: { [PPV_CODE]: PPV_TOKEN },
      now: () => site!.h.clock.now(),
    });
    try {
      await signedIn(s.h, 'admin', 'ADMIN01');
      await connect(s.h, other.url, PPV_TOKEN);
      expect(await s.h.app.anchor()).toMatchObject({ state: 'conflict' });
    } finally {
      await other.close();
    }
  });

  it('stays unanchored while MyVAS cannot be reached, and the verifier says it could not check', async () => {
    const s = await open();
    await connect(s.h, 'http://127.0.0.1:9', PPV_TOKEN);
    expect(await s.h.app.anchor()).toMatchObject({ state: 'unanchored', lastAnchoredSeq: null });
    expect(await verify(s.h)).toMatchObject({ intact: true, anchors: { checked: false } });
  });
});

describe('a database edited with its key is caught against MyVAS’s anchors', () => {
  it('an entry rewritten and the chain recomputed: the first anchored entry after it disagrees', async () => {
    const { s, first } = await anchoredTwice();
    asInsider(s, (raw) => {
      raw.prepare('UPDATE audit_log SET detail = \'{"staffId":"ORANG-LAIN"}\' WHERE seq = 3').run();
      rechain(raw);
    });
    // On its own, the rewritten chain holds.
    expect(await verify(s.h)).toMatchObject({ intact: true, anchors: { checked: false } });

    await restart(s);
    expect(await s.h.app.anchor()).toMatchObject({ state: 'conflict', conflictSeq: first });
    const result = await verify(s.h);
    expect(result.intact).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ seq: first, kind: 'anchor-disagrees' }),
    ]);
    expect(result.problems[0]?.note).toContain('after entry 0');
  });

  it('entries deleted and the rest renumbered: the first anchored entry after them disagrees', async () => {
    const { s, first, second } = await anchoredTwice();
    asInsider(s, (raw) => {
      raw.prepare('DELETE FROM audit_log WHERE seq IN (?, ?)').run(first + 1, first + 2);
      rechain(raw);
    });
    expect(await verify(s.h)).toMatchObject({ intact: true });

    await restart(s);
    await s.h.app.anchor();
    const result = await verify(s.h);
    expect(result.problems).toEqual([
      expect.objectContaining({ seq: second, kind: 'anchor-disagrees' }),
    ]);
    expect(result.problems[0]?.note).toMatch(/history after entry \d+ was rewritten/);
  });

  it('the tail cut: entries MyVAS anchored are gone', async () => {
    const { s, first, second } = await anchoredTwice();
    asInsider(s, (raw) => {
      raw.prepare('DELETE FROM audit_log WHERE seq > ?').run(first);
      raw.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'").run(first);
    });
    await restart(s);
    expect(await s.h.app.anchor()).toMatchObject({ state: 'conflict', conflictSeq: null });
    const result = await verify(s.h);
    expect(lastSeq(s.h)).toBeLessThan(second);
    expect(result.intact).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({
        seq: null,
        kind: 'tail-missing',
        note: `entries ${lastSeq(s.h) + 1}–${second} were anchored at MyVAS and are gone from the log`,
      }),
    ]);
  });

  it('the tail cut, then its numbers taken again by the console’s next entries: the anchored entry is another', async () => {
    const { s, first, second } = await anchoredTwice();
    asInsider(s, (raw) => raw.prepare('DELETE FROM audit_log WHERE seq > ?').run(first));
    // The console goes on: its new entries follow the last one left, past the last anchor's number.
    for (const [desk, staffId] of [
      ['admin', 'ADMIN01'],
      ['mgr', 'MGR01'],
      ['desk', 'CLERK01'],
      ['vax', 'VAX01'],
    ] as const) {
      await signedIn(s.h, desk, staffId);
    }
    while (lastSeq(s.h) <= second) await work(s, 1);
    expect(await s.h.app.anchor()).toMatchObject({ state: 'conflict', conflictSeq: second });
    const result = await verify(s.h);
    expect(result.intact).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ seq: second, kind: 'anchor-disagrees' }),
    ]);
    expect(result.problems[0]?.note).toContain(`after entry ${first}`);
  });

  it('a staff account given admin, its audit entry made to match and the chain recomputed', async () => {
    const { s, first } = await anchoredTwice();
    asInsider(s, (raw) => {
      raw.exec(`DROP TRIGGER user_roles_guard_insert; DROP TRIGGER user_roles_admin_alone;
        INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE staff_id = 'CLERK01';`);
      const clerk = raw
        .prepare<
          [],
          {
            id: string;
            staff_id: string;
            full_name: string;
            active: number;
            secret_hash: string;
            roles: string;
          }
        >(
          `SELECT u.id, u.staff_id, u.full_name, u.active, u.secret_hash,
             (SELECT group_concat(role) FROM user_roles r WHERE r.user_id = u.id) AS roles
           FROM users u WHERE staff_id = 'CLERK01'`,
        )
        .get()!;
      const entry = raw
        .prepare<[string], { seq: number; detail: string }>(
          `SELECT seq, detail FROM audit_log WHERE entity_type = 'user' AND entity_id = ?
             AND json_extract(detail, '$.userState') IS NOT NULL ORDER BY seq DESC LIMIT 1`,
        )
        .get(clerk.id)!;
      const detail = {
        ...(JSON.parse(entry.detail) as Record<string, unknown>),
        userState: userStateFingerprint(clerk),
      };
      raw
        .prepare('UPDATE audit_log SET detail = ? WHERE seq = ?')
        .run(canonicalJson(detail), entry.seq);
      rechain(raw);
    });
    // The change is explained by the log, and the log verifies on its own.
    expect(await verify(s.h)).toMatchObject({ intact: true, problems: [] });

    await restart(s);
    await s.h.app.anchor();
    const result = await verify(s.h);
    expect(result.intact).toBe(false);
    expect(result.problems[0]).toMatchObject({ kind: 'anchor-disagrees' });
    expect(result.problems[0]!.seq).toBeGreaterThanOrEqual(first);
  });

  it('a staff account deleted, its audit entries left alone: the verifier names it', async () => {
    const s = await open();
    await s.h.app.anchor();
    asInsider(s, (raw) => {
      raw.pragma('foreign_keys = OFF');
      raw.exec(`DROP TRIGGER users_guard_delete; DROP TRIGGER user_roles_guard_delete;
        DELETE FROM user_roles WHERE user_id = (SELECT id FROM users WHERE staff_id = 'CLERK01');
        DELETE FROM users WHERE staff_id = 'CLERK01';`);
    });

    const result = await verify(s.h);

    expect(result.intact).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({
        seq: null,
        kind: 'user-state-unaudited',
        note: expect.stringContaining('CLERK01') as string,
      }),
    ]);
  });

  it('the head rewritten: MyVAS answers ANCHOR_CONFLICT, and every desk’s status bar says so', async () => {
    const { s, second } = await anchoredTwice();
    asInsider(s, (raw) => {
      raw.prepare("UPDATE audit_log SET station = 'stesen-lain' WHERE seq = ?").run(second);
      rechain(raw);
    });
    await restart(s);
    const status = await s.h.app.anchor();

    expect(status).toMatchObject({ state: 'conflict', conflictSeq: second });
    expect(
      s.myvas
        .requests()
        .filter((r) => r.path === '/v1/anchors' && r.method === 'POST')
        .at(-1)?.status,
    ).toBe(409);
    expect(s.h.events).toContainEqual({ event: 'audit.anchorChanged', payload: status });
    await signedIn(s.h, 'mgr', 'MGR01');
    expect(s.h.ok('mgr', 'audit.anchorStatus', {})).toEqual(status);

    // In conflict, nothing more is anchored until a person has looked.
    s.h.clock.advance(15 * MINUTE);
    await signedIn(s.h, 'desk', 'CLERK01');
    await s.h.app.anchor();
    expect((await heldAnchors(s)).map((a) => a.seq)).toEqual([expect.any(Number), second]);
  });
});

describe('the retention purge trusts only a MyVAS that holds the station’s history, on its time', () => {
  const DAY_MS = 24 * 60 * MINUTE;
  const RETENTION_PASSED = 91 * DAY_MS;

  /** Two doses MyVAS accepted, the batch committed and its head anchored. */
  async function accepted(s: Site): Promise<void> {
    vaccinationDay(s.h, 1, 2);
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
    expect(purged(s.h)).toBe(0);
  }

  async function anchorStatus(h: Harness) {
    await signedIn(h, 'admin', 'ADMIN01');
    return h.ok('admin', 'audit.anchorStatus', {});
  }

  function purged(h: Harness): number {
    return h.db.sqlite
      .prepare<[], { n: number }>(
        'SELECT count(*) AS n FROM recipients WHERE purged_at IS NOT NULL',
      )
      .get()!.n;
  }

  it('purges once the period has passed on MyVAS’s time, and the anchors agree', async () => {
    const s = await open();
    await accepted(s);
    s.h.clock.advance(RETENTION_PASSED);

    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });

    expect(await anchorStatus(s.h)).toMatchObject({ state: 'anchored' });
    expect(purged(s.h)).toBe(2);
  });

  it('purges nothing when MyVAS says it is 100 days later: the clock stops, nothing passes the period', async () => {
    let aheadMs = 0;
    const s = await open({ now: () => site!.h.clock.now() + aheadMs });
    await accepted(s);
    s.h.clock.advance(DAY_MS);
    aheadMs = 100 * DAY_MS;

    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });

    expect(s.h.app.clock.status()).toMatchObject({ state: 'stop', stopReason: 'offset' });
    expect(purged(s.h)).toBe(0);
  });

  it('purges nothing while MyVAS cannot be reached to measure the time, then purges once it can', async () => {
    let down = false;
    const s = await open({ onRequest: () => (down ? 'dropBeforeApply' : undefined) });
    await accepted(s);
    s.h.clock.advance(RETENTION_PASSED);
    down = true;

    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
    expect(purged(s.h)).toBe(0);

    down = false;
    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
    expect(purged(s.h)).toBe(2);
  });

  it('purges nothing that only another server accepted: the address set back, MyVAS never had it', async () => {
    const s = await open();
    const elsewhere = await startMyvasServer({
      ppvs: { [PPV_CODE]: PPV_TOKEN },
      now: () => site!.h.clock.now(),
    });
    try {
      await connect(s.h, elsewhere.url, PPV_TOKEN);
      vaccinationDay(s.h, 1, 2);
      expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
      expect(elsewhere.heldCount()).toBe(2);
      await connect(s.h, s.myvas.url, PPV_TOKEN);
      s.h.clock.advance(RETENTION_PASSED);

      expect(await s.h.app.upload()).toEqual({ kind: 'idle' });

      expect(await anchorStatus(s.h)).toMatchObject({ state: 'anchored' });
      expect(purged(s.h)).toBe(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('purges nothing MyVAS holds under the same batch id with other content', async () => {
    const s = await open();
    const elsewhere = await startMyvasServer({
      ppvs: { [PPV_CODE]: PPV_TOKEN },
      now: () => site!.h.clock.now(),
    });
    try {
      await connect(s.h, elsewhere.url, PPV_TOKEN);
      const { batch } = vaccinationDay(s.h, 1, 2);
      // Someone who saw the batch id declares it at MyVAS first, empty, and commits it.
      const asPpv = async (method: string, route: string, body: unknown) =>
        fetch(`${s.myvas.url}${route}`, {
          method,
          headers: {
            authorization: `Bearer ${PPV_TOKEN}`,
            'x-ppv-code': PPV_CODE,
            'content-type': 'application/json; charset=utf-8',
          },
          body: JSON.stringify(body),
        });
      const declared = await asPpv('POST', '/v1/batches', {
        batchId: batch.batchId,
        ppvCode: PPV_CODE,
        sessionDate: batch.sessionDate,
        openedAt: malaysiaTimestamp(batch.openedAt),
        closedAt: malaysiaTimestamp(batch.closedAt),
        recordCount: 0,
        contentHash: createHash('sha256').digest('hex'),
        auditHead: batch.auditHead,
        chunkSize: 500,
      });
      expect(declared.status).toBe(201);
      expect((await asPpv('POST', `/v1/batches/${batch.batchId}/commit`, {})).status).toBe(200);
      expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
      await connect(s.h, s.myvas.url, PPV_TOKEN);
      s.h.clock.advance(RETENTION_PASSED);

      expect(await s.h.app.upload()).toEqual({ kind: 'idle' });

      expect(await anchorStatus(s.h)).toMatchObject({ state: 'anchored' });
      expect(purged(s.h)).toBe(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('purges nothing a front told the station MyVAS accepted, when MyVAS rejected it', async () => {
    const s = await open({ productCodes: ['CORONAVAC'] });
    // Passes every call on to MyVAS, but answers "accepted" for every record of a chunk.
    const front = createServer((request, response) => {
      const parts: Buffer[] = [];
      request.on('data', (part: Buffer) => parts.push(part));
      request.on('end', () => {
        const body = Buffer.concat(parts);
        void fetch(`${s.myvas.url}${request.url}`, {
          method: request.method ?? 'GET',
          headers: {
            authorization: String(request.headers.authorization),
            'x-ppv-code': String(request.headers['x-ppv-code']),
            'content-type': 'application/json; charset=utf-8',
          },
          body: body.length > 0 ? body : null,
        }).then(async (passed) => {
          const answer = (await passed.json()) as { results?: Array<Record<string, unknown>> };
          if (answer.results) {
            answer.results = answer.results.map((r) => ({
              recordId: r['recordId'],
              status: 'accepted',
            }));
          }
          response.writeHead(passed.status, {
            date: passed.headers.get('date') ?? '',
            'content-type': 'application/json',
          });
          response.end(JSON.stringify(answer));
        });
      });
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    try {
      await connect(s.h, `http://127.0.0.1:${(front.address() as AddressInfo).port}`, PPV_TOKEN);
      vaccinationDay(s.h, 1, 2, 'COMIRNATY');
      expect(await s.h.app.upload()).toEqual({ kind: 'idle' });
      expect(s.myvas.heldCount()).toBe(0);
      await connect(s.h, s.myvas.url, PPV_TOKEN);
      s.h.clock.advance(RETENTION_PASSED);

      expect(await s.h.app.upload()).toEqual({ kind: 'idle' });

      expect(await anchorStatus(s.h)).toMatchObject({ state: 'anchored' });
      expect(purged(s.h)).toBe(0);
    } finally {
      front.closeAllConnections();
      await new Promise((resolve) => front.close(resolve));
    }
  });

  it('purges nothing from a station whose history MyVAS holds otherwise', async () => {
    const s = await open();
    await accepted(s);
    asInsider(s, (raw) => {
      raw.prepare('UPDATE audit_log SET detail = \'{"staffId":"ORANG-LAIN"}\' WHERE seq = 3').run();
      rechain(raw);
    });
    s.h.clock.advance(RETENTION_PASSED);

    expect(await s.h.app.upload()).toEqual({ kind: 'idle' });

    expect(await anchorStatus(s.h)).toMatchObject({ state: 'conflict' });
    expect(purged(s.h)).toBe(0);
  });
});
