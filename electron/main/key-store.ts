// The database key provider, and the station's other secrets (a desk's identity). The 32-byte key
// is created once, at random; each is kept on disk only wrapped by the operating system's key store
// (Electron safeStorage: DPAPI, Keychain, libsecret).
import { app, safeStorage } from 'electron';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from '../station/pki';

export class KeyStoreUnavailableError extends Error {
  constructor(reason: string) {
    super(`The operating system's key store is not available: ${reason}`);
    this.name = 'KeyStoreUnavailableError';
  }
}

const keyFile = (): string => path.join(app.getPath('userData'), 'database.key');

/**
 * Returns the key of `databaseFile`, creating one on first run (no key and no database yet).
 * Call after `app` is ready.
 */
export async function loadDatabaseKey(databaseFile: string): Promise<Buffer> {
  await assertKeyStoreAvailable();
  const file = keyFile();
  const wrapped = await readFile(file).catch((error: unknown) => {
    if (isMissingFile(error)) return null;
    throw error;
  });
  if (wrapped === null) {
    // A new key could never open an existing database; refuse instead of hiding the loss.
    if (existsSync(databaseFile)) throw new Error(`${databaseFile} exists but ${file} is missing.`);
    return createKey(file);
  }

  const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(wrapped);
  if (!/^[0-9a-f]{64}$/.test(result)) throw new Error(`${file} does not hold a database key.`);
  if (shouldReEncrypt) await writeWrapped(file, result); // the OS key rotated: re-wrap
  return Buffer.from(result, 'hex');
}

/**
 * The station's secrets by name, each a file in `folder` wrapped by the OS key store: what a desk
 * keeps of its pairing (its token, the hub's authority), and a hub its own authority's key.
 * Call after `app` is ready.
 */
export function keyStoreSecrets(folder: string): SecretStore {
  const fileOf = (name: string) => {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`not a secret's name: ${name}`);
    return path.join(folder, `${name}.wrapped`);
  };
  return {
    async read(name) {
      await assertKeyStoreAvailable();
      const wrapped = await readFile(fileOf(name)).catch((error: unknown) => {
        if (isMissingFile(error)) return null;
        throw error;
      });
      if (wrapped === null) return null;
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(wrapped);
      if (shouldReEncrypt) await writeWrapped(fileOf(name), result);
      return Buffer.from(result, 'base64');
    },
    async write(name, data) {
      await assertKeyStoreAvailable();
      await mkdir(folder, { recursive: true, mode: 0o700 });
      await writeWrapped(fileOf(name), data.toString('base64'));
    },
  };
}

async function assertKeyStoreAvailable(): Promise<void> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    throw new KeyStoreUnavailableError('safeStorage reports no encryption.');
  }
  // On Linux without a keyring, safeStorage falls back to a hard-coded password: not a key store.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    throw new KeyStoreUnavailableError('no keyring (GNOME libsecret or KWallet) is running.');
  }
}

async function createKey(file: string): Promise<Buffer> {
  const key = randomBytes(32);
  await writeWrapped(file, key.toString('hex'));
  return key;
}

/**
 * Writes atomically (temporary file, then rename), readable by this user only, and on disk before
 * it returns: a desk tells its hub it has stored a new token only once a power cut cannot undo it.
 */
async function writeWrapped(file: string, text: string): Promise<void> {
  const wrapped = await safeStorage.encryptStringAsync(text);
  const temporary = `${file}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(wrapped);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  await syncFolder(path.dirname(file));
}

/** The rename itself made durable; Windows cannot open a folder for this, and needs it not. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
