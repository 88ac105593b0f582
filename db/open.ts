import Sqlite from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { snapshotDatabase } from './backup';
import { startBackgroundCheckpoints, type BackgroundCheckpoints } from './checkpointer';
import { createCommitBarrier, openWalFile, type CommitBarrier } from './durable';
import { migrate, type Migration } from './migrate';

/** Lets the console's own user management write staff accounts; see migration 0001. */
export interface UserWriteGate {
  run<T>(write: () => T): T;
}

export interface AppDatabase {
  /** The database file. */
  file: string;
  /**
   * The connection. Services prepare their statements once and run them raw: drizzle defines the
   * schema and generates the migrations (db/schema.ts), the hot paths stay free of query building.
   */
  sqlite: SqliteDatabase;
  userWriteGate: UserWriteGate;
  /** Group commit over this connection's WAL: writes committed without a sync wait here for one. */
  commits: CommitBarrier;
  /** Closes the connection; with background checkpoints, stops them after a last full checkpoint. */
  close(): Promise<void>;
  /** An encrypted copy of the database at `destination`, taken off this thread (backup.ts). */
  snapshot(destination: string): Promise<{ sizeBytes: number }>;
  /** Opens (and migrates) another database file encrypted with the same key: a backup's copy. */
  openCopy(file: string): AppDatabase;
}

export interface OpenOptions {
  /** A file path: encryption needs a file, so tests use a temporary one. */
  file: string;
  /** 32 bytes from the key provider. */
  key: Buffer;
  /** Where the SQL migrations are read from (default: db/migrations)… */
  migrationsFolder?: string;
  /** …or the migrations themselves, as the app bundles them. */
  migrations?: Migration[];
  /** Stop after this migration index (tests of one migration). Default: all. */
  migrateTo?: number;
  /**
   * `background`: checkpoints run in a worker thread, off the writers' path (the app, the benchmark).
   * `automatic`: SQLite checkpoints inside the commit that fills the WAL (short-lived tools, tests).
   */
  checkpoints?: 'background' | 'automatic';
  onBackgroundError?: (message: string) => void;
}

export const defaultMigrationsFolder = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'migrations',
);

export class DatabaseKeyError extends Error {
  constructor(cause: unknown) {
    super(
      'The database cannot be opened with this key, or the file is not a PPV Console database.',
      {
        cause,
      },
    );
    this.name = 'DatabaseKeyError';
  }
}

/**
 * Opens (creating if needed) the encrypted database, applies the pragmas every connection needs, and
 * migrates it. Encryption: SQLite3MultipleCiphers' default cipher (ChaCha20-Poly1305) with a raw key.
 */
export function openDatabase(options: OpenOptions): AppDatabase {
  if (options.key.length !== 32) throw new Error('The database key must be 32 bytes.');
  const sqlite = new Sqlite(options.file);
  try {
    sqlite.pragma(`cipher = 'chacha20'`);
    sqlite.pragma(`hexkey = '${options.key.toString('hex')}'`);
    try {
      sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      throw new DatabaseKeyError(error);
    }
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('cache_size = -65536');
    // After a complete checkpoint the next commit writes the WAL again from its start, over the file
    // kept (up to this size): writing over it syncs faster than growing the file, which must also
    // allocate and sync new blocks at every commit. 256 MB holds a burst of some 4,500 dose writes
    // (13 pages each) without growing the file.
    sqlite.pragma('journal_size_limit = 268435456');

    let userWritesOpen = false;
    sqlite.function('ppv_user_write_allowed', { deterministic: false }, () =>
      userWritesOpen ? 1 : 0,
    );
    const userWriteGate: UserWriteGate = {
      run(write) {
        userWritesOpen = true;
        try {
          return write();
        } finally {
          userWritesOpen = false;
        }
      },
    };

    migrate(
      sqlite,
      options.migrations ?? options.migrationsFolder ?? defaultMigrationsFolder,
      options.migrateTo,
    );
    const wal = openWalFile(options.file);
    let checkpoints: BackgroundCheckpoints | null = null;
    if (options.checkpoints === 'background') {
      sqlite.pragma('wal_autocheckpoint = 0');
      checkpoints = startBackgroundCheckpoints({
        file: options.file,
        key: options.key,
        intervalMs: 1000,
        onError: options.onBackgroundError ?? (() => undefined),
      });
    }
    let closing: Promise<void> | null = null;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        if (sqlite.open) sqlite.close();
        await checkpoints?.stop();
        await wal.close();
      })();
      return closing;
    };
    const key = Buffer.from(options.key);
    const commits = createCommitBarrier(() => wal.sync());
    return {
      file: options.file,
      sqlite,
      userWriteGate,
      commits,
      close,
      snapshot: (destination) =>
        snapshotDatabase({
          file: options.file,
          key,
          destination,
          durable: () => commits.durable(),
        }),
      openCopy: (file) =>
        openDatabase({
          file,
          key,
          ...(options.migrations ? { migrations: options.migrations } : {}),
          ...(options.migrationsFolder ? { migrationsFolder: options.migrationsFolder } : {}),
        }),
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
