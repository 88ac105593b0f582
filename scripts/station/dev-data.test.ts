import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { devDataFolder, loadOrCreateKey, type DevData } from './dev-data';

let parent: string;
let data: DevData;

beforeEach(() => {
  parent = mkdtempSync(path.join(tmpdir(), 'ppv-dev-data-'));
  data = devDataFolder({ PPV_DATA_DIR: path.join(parent, 'data') });
});
afterEach(() => rmSync(parent, { recursive: true, force: true }));

describe('browser mode data folder', () => {
  it('is ~/.ppv-console-dev unless PPV_DATA_DIR says otherwise', () => {
    expect(devDataFolder({}).folder).toBe(path.join(homedir(), '.ppv-console-dev'));
    expect(data.folder).toBe(path.join(parent, 'data'));
    expect(data.databaseFile).toBe(path.join(parent, 'data', 'ppv-dev.db'));
  });

  it('makes a random 32-byte key readable by its owner only, and keeps it', () => {
    const key = loadOrCreateKey(data);
    expect(key).toHaveLength(32);
    expect(statSync(data.keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(data.folder).mode & 0o777).toBe(0o700);
    expect(loadOrCreateKey(data)).toEqual(key);
    expect(readFileSync(data.keyFile)).toEqual(key);
  });

  it('refuses a key file others may read, and one of the wrong size', () => {
    loadOrCreateKey(data);
    chmodSync(data.keyFile, 0o644);
    expect(() => loadOrCreateKey(data)).toThrow(/chmod 600/);
    writeFileSync(data.keyFile, Buffer.alloc(16), { mode: 0o600 });
    chmodSync(data.keyFile, 0o600);
    expect(() => loadOrCreateKey(data)).toThrow(/32-byte/);
  });
});
