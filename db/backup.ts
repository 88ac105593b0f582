import { open, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * An encrypted copy of the live database, taken by a worker thread with its own connection, so
 * no desk's call waits for it.
 *
 * Not better-sqlite3's `db.backup()`: its destination is a connection it opens itself, with no key,
 * and SQLite3 Multiple Ciphers refuses to copy encrypted pages into it ("backup is not supported
 * with incompatible source and target databases"; backup.test.ts shows it). `VACUUM INTO` from a
 * keyed connection writes the copy with the same cipher and key, from one read transaction (WAL:
 * the writers go on meanwhile). The copy is written beside its final name, checked
 * (`quick_check`), synced, and only then renamed into place: a half-written copy never looks
 * like a backup. Nor one holding a commit a power cut could still take from the database: the
 * rename waits until every commit made before the copy ended is on disk (db/durable.ts).
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const Database = require(workerData.driverPath);
const open = (file) => {
  const db = new Database(file);
  db.pragma("cipher = 'chacha20'");
  db.pragma("hexkey = '" + workerData.keyHex + "'");
  return db;
};
const partial = workerData.partial;
try {
  fs.rmSync(partial, { force: true });
  const source = open(workerData.file);
  try {
    source.pragma('busy_timeout = 5000');
    source.prepare('VACUUM INTO ?').run(partial);
  } finally {
    source.close();
  }
  const copy = open(partial);
  let check;
  try {
    check = copy.pragma('quick_check', { simple: true });
  } finally {
    copy.close();
  }
  if (check !== 'ok') throw new Error('the copy fails its check: ' + check);
  const handle = fs.openSync(partial, 'r+');
  fs.fsyncSync(handle);
  fs.closeSync(handle);
  parentPort.postMessage({ ok: true });
} catch (error) {
  fs.rmSync(partial, { force: true });
  parentPort.postMessage({ ok: false, code: error && error.code, message: String(error && error.message) });
}
`;

export class SnapshotError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SnapshotError';
  }
}

/** Copies the database in `file` (encrypted with `key`) to `destination`, encrypted the same. */
export async function snapshotDatabase(options: {
  file: string;
  key: Buffer;
  destination: string;
  /** Resolves once every commit made so far is on disk. */
  durable(): Promise<void>;
}): Promise<{ sizeBytes: number }> {
  const partial = `${options.destination}.partial`;
  await copyInWorker(options, partial);
  try {
    await options.durable();
  } catch (error) {
    await rm(partial, { force: true });
    throw new SnapshotError(
      `the database's own commits are not on disk: ${String(error)}`,
      undefined,
    );
  }
  await rename(partial, options.destination);
  try {
    const folder = await open(path.dirname(options.destination), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // Windows cannot open a folder to sync it; the rename is its own journal there.
  }
  return { sizeBytes: (await stat(options.destination)).size };
}

/** The worker's part: the copy, checked and synced, at `partial`. */
function copyInWorker(options: { file: string; key: Buffer }, partial: string): Promise<void> {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: {
      driverPath,
      file: options.file,
      keyHex: options.key.toString('hex'),
      partial,
    },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (message: { ok: boolean; code?: string; message?: string }) => {
      if (message.ok) resolve();
      else reject(new SnapshotError(message.message ?? 'the backup failed', message.code));
    });
    worker.once('error', (error) => reject(new SnapshotError(String(error), undefined)));
    worker.once('exit', () =>
      reject(new SnapshotError('the backup worker stopped before it finished', undefined)),
    );
  });
}
