/**
 * A restore interrupted at each step still leaves a database, and the next start finishes it or
 * keeps the live one: never none, never a copy that was not the one verified.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open';
import {
  applyPendingRestore,
  cancelRestore,
  confirmRestore,
  restorePaths,
  stageRestore,
} from './restore';

const KEY = Buffer.alloc(32, 5);
let dir: string;
let live: string;
let backup: string;

/** A database whose one marker row says which it is. */
async function makeDatabase(file: string, label: string): Promise<void> {
  const db = openDatabase({ file, key: KEY });
  db.sqlite.exec(`CREATE TABLE which (label TEXT); INSERT INTO which VALUES ('${label}')`);
  await db.close();
}

async function labelOf(file: string): Promise<string> {
  const db = openDatabase({ file, key: KEY });
  const row = db.sqlite.prepare('SELECT label FROM which').get() as { label: string };
  await db.close();
  return row.label;
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ppv-restore-'));
  live = path.join(dir, 'ppv.db');
  backup = path.join(dir, 'backup.db');
  await makeDatabase(live, 'live');
  await makeDatabase(backup, 'backup');
  writeFileSync(`${live}-wal`, ''); // as a live database has
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const NOW = new Date('2026-03-02T03:00:00Z');

describe('restoring at start', () => {
  it('does nothing without a confirmed restore, and drops an unconfirmed staging', async () => {
    await stageRestore(live, backup);
    expect(applyPendingRestore(live, NOW)).toEqual({ kind: 'none' });
    expect(existsSync(restorePaths(live).staging)).toBe(false);
    expect(await labelOf(live)).toBe('live');
  });

  it('switches to the confirmed copy and keeps the replaced database with its WAL', async () => {
    await stageRestore(live, backup);
    confirmRestore(live, 'ppv-backup-x.db');
    const outcome = applyPendingRestore(live, NOW);
    expect(outcome).toMatchObject({ kind: 'restored', fileName: 'ppv-backup-x.db' });
    expect(await labelOf(live)).toBe('backup');
    const replaced = (outcome as { replacedFolder: string }).replacedFolder;
    expect(readdirSync(replaced).sort()).toEqual(['ppv.db', 'ppv.db-wal']);
    expect(await labelOf(path.join(replaced, 'ppv.db'))).toBe('live');
    expect(existsSync(restorePaths(live).staging)).toBe(false);
  });

  it('finishes after a crash with the live files moved aside but the copy not yet in place', async () => {
    await stageRestore(live, backup);
    confirmRestore(live, 'ppv-backup-x.db');
    const aside = path.join(restorePaths(live).replaced, 'crashed');
    mkdirSync(aside, { recursive: true });
    renameSync(`${live}-wal`, path.join(aside, 'ppv.db-wal'));
    renameSync(live, path.join(aside, 'ppv.db'));
    expect(applyPendingRestore(live, NOW)).toMatchObject({ kind: 'restored' });
    expect(await labelOf(live)).toBe('backup');
  });

  it('finishes after a crash with the copy in place but the marker still there', async () => {
    await stageRestore(live, backup);
    confirmRestore(live, 'ppv-backup-x.db');
    rmSync(`${live}-wal`);
    renameSync(live, path.join(dir, 'old.db'));
    renameSync(restorePaths(live).staged, live);
    expect(applyPendingRestore(live, NOW)).toEqual({
      kind: 'restored',
      fileName: 'ppv-backup-x.db',
      replacedFolder: null,
    });
    expect(await labelOf(live)).toBe('backup');
    expect(existsSync(restorePaths(live).marker)).toBe(false);
  });

  it('keeps the live database when the staged copy changed after it was verified', async () => {
    await stageRestore(live, backup);
    confirmRestore(live, 'ppv-backup-x.db');
    writeFileSync(restorePaths(live).staged, 'something else');
    expect(applyPendingRestore(live, NOW)).toEqual({
      kind: 'discarded',
      fileName: 'ppv-backup-x.db',
    });
    expect(await labelOf(live)).toBe('live');
  });

  it('cannot be confirmed without a staged copy, and a cancelled one is gone', async () => {
    expect(() => confirmRestore(live, 'x')).toThrow(/no closed, staged copy/);
    await stageRestore(live, backup);
    cancelRestore(live);
    expect(() => confirmRestore(live, 'x')).toThrow(/no closed, staged copy/);
    expect(applyPendingRestore(live, NOW)).toEqual({ kind: 'none' });
  });
});
