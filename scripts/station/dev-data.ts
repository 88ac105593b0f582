// Browser mode's data folder. Without Electron there is no OS key store to wrap the database key,
// so this development/hub mode keeps its own database and a random key in a file only its owner can
// read. Not for a PPV's real records.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export interface DevData {
  folder: string;
  databaseFile: string;
  keyFile: string;
}

export function devDataFolder(env: NodeJS.ProcessEnv = process.env): DevData {
  const folder = path.resolve(env['PPV_DATA_DIR'] || path.join(homedir(), '.ppv-console-dev'));
  return {
    folder,
    databaseFile: path.join(folder, 'ppv-dev.db'),
    keyFile: path.join(folder, 'db.key'),
  };
}

/** The database key: made on first use (32 random bytes, mode 0600), refused if others may read it. */
export function loadOrCreateKey(data: DevData): Buffer {
  mkdirSync(data.folder, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(data.keyFile, randomBytes(32), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const mode = statSync(data.keyFile).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `${data.keyFile} may be read by other users (mode ${mode.toString(8)}); run chmod 600 on it.`,
    );
  }
  const key = readFileSync(data.keyFile);
  if (key.length !== 32) throw new Error(`${data.keyFile} does not hold a 32-byte key.`);
  return key;
}
