import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommitBarrier, openWalFile, StorageSyncError } from './durable';
import { openDatabase } from './open';

/** A sync the test finishes by hand, and how many were started. */
function heldSyncs() {
  const pending: Array<{ finish: () => void; fail: (error: Error) => void }> = [];
  const sync = () =>
    new Promise<void>((resolve, reject) => pending.push({ finish: resolve, fail: reject }));
  return { sync, pending };
}

/** Whether a promise has settled, after the event loop has had a turn. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('the group commit', () => {
  it('waits for nothing when every commit is already durable', async () => {
    const { sync, pending } = heldSyncs();
    const commits = createCommitBarrier(sync);
    expect(await settled(commits.durable())).toBe(true);
    expect(pending).toHaveLength(0);
  });

  it('answers a commit only after a sync that started after it', async () => {
    const { sync, pending } = heldSyncs();
    const commits = createCommitBarrier(sync);
    commits.noteCommit();
    const first = commits.durable();
    expect(pending).toHaveLength(1);
    // Committed while the first sync runs: that sync may have started before its frames were written.
    commits.noteCommit();
    const second = commits.durable();
    expect(await settled(first)).toBe(false);
    pending[0]?.finish();
    expect(await settled(first)).toBe(true);
    expect(await settled(second)).toBe(false);
    expect(pending).toHaveLength(2);
    pending[1]?.finish();
    expect(await settled(second)).toBe(true);
  });

  it('serves every commit made during one sync with the next single sync', async () => {
    const { sync, pending } = heldSyncs();
    const commits = createCommitBarrier(sync);
    commits.noteCommit();
    const first = commits.durable();
    const during = Array.from({ length: 40 }, () => {
      commits.noteCommit();
      return commits.durable();
    });
    pending[0]?.finish();
    await first;
    expect(pending).toHaveLength(2);
    pending[1]?.finish();
    await Promise.all(during);
    expect(pending).toHaveLength(2);
  });

  it('fails every waiting commit when a sync fails, and every later one, even with no new commit', async () => {
    const { sync, pending } = heldSyncs();
    const commits = createCommitBarrier(sync);
    commits.noteCommit();
    const waiting = commits.durable();
    pending[0]?.fail(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await expect(waiting).rejects.toBeInstanceOf(StorageSyncError);
    await expect(commits.durable()).rejects.toBeInstanceOf(StorageSyncError);
    commits.noteCommit();
    await expect(commits.durable()).rejects.toBeInstanceOf(StorageSyncError);
    expect(pending).toHaveLength(1);
  });
});

describe('the WAL file', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is held open from the database’s opening, and syncing it after the close has nothing to do', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ppv-durable-'));
    const file = path.join(dir, 'ppv.db');
    const db = openDatabase({ file, key: Buffer.alloc(32, 7) });
    db.commits.noteCommit();
    const syncing = db.commits.durable();
    // Closing waits for the sync in flight; the close checkpointed the WAL and removed it.
    await db.close();
    await expect(syncing).resolves.toBeUndefined();
    expect(existsSync(`${file}-wal`)).toBe(false);
    db.commits.noteCommit();
    await expect(db.commits.durable()).resolves.toBeUndefined();
  });

  it('is there to open once the database is open, or the database does not open', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ppv-durable-'));
    expect(() => openWalFile(path.join(dir, 'ppv.db'))).toThrow(/ENOENT/);
  });
});
