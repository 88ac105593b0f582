import type { Database as SqliteDatabase } from 'better-sqlite3';
import { close, fdatasync, openSync } from 'node:fs';
import { promisify } from 'node:util';

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
  /** A sync has failed: nothing more may be written, since no answer could say it was saved. */
  readonly failed: boolean;
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
  const waiters: Waiter[] = [];

  function settle(): void {
    // Waiters are in commit order, so those the last sync covered are at the front.
    const uncovered = waiters.findIndex((waiter) => failed === null && waiter.upTo > durableUpTo);
    const ready = waiters.splice(0, uncovered === -1 ? waiters.length : uncovered);
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
    get failed() {
      return failed !== null;
    },
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
 * Runs `write` (one transaction, or one statement of its own) committing without a sync, and notes
 * it for the group commit: for every write on the desks' path (the dispatcher's transactions, and
 * the few writes beside them), so that the hub's event loop does not wait for the disk. Whoever
 * tells anyone of it waits for `durable()` first. The connection syncs every other commit again
 * afterwards. (A pragma takes effect as it is prepared, so these are not prepared once.)
 */
export function commitGrouped<T>(
  sqlite: SqliteDatabase,
  commits: CommitBarrier,
  write: () => T,
): T {
  sqlite.exec('PRAGMA synchronous = NORMAL');
  try {
    return write();
  } finally {
    commits.noteCommit();
    sqlite.exec('PRAGMA synchronous = FULL');
  }
}

const syncData = promisify(fdatasync);
const closeFile = promisify(close);

export interface WalFile {
  /** Syncs the WAL's data to disk, in the thread pool. */
  sync(): Promise<void>;
  /** Closes the handle once a sync in flight has finished. */
  close(): Promise<void>;
}

/**
 * The database's WAL file, held open from the moment the database opens (it must exist by then) until
 * it closes. One handle for the connection's life, not one per sync: Linux reports a failed
 * write-back once to each handle open when it failed, so a handle opened later would miss a failure
 * that SQLite's own sync or the checkpointer's saw first, and call lost commits durable. Nor can
 * another file put at the WAL's path, or a process out of file handles, fail or skip a sync.
 */
export function openWalFile(databaseFile: string): WalFile {
  // Opened for writing, though it only syncs: Windows flushes a file only through such a handle.
  const fd = openSync(`${databaseFile}-wal`, 'r+');
  let inFlight: Promise<void> = Promise.resolve();
  let closed: Promise<void> | null = null;
  return {
    sync() {
      // Closed: the last connection's close checkpointed the WAL into the database file, synced.
      if (closed) return Promise.resolve();
      const syncing = syncData(fd);
      inFlight = syncing.catch(() => undefined);
      return syncing;
    },
    close() {
      closed ??= inFlight.then(() => closeFile(fd));
      return closed;
    },
  };
}
