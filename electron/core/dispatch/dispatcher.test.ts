import Sqlite from 'better-sqlite3';
import { mkdirSync, renameSync, rmdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelNames, channels, roles, type ChannelName, type Role } from '../../contract';
import { createAuditLog } from '../audit';
import { createSessions } from '../auth/sessions';
import { createUsers } from '../auth/users';
import { createTrustedClock } from '../clock';
import { silentLogger } from '../shared/log';
import { createHarness, TEST_KEY, TEST_PIN, type Harness } from '../testing/harness';
import { createCommitBarrier } from '../../../db/durable';
import { createDispatcher, type DispatcherDeps } from './dispatcher';
import type { HandlerContext, Handlers } from './types';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.setUpPpv();
});
afterEach(() => h.close());

/**
 * A dispatcher of its own over the harness's database, serving `handlers`, with a manager signed in
 * at connection 'mgr'.
 */
async function managerDispatcher(handlers: Handlers, deps: Partial<DispatcherDeps> = {}) {
  const db = h.db;
  const users = createUsers(db, () => crypto.randomUUID());
  const sessions = createSessions(h.clock, () => 5);
  const manager = await h.staff('mgr', ['manager']);
  sessions.start('mgr', manager.userId);
  return createDispatcher({
    sqlite: db.sqlite,
    handlers,
    audit: createAuditLog(db),
    users,
    sessions,
    clock: createTrustedClock(db, h.clock),
    monotonic: h.clock,
    log: silentLogger,
    publish: () => undefined,
    commits: db.commits,
    ...deps,
  });
}

const roleRestricted = channelNames.filter((name) => Array.isArray(channels[name].access));
const needsSession = channelNames.filter((name) => channels[name].access !== 'public');

function otherRoles(name: ChannelName): Role[] {
  const allowed = channels[name].access as readonly Role[];
  return roles.filter((role) => !allowed.includes(role));
}

describe('every channel refuses a caller without its role', () => {
  it.each(roleRestricted)('%s', async (name) => {
    const others = otherRoles(name);
    expect(others.length).toBeGreaterThan(0);
    // An admin holds no other role: the other roles come as two intruders when admin is among them.
    const intruders = [
      others.filter((role) => role !== 'admin'),
      others.filter((role) => role === 'admin'),
    ];
    for (const [index, roles] of intruders.filter((group) => group.length > 0).entries()) {
      const intruder = `intruder${index}`;
      await h.staff(intruder, roles);
      const before = h.counts();
      expect(h.refused(intruder, name, {})).toBe('FORBIDDEN');
      const after = h.counts();
      expect({ ...after, audit_log: before.audit_log }).toEqual(before);
      const last = h.db.sqlite
        .prepare<[], { action: string; detail: string }>(
          'SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1',
        )
        .get();
      expect(last?.action).toBe('access.denied');
      expect(JSON.parse(last?.detail ?? '{}')).toEqual({ channel: name, code: 'FORBIDDEN' });
    }
  });
});

describe('every channel that needs a session refuses a caller without one', () => {
  it.each(needsSession)('%s', (name) => {
    const before = h.counts();
    expect(h.refused('stranger', name, {})).toBe('UNAUTHENTICATED');
    expect({ ...h.counts(), audit_log: before.audit_log }).toEqual(before);
  });
});

