import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

const userData = mkdtempSync(path.join(tmpdir(), 'ppv-key-store-'));
const os = { userData, available: true, backend: 'gnome_libsecret', reEncrypt: false };
/** A stand-in for the OS key store: reversible, and never the plain text. */
const wrap = (text: string) => Buffer.from(`wrapped:${Buffer.from(text).toString('base64')}`);
const unwrap = (data: Buffer) =>
  Buffer.from(data.toString().replace(/^wrapped:/, ''), 'base64').toString();

vi.mock('electron', () => ({
  app: { getPath: () => os.userData },
  safeStorage: {
    isAsyncEncryptionAvailable: async () => os.available,
    getSelectedStorageBackend: () => os.backend,
    encryptStringAsync: async (text: string) => wrap(text),
    decryptStringAsync: async (data: Buffer) => ({
      result: unwrap(data),
      shouldReEncrypt: os.reEncrypt,
    }),
  },
}));

const { KeyStoreUnavailableError, keyStoreSecrets, loadDatabaseKey } = await import('./key-store');
const keyFile = path.join(userData, 'database.key');
const databaseFile = path.join(userData, 'ppv.db');

describe('the database key store', () => {
  const made = new Set([userData]);
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  beforeEach(() => {
    Object.assign(os, { userData, available: true, backend: 'gnome_libsecret', reEncrypt: false });
  });

  it('creates a random 32-byte key once, stores it wrapped, and returns it again', async () => {
    const first = await loadDatabaseKey(databaseFile);
    expect(first).toHaveLength(32);
    const stored = readFileSync(keyFile);
    expect(stored.toString()).not.toContain(first.toString('hex'));
    if (process.platform !== 'win32') expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(await loadDatabaseKey(databaseFile)).toEqual(first);
  });

  it('re-wraps the key when the OS key rotated', async () => {
    const key = await loadDatabaseKey(databaseFile);
    os.reEncrypt = true;
    expect(await loadDatabaseKey(databaseFile)).toEqual(key);
    expect(existsSync(`${keyFile}.tmp`)).toBe(false);
  });

  it('refuses without an OS key store', async () => {
    os.available = false;
    await expect(loadDatabaseKey(databaseFile)).rejects.toBeInstanceOf(KeyStoreUnavailableError);
  });

  it.runIf(process.platform === 'linux')('refuses the plain-text fallback on Linux', async () => {
    os.backend = 'basic_text';
    await expect(loadDatabaseKey(databaseFile)).rejects.toBeInstanceOf(KeyStoreUnavailableError);
  });

  it('refuses to make a new key for an existing database', async () => {
    os.userData = mkdtempSync(path.join(tmpdir(), 'ppv-key-store-'));
    made.add(os.userData);
    const existing = path.join(os.userData, 'ppv.db');
    writeFileSync(existing, 'x');
    await expect(loadDatabaseKey(existing)).rejects.toThrow(/is missing/);
    expect(existsSync(path.join(os.userData, 'database.key'))).toBe(false);
  });
});

describe('the station’s secrets in the key store', () => {
  const folder = path.join(userData, 'secrets');
  beforeEach(() => {
    Object.assign(os, { userData, available: true, backend: 'gnome_libsecret', reEncrypt: false });
  });

  it('keeps each one wrapped, readable by this user only, and gives it back', async () => {
    const secrets = keyStoreSecrets(folder);
    expect(await secrets.read('station-role')).toBeNull();
    const identity = Buffer.from('{"kind":"desk","identity":{"token":"desk-token-123"}}');
    await secrets.write('station-role', identity);
    const file = path.join(folder, 'station-role.wrapped');
    expect(readFileSync(file).toString()).not.toContain('desk-token-123');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await secrets.read('station-role')).toEqual(identity);
    os.reEncrypt = true;
    expect(await secrets.read('station-role')).toEqual(identity);
  });

  it('refuses without an OS key store, and refuses names that are not a file’s', async () => {
    const secrets = keyStoreSecrets(folder);
    await expect(secrets.write('../escape', Buffer.from('x'))).rejects.toThrow(/not a secret/);
    os.available = false;
    await expect(secrets.read('station-role')).rejects.toBeInstanceOf(KeyStoreUnavailableError);
    await expect(secrets.write('station-role', Buffer.from('x'))).rejects.toBeInstanceOf(
      KeyStoreUnavailableError,
    );
  });
});
