import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
});
