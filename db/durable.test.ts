import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommitBarrier, StorageSyncError, syncWalFile } from './durable';
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

describe('syncing the WAL file', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('syncs an open database’s WAL, and has nothing to do once the database is closed', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ppv-durable-'));
    const file = path.join(dir, 'ppv.db');
    const db = openDatabase({ file, key: Buffer.alloc(32, 7) });
    db.sqlite.prepare('CREATE TABLE t (x)').run();
    expect(existsSync(`${file}-wal`)).toBe(true);
    await expect(syncWalFile(file)).resolves.toBeUndefined();
    await db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    await expect(syncWalFile(file)).resolves.toBeUndefined();
  });

  it('reports a WAL it cannot open for another reason than its absence', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ppv-durable-'));
    await expect(syncWalFile(path.join(dir, 'missing-folder', 'ppv.db'))).resolves.toBeUndefined();
    await expect(syncWalFile(path.join(dir, 'ppv.db\0'))).rejects.toThrow();
  });
});
