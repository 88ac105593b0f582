import { accessSync, constants, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** How many backups a location keeps: the newest 14. */
export const keptBackups = 14;

const namePattern = /^ppv-backup-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.db$/;

/** `ppv-backup-2026-03-02T00-15-00-000Z.db`: the trusted time it was taken, in UTC. */
export function backupFileName(at: number): string {
  return `ppv-backup-${new Date(at).toISOString().replace(/[:.]/g, '-')}.db`;
}

export function takenAtOf(fileName: string): number | null {
  const parts = namePattern.exec(fileName);
  if (!parts) return null;
  const [, y, mo, d, h, mi, s, ms] = parts;
  return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
}

export interface BackupFile {
  fileName: string;
  takenAt: number;
  sizeBytes: number;
}

/** The backups in `folder`, newest first; none when the folder is not there. */
export function listBackups(folder: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .flatMap((fileName) => {
      const takenAt = takenAtOf(fileName);
      if (takenAt === null) return [];
      try {
        return [{ fileName, takenAt, sizeBytes: statSync(path.join(folder, fileName)).size }];
      } catch {
        return [];
      }
    })
    .sort((a, b) => b.takenAt - a.takenAt);
}

/** Removes all but the newest `keep` backups; nothing else in the folder is touched. */
export function pruneBackups(folder: string, keep = keptBackups): void {
  for (const old of listBackups(folder).slice(keep)) {
    rmSync(path.join(folder, old.fileName), { force: true });
  }
}

export function folderIsThere(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

/** Why a folder cannot hold this station's backups, or null when it can. */
export function folderProblem(
  folder: string,
  databaseFile: string,
): 'BACKUP_FOLDER_INVALID' | 'BACKUP_FOLDER_SAME_DISK' | null {
  if (!path.isAbsolute(folder) || !folderIsThere(folder)) return 'BACKUP_FOLDER_INVALID';
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    return 'BACKUP_FOLDER_INVALID';
  }
  // A second location: a disk that fails with the database's must not hold its only copy.
  if (statSync(folder).dev === statSync(path.dirname(databaseFile)).dev) {
    return 'BACKUP_FOLDER_SAME_DISK';
  }
  return null;
}
