import { open } from 'node:fs/promises';

/**
 * Group commit. A write that commits with `synchronous = NORMAL` is in the WAL file but perhaps only
 * in the operating system's cache: a power cut could still take it. `noteCommit()` counts such a
 * commit; `durable()` resolves once every commit noted before the call is on disk. One sync of the
 * WAL, off the event loop, serves every commit noted before it started: while it runs, later commits
 * wait for the next one, so a busy hub syncs once for many desks' writes instead of once for each.
 *
 * A failed sync is final: Linux may drop the pages whose write-back failed and report success on a
 * later sync, so nothing written since the failure can be called durable again until the process
 * starts afresh and SQLite recovers the file.
 */
export interface CommitBarrier {
  noteCommit(): void;
  durable(): Promise<void>;
}

export class StorageSyncError extends Error {
  override name = 'StorageSyncError';
}

interface Waiter {
  upTo: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export function createCommitBarrier(sync: () => Promise<void>): CommitBarrier {
  let noted = 0;
  let durableUpTo = 0;
  let syncing = false;
  let failed: StorageSyncError | null = null;
  let waiters: Waiter[] = [];

  function settle(): void {
    const ready = waiters.filter((waiter) => failed !== null || waiter.upTo <= durableUpTo);
    waiters = waiters.filter((waiter) => !ready.includes(waiter));
    for (const waiter of ready) {
      if (failed) waiter.reject(failed);
      else waiter.resolve();
    }
  }

  function syncNext(): void {
    if (syncing || waiters.length === 0) return;
    syncing = true;
    const upTo = noted;
    sync()
      .then(
        () => {
          durableUpTo = upTo;
        },
        (error: unknown) => {
          failed = new StorageSyncError(
            `the WAL could not be synced: ${error instanceof Error ? error.message : String(error)}`,
          );
        },
      )
      .finally(() => {
        syncing = false;
        settle();
        syncNext();
      });
  }

  return {
    noteCommit() {
      noted += 1;
    },
    durable() {
      if (failed) return Promise.reject(failed);
      if (noted <= durableUpTo) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        waiters.push({ upTo: noted, resolve, reject });
        syncNext();
      });
    },
  };
}

/**
 * Syncs the database's WAL file to disk in the thread pool. Without a WAL file there is nothing to
 * sync: the last connection's close checkpointed it into the database file, and synced that.
 */
export async function syncWalFile(databaseFile: string): Promise<void> {
  let handle;
  try {
    // Opened for writing, though it only syncs: Windows flushes a file only through such a handle.
    handle = await open(`${databaseFile}-wal`, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