describe('the dispatcher', () => {
  it('refuses an unknown channel', () => {
    expect(h.refused('admin', 'users.dropAll' as ChannelName, {})).toBe('UNKNOWN_CHANNEL');
  });

  it('checks the role before the input, so a stranger learns nothing of the schema', async () => {
    await h.staff('clerk', ['clerk']);
    expect(await h.refusedAsync('clerk', 'user.create', { nonsense: true })).toBe('FORBIDDEN');
  });

  it('refuses invalid input with the fields named, in both languages', async () => {
    const result = await h.callAsync('admin', 'user.create', {
      staffId: 'x',
      fullName: '',
      roles: [],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.message.en).toContain('staffId');
    expect(result.error.message.ms).toContain('staffId');
  });

  it('rolls back a write that fails midway and reports an internal error without details', async () => {
    const db = h.db;
    const failing = {
      'ppv.setClosureDate': () => {
        db.sqlite.prepare("UPDATE ppv_settings SET name = 'half-written' WHERE id = 1").run();
        throw new Error('disk on fire');
      },
    } as unknown as Handlers;
    const dispatcher = await managerDispatcher(failing);
    const before = h.counts();
    const result = dispatcher.dispatchSync(
      'ppv.setClosureDate',
      { closureDate: '2026-12-31', reason: 'Penutupan PPV' },
      { connectionId: 'mgr', stationId: 'x' },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(h.counts()).toEqual(before);
    expect(h.ok('admin', 'ppv.settings', {}).name).toBe('PPV Dewan Komuniti Ujian');
  });

  it('audits every write in the same transaction, with user and station', async () => {
    const before = h.counts().audit_log ?? 0;
    await h.staff('desk', ['clerk'], 'CLERK09');
    const rows = h.db.sqlite
      .prepare<[number], { action: string; station: string; user_id: string | null }>(
        'SELECT action, station, user_id FROM audit_log WHERE seq > ? ORDER BY seq',
      )
      .all(before);
    expect(rows.map((row) => row.action)).toEqual([
      'user.create',
      'auth.signIn',
      'auth.changeSecret',
    ]);
    expect(rows.every((row) => row.station === 'test-station' && row.user_id !== null)).toBe(true);
  });
});

describe('outputs', () => {
  it('strip what a handler returns beyond the contract, and refuse what breaks it, writing nothing', async () => {
    const db = h.db;
    const handlers = {
      'ppv.settings': () => ({ ...h.ok('admin', 'ppv.settings', {}), myvasToken: 'secret-token' }),
      'ppv.setClosureDate': () => {
        db.sqlite.prepare("UPDATE ppv_settings SET name = 'half-written' WHERE id = 1").run();
        return { closureDate: 42 };
      },
    } as unknown as Handlers;
    const dispatcher = await managerDispatcher(handlers);
    const call = { connectionId: 'mgr', stationId: 'x' };
    const settings = dispatcher.dispatchSync('ppv.settings', {}, call);
    expect(settings.ok).toBe(true);
    expect(JSON.stringify(settings)).not.toContain('secret-token');
    const before = h.counts();
    expect(
      dispatcher.dispatchSync(
        'ppv.setClosureDate',
        { closureDate: '2026-12-31', reason: 'Penutupan' },
        call,
      ),
    ).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(h.counts()).toEqual(before);
    expect(h.ok('admin', 'ppv.settings', {}).name).toBe('PPV Dewan Komuniti Ujian');
  });
});

describe('group commit', () => {
  /** A dispatcher over the harness's database whose syncs of the disk the test finishes by hand. */
  async function withHeldSyncs() {
    const db = h.db;
    const syncs: Array<{ finish: () => void; fail: (error: Error) => void }> = [];
    const published: string[] = [];
    const seenSynchronous: number[] = [];
    let letStagedGoOn = (): void => undefined;
    const handlers = {
      'ppv.settings': () => h.ok('admin', 'ppv.settings', {}),
      'ppv.setClosureDate': (input: { closureDate: string }, context: HandlerContext) => {
        seenSynchronous.push(db.sqlite.pragma('synchronous', { simple: true }) as number);
        db.sqlite
          .prepare('UPDATE ppv_settings SET closure_date = ? WHERE id = 1')
          .run(input.closureDate);
        context.emit('day.changed', null);
        return h.ok('admin', 'ppv.settings', {});
      },
      // Staged: waits (as a PIN's hash would) until the test lets it go on, then writes.
      'auth.signOut': {
        prepare: async () => {
          await new Promise<void>((resolve) => (letStagedGoOn = resolve));
          return () => {
            db.sqlite
              .prepare("UPDATE ppv_settings SET closure_date = '2027-01-31' WHERE id = 1")
              .run();
            return { done: true };
          };
        },
      },
    } as unknown as Handlers;
    const dispatcher = await managerDispatcher(handlers, {
      publish: (event) => published.push(event),
      commits: createCommitBarrier(
        () => new Promise<void>((finish, fail) => syncs.push({ finish, fail })),
      ),
    });
    return {
      dispatcher,
      letStagedGoOn: () => letStagedGoOn(),
      syncs,
      published,
      seenSynchronous,
      call: { connectionId: 'mgr', stationId: 'x' },
    };
  }

  const closure = { closureDate: '2026-12-31', reason: 'Penutupan PPV' };
  const settledAfterATurn = async (promise: Promise<unknown>) => {
    let done = false;
    void promise.then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    return done;
  };

  it('answers a write, and publishes its events, only once its commit is on disk', async () => {
    const { dispatcher, syncs, published, seenSynchronous, call } = await withHeldSyncs();
    const answer = dispatcher.dispatch('ppv.setClosureDate', closure, call);
    expect(await settledAfterATurn(answer)).toBe(false);
    expect(syncs).toHaveLength(1);
    expect(published).toEqual([]);
    // Committed without waiting for the disk; the connection is back to syncing every other commit.
    expect(seenSynchronous).toEqual([1]);
    expect(h.db.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(h.db.sqlite.inTransaction).toBe(false);

    syncs[0]?.finish();
    expect(await answer).toMatchObject({ ok: true });
    expect(published).toEqual(['day.changed']);
  });

  it('answers a read that could see an unsynced write only once that write is on disk', async () => {
    const { dispatcher, syncs, call } = await withHeldSyncs();
    const write = dispatcher.dispatch('ppv.setClosureDate', closure, call);
    const read = dispatcher.dispatch('ppv.settings', {}, call);
    expect(await settledAfterATurn(read)).toBe(false);
    syncs[0]?.finish();
    expect(await read).toMatchObject({ ok: true, value: { closureDate: '2026-12-31' } });
    expect(await write).toMatchObject({ ok: true });
    expect(syncs).toHaveLength(1);
  });

  it('says the disk failed, publishing nothing, when the sync fails, and keeps saying it', async () => {
    const { dispatcher, syncs, published, call } = await withHeldSyncs();
    const answer = dispatcher.dispatch('ppv.setClosureDate', closure, call);
    await settledAfterATurn(answer);
    syncs[0]?.fail(new Error('EIO: i/o error, fdatasync'));
    const result = await answer;
    expect(result).toMatchObject({ ok: false, error: { code: 'STORAGE_SYNC_FAILED' } });
    if (!result.ok) expect(result.error.message.ms).toContain('hab');
    expect(published).toEqual([]);
    expect(await dispatcher.dispatch('ppv.settings', {}, call)).toMatchObject({
      ok: false,
      error: { code: 'STORAGE_SYNC_FAILED' },
    });
  });

  it('audits a refusal in the group commit, not with a sync of its own, and answers after it', async () => {
    const { dispatcher, syncs, call } = await withHeldSyncs();
    const denied = () =>
      h.db.sqlite
        .prepare("SELECT count(*) FROM audit_log WHERE action = 'access.denied'")
        .pluck()
        .get();
    const before = denied();
    const answer = dispatcher.dispatch('backup.updateSettings', { folder: '/media/usb' }, call);
    expect(await settledAfterATurn(answer)).toBe(false);
    expect(denied()).toBe((before as number) + 1);
    expect(syncs).toHaveLength(1);
    expect(h.db.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    syncs[0]?.finish();
    expect(await answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  const closureDate = () =>
    h.db.sqlite.prepare('SELECT closure_date FROM ppv_settings WHERE id = 1').pluck().get();
  const auditEntries = () =>
    h.db.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

  it('writes nothing more once a sync has failed: a desk trying again would save it twice', async () => {
    const { dispatcher, syncs, call } = await withHeldSyncs();
    const answer = dispatcher.dispatch('ppv.setClosureDate', closure, call);
    await settledAfterATurn(answer);
    syncs[0]?.fail(new Error('EIO: i/o error, fdatasync'));
    expect(await answer).toMatchObject({ ok: false, error: { code: 'STORAGE_SYNC_FAILED' } });
    const entries = auditEntries();

    const again = { closureDate: '2027-01-31', reason: 'Penutupan PPV' };
    expect(await dispatcher.dispatch('ppv.setClosureDate', again, call)).toMatchObject({
      ok: false,
      error: { code: 'STORAGE_SYNC_FAILED' },
    });
    expect(closureDate()).toBe('2026-12-31');
    expect(auditEntries()).toBe(entries);
    expect(syncs).toHaveLength(1);
  });

  it('writes nothing for a call that was waiting for its preparation when a sync failed', async () => {
    const { dispatcher, syncs, letStagedGoOn, call } = await withHeldSyncs();
    const staged = dispatcher.dispatch('auth.signOut', {}, call);
    const answer = dispatcher.dispatch('ppv.setClosureDate', closure, call);
    await settledAfterATurn(answer);
    syncs[0]?.fail(new Error('EIO: i/o error, fdatasync'));
    await answer;
    const entries = auditEntries();
    letStagedGoOn();
    expect(await staged).toMatchObject({ ok: false, error: { code: 'STORAGE_SYNC_FAILED' } });
    expect(closureDate()).toBe('2026-12-31');
    expect(auditEntries()).toBe(entries);
  });

  it('syncs the WAL it opened with the database, whatever is later put at its path', async () => {
    const wal = `${h.file}-wal`;
    renameSync(wal, `${wal}.moved`);
    mkdirSync(wal);
    try {
      await h.okAsync('admin', 'auth.signOut', {});
      await h.okAsync('admin', 'auth.signIn', { staffId: 'ADMIN01', secret: TEST_PIN });
    } finally {
      rmdirSync(wal);
      renameSync(`${wal}.moved`, wal);
    }
    expect(h.db.commits.failed).toBe(false);
  });

  it('says the database is busy, and syncs every other commit again, after a write whose transaction could not begin', async () => {
    const other = new Sqlite(h.file);
    other.pragma(`cipher = 'chacha20'`);
    other.pragma(`hexkey = '${TEST_KEY.toString('hex')}'`);
    other.exec('BEGIN IMMEDIATE');
    h.db.sqlite.pragma('busy_timeout = 0');
    try {
      const refusal = await h.callAsync('admin', 'auth.signOut', {});
      expect(refusal).toMatchObject({ ok: false, error: { code: 'DATABASE_BUSY' } });
      if (!refusal.ok) expect(refusal.error.message.ms).toContain('tiada apa-apa disimpan');
      expect(h.db.sqlite.pragma('synchronous', { simple: true })).toBe(2);
      expect(h.db.sqlite.inTransaction).toBe(false);
    } finally {
      other.exec('ROLLBACK');
      other.close();
      h.db.sqlite.pragma('busy_timeout = 5000');
    }
    await h.okAsync('admin', 'auth.signOut', {});
    expect(h.db.sqlite.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('syncs each write in its own commit where the caller cannot wait', async () => {
    const { dispatcher, syncs, published, seenSynchronous, call } = await withHeldSyncs();
    expect(dispatcher.dispatchSync('ppv.setClosureDate', closure, call)).toMatchObject({
      ok: true,
    });
    expect(seenSynchronous).toEqual([2]);
    expect(syncs).toHaveLength(0);
    expect(published).toEqual(['day.changed']);
  });
});
