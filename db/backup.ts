import { createRequire } from 'node:module';
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
 * like a backup.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const Database = require(workerData.driverPath);
const open = (file) => {
  const db = new Database(file);
  db.pragma("cipher = 'chacha20'");
  db.pragma("hexkey = '" + workerData.keyHex + "'");
  return db;
};
const partial = workerData.destination + '.partial';
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
  fs.renameSync(partial, workerData.destination);
  try {
    const folder = fs.openSync(path.dirname(workerData.destination), 'r');
    fs.fsyncSync(folder);
    fs.closeSync(folder);
  } catch {
    // Windows cannot open a folder to sync it; the rename is its own journal there.
  }
  parentPort.postMessage({ ok: true, sizeBytes: fs.statSync(workerData.destination).size });
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
export function snapshotDatabase(options: {
  file: string;
  key: Buffer;
  destination: string;
}): Promise<{ sizeBytes: number }> {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: {
      driverPath,
      file: options.file,
      keyHex: options.key.toString('hex'),
      destination: options.destination,
    },
  });
  return new Promise((resolve, reject) => {
    worker.once(
      'message',
      (message: { ok: boolean; sizeBytes?: number; code?: string; message?: string }) => {
        if (message.ok) resolve({ sizeBytes: message.sizeBytes ?? 0 });
        else reject(new SnapshotError(message.message ?? 'the backup failed', message.code));
      },
    );
    worker.once('error', (error) => reject(new SnapshotError(String(error), undefined)));
    worker.once('exit', () =>
      reject(new SnapshotError('the backup worker stopped before it finished', undefined)),
    );
  });
}
