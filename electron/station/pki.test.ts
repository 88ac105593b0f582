import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadHubTls, normaliseFingerprint } from './pki';
import { fileSecretStore } from './secret-files';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'ppv-pki-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const names = { addresses: ['192.168.1.10'], hostnames: ['kaunter-hub.local'] };

describe('the hub’s authority', () => {
  it('is made once and kept: a restart, or a new address, keeps the fingerprint desks pinned', async () => {
    const store = fileSecretStore(path.join(folder, 'secrets'));
    const first = await loadHubTls(store, names);
    const again = await loadHubTls(store, { addresses: ['10.0.0.5'], hostnames: [] });
    expect(again.caFingerprint).toBe(first.caFingerprint);
    expect(again.certChainPem).not.toBe(first.certChainPem);
    expect(first.caFingerprint).toBe(new X509Certificate(first.caPem).fingerprint256);
    for (const file of ['hub-ca.key', 'hub-ca.crt']) {
      expect(statSync(path.join(folder, 'secrets', file)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(path.join(folder, 'secrets')).mode & 0o777).toBe(0o700);
  });

  it('signs a server certificate for the hub’s addresses only, which is no authority itself', async () => {
    const tls = await loadHubTls(fileSecretStore(folder), names);
    const authority = new X509Certificate(tls.caPem);
    const server = new X509Certificate(tls.certChainPem);
    expect(server.verify(authority.publicKey)).toBe(true);
    expect(server.ca).toBe(false);
    expect(authority.ca).toBe(true);
    expect(server.checkIP('192.168.1.10')).toBe('192.168.1.10');
    expect(server.checkHost('kaunter-hub.local')).toBe('kaunter-hub.local');
    expect(server.checkIP('192.168.1.11')).toBeUndefined();
    expect(server.checkHost('evil.example')).toBeUndefined();
  });

  it('refuses a key file others may read', async () => {
    const store = fileSecretStore(folder);
    await loadHubTls(store, names);
    chmodSync(path.join(folder, 'hub-ca.key'), 0o644);
    await expect(loadHubTls(store, names)).rejects.toThrow(/chmod 600/);
  });
});

describe('a fingerprint as a person types it', () => {
  it('is read in any case, with or without separators, and nothing else is', () => {
    const canonical = 'AB:'.repeat(31) + 'CD';
    expect(normaliseFingerprint(canonical.toLowerCase())).toBe(canonical);
    expect(normaliseFingerprint(canonical.replace(/:/g, ' '))).toBe(canonical);
    expect(normaliseFingerprint(canonical.replace(/:/g, ''))).toBe(canonical);
    expect(normaliseFingerprint(canonical.slice(3))).toBeNull();
    expect(normaliseFingerprint(canonical.replace('CD', 'XY'))).toBeNull();
  });
});
