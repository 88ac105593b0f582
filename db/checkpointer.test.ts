import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBackgroundCheckpoints, type WalRestart } from './checkpointer';
import { openDatabase } from './open';

const KEY = Buffer.alloc(32, 9);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ppv-checkpoint-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('background checkpoints', () => {
  it('take the checkpoint off the writers and leave a complete database on close', async () => {
    const file = path.join(dir, 'ppv.db');
    const db = openDatabase({ file, key: KEY, checkpoints: 'background' });
    expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const insert = db.sqlite.prepare(
      "INSERT INTO clock_samples (source, device_sent_at, device_received_at, monotonic_received_at, process_id, server_time, offset_ms) VALUES ('t', ?, ?, 0, 'p', ?, 0)",
    );
    const batch = db.sqlite.transaction((from: number) => {
      for (let index = from; index < from + 100; index += 1) insert.run(index, index, index);
    });
    for (let from = 0; from < 3000; from += 100) batch(from);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(30 * 4096);
    await db.close();
    expect(!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0).toBe(true);
    const reopened = openDatabase({ file, key: KEY });
    expect(reopened.sqlite.prepare('SELECT count(*) AS n FROM clock_samples').get()).toEqual({
      n: 3000,
    });
    await reopened.close();
  });

  it('start the WAL over under sustained writes, so its file stays bounded, and lose no acknowledged write', async () => {
    const file = path.join(dir, 'ppv.db');
    const walFile = `${file}-wal`;
    // As `checkpoints: 'background'` opens it, with a WAL bound small enough for a test to cross
    // many times (256 KB, some 64 frames) and checkpoints every 20 ms.
    const db = openDatabase({ file, key: KEY });
    db.sqlite.pragma('wal_autocheckpoint = 0');
    db.sqlite.exec('CREATE TABLE written (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
    const bound = 256 * 1024;
    const restarts: WalRestart[] = [];
    const errors: string[] = [];
    const checkpoints = startBackgroundCheckpoints({
      file,
      key: KEY,
      intervalMs: 20,
      restartWalAboveBytes: bound,
      onError: (message) => errors.push(message),
      onWalRestart: (restart) => restarts.push(restart),
    });
    const insert = db.sqlite.prepare('INSERT INTO written (id, body) VALUES (?, ?)');
    const acknowledged = new Map<number, string>();
    let largestWal = 0;
    // Each write some 5 frames, one after the other: 3,000 writes put about 60 MB through the WAL.
    // With PASSIVE checkpoints alone, it grows here to 20 to 40 MB before a writer happens to find
    // it wholly copied.
    const writes = 3000;
    for (let id = 1; id <= writes; id += 1) {
      const body = randomBytes(16 * 1024);
      insert.run(id, body);
      acknowledged.set(id, createHash('sha256').update(body).digest('hex'));
      largestWal = Math.max(largestWal, (await stat(walFile)).size);
    }
    expect(errors).toEqual([]);
    expect(largestWal).toBeLessThan(12 * 1024 * 1024);
    expect(restarts.length).toBeGreaterThan(1);

    db.sqlite.close();
    await checkpoints.stop();
    const reopened = openDatabase({ file, key: KEY });
    expect(reopened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Map(
      reopened.sqlite
        .prepare<[], { id: number; body: Buffer }>('SELECT id, body FROM written')
        .all()
        .map(({ id, body }) => [id, createHash('sha256').update(body).digest('hex')]),
    );
    expect(stored).toEqual(acknowledged);
    await reopened.close();
  });
});
