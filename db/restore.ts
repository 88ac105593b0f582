import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Restoring a backup, in steps that each leave a database in place:
 *
 * 1. `stageRestore` copies the backup beside the live database (`<db>.restore/staged.db`); the
 *    console verifies the copy (integrity, audit chain, counts) while the live one runs on.
 * 2. `confirmRestore` writes the marker (`confirmed.json`, with the copy's SHA-256), last.
 * 3. At the next start, before any connection opens, `applyPendingRestore` moves the live files
 *    aside (`<db>.replaced/<time>/`) and renames the copy into place.
 *
 * Step 3 is repeated from the start after a crash at any point: while the marker stands, the copy
 * is either still staged (move on) or already in place (its hash says so). At no point is there
 * no database: the live file is moved only once the staged copy is known good, and kept after.
 */
export function restorePaths(databaseFile: string) {
  const staging = `${databaseFile}.restore`;
  return {
    staging,
    staged: path.join(staging, 'staged.db'),
    marker: path.join(staging, 'confirmed.json'),
    replaced: `${databaseFile}.replaced`,
  };
}

function syncFolder(folder: string): void {
  try {
    const handle = openSync(folder, 'r');
    fsyncSync(handle);
    closeSync(handle);
  } catch {
    // Windows cannot open a folder to sync it.
  }
}

function syncFile(file: string): void {
  const handle = openSync(file, 'r+');
  fsyncSync(handle);
  closeSync(handle);
}

export function sha256OfFile(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Copies `backupFile` to the staging place (any earlier staging is dropped); its path. */
export async function stageRestore(databaseFile: string, backupFile: string): Promise<string> {
  const paths = restorePaths(databaseFile);
  rmSync(paths.staging, { recursive: true, force: true });
  mkdirSync(paths.staging, { recursive: true });
  const partial = `${paths.staged}.partial`;
  await copyFile(backupFile, partial);
  syncFile(partial);
  renameSync(partial, paths.staged);
  return paths.staged;
}

/** Marks the staged copy (closed, with no WAL left) to replace the live database at next start. */
export function confirmRestore(databaseFile: string, fileName: string): void {
  const paths = restorePaths(databaseFile);
  if (!existsSync(paths.staged) || existsSync(`${paths.staged}-wal`)) {
    throw new Error('There is no closed, staged copy to restore.');
  }
  const partial = `${paths.marker}.partial`;
  writeFileSync(partial, JSON.stringify({ fileName, sha256: sha256OfFile(paths.staged) }));
  syncFile(partial);
  renameSync(partial, paths.marker);
  syncFolder(paths.staging);
}

export function cancelRestore(databaseFile: string): void {
  rmSync(restorePaths(databaseFile).staging, { recursive: true, force: true });
}

export type RestoreAtStart =
  | { kind: 'none' }
  | { kind: 'restored'; fileName: string; replacedFolder: string | null }
  /** The staged copy was not the one verified: the live database stays. */
  | { kind: 'discarded'; fileName: string };

/** Call before opening the database. Finishes a confirmed restore; drops an unconfirmed one. */
export function applyPendingRestore(
  databaseFile: string,
  now: Date,
  keepReplaced = 3,
): RestoreAtStart {
  const paths = restorePaths(databaseFile);
  if (!existsSync(paths.marker)) {
    rmSync(paths.staging, { recursive: true, force: true });
    return { kind: 'none' };
  }
  const marker = JSON.parse(readFileSync(paths.marker, 'utf8')) as {
    fileName: string;
    sha256: string;
  };
  let replacedFolder: string | null = null;
  if (existsSync(paths.staged)) {
    if (sha256OfFile(paths.staged) !== marker.sha256) {
      rmSync(paths.staging, { recursive: true, force: true });
      return { kind: 'discarded', fileName: marker.fileName };
    }
    replacedFolder = path.join(paths.replaced, now.toISOString().replace(/[:.]/g, '-'));
    mkdirSync(replacedFolder, { recursive: true });
    // The WAL first: a live file without its WAL must never be left where the app opens it.
    for (const suffix of ['-wal', '-shm', '']) {
      const live = `${databaseFile}${suffix}`;
      if (existsSync(live)) renameSync(live, path.join(replacedFolder, path.basename(live)));
    }
    syncFolder(replacedFolder);
    renameSync(paths.staged, databaseFile);
    syncFolder(path.dirname(databaseFile));
  } else if (!existsSync(databaseFile) || sha256OfFile(databaseFile) !== marker.sha256) {
    // Neither staged nor in place: someone removed the copy by hand. The live file stays.
    rmSync(paths.staging, { recursive: true, force: true });
    return { kind: 'discarded', fileName: marker.fileName };
  }
  rmSync(paths.staging, { recursive: true, force: true });
  pruneReplaced(paths.replaced, keepReplaced);
  return { kind: 'restored', fileName: marker.fileName, replacedFolder };
}

function pruneReplaced(folder: string, keep: number): void {
  if (!existsSync(folder)) return;
  const older = readdirSync(folder).sort().reverse().slice(keep);
  for (const name of older) rmSync(path.join(folder, name), { recursive: true, force: true });
}
