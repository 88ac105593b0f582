/**
 * Signed updates end to end, without Electron: releases built in electron-builder's shape, signed
 * with `npm run release:sign`, served by a real HTTP server on 127.0.0.1, and taken through the
 * app's own check (electron/main/update-verify.ts). Only the signed release is ever ready; the
 * others are refused, most of them before their installer is even requested.
 */
import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  fetchSignedUpdate,
  mayInstall,
  signManifest,
  type ReleaseManifest,
  type UpdateOutcome,
  type UpdateSource,
} from '../../electron/main/update-verify';
import { signRelease } from './sign-release';

const root = path.resolve(import.meta.dirname, '..', '..');
const INSTALLER = 'PPV-Console-0.2.0.AppImage';

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');

/** A release as electron-builder leaves it in dist/: the installer and latest-linux.yml. */
function buildRelease(folder: string, installer: Buffer, url = INSTALLER): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, INSTALLER), installer);
  const files = [{ url, sha512: sha512(installer), size: installer.length }];
  writeFileSync(
    path.join(folder, 'latest-linux.yml'),
    stringify({
      version: '0.2.0',
      files,
      path: url,
      sha512: files[0]!.sha512,
      releaseDate: '2026-03-01T00:00:00.000Z',
    }),
  );
}

const editManifest = (folder: string, edit: (manifest: Record<string, unknown>) => void) => {
  const file = path.join(folder, 'latest-linux.yml');
  const manifest = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(manifest);
  writeFileSync(file, stringify(manifest));
};

describe('signed updates from a local update server', () => {
  const trusted = keyPair();
  const stranger = keyPair();
  let dir: string;
  let server: Server;
  let base: string;
  const requests: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ppv-updates-'));
    const trustedKeyFile = path.join(dir, 'trusted.pem');
    writeFileSync(trustedKeyFile, trusted.privateKey, { mode: 0o600 });
    const releases = path.join(dir, 'releases');
    const installer = randomBytes(256 * 1024);

    // Signed with the script the release manager runs.
    buildRelease(path.join(releases, 'signed'), installer);
    await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/release/sign.ts',
        '--key',
        trustedKeyFile,
        '--dir',
        path.join(releases, 'signed'),
      ],
      { cwd: root },
    );

    buildRelease(path.join(releases, 'unsigned'), installer);

    buildRelease(path.join(releases, 'other-key'), installer);
    await signRelease(path.join(releases, 'other-key'), stranger.privateKey);

    // Someone swaps the installer and updates the manifest's hash to match: the signature breaks.
    buildRelease(path.join(releases, 'tampered-manifest'), installer);
    await signRelease(path.join(releases, 'tampered-manifest'), trusted.privateKey);
    const evil = randomBytes(256 * 1024);
    writeFileSync(path.join(releases, 'tampered-manifest', INSTALLER), evil);
    editManifest(path.join(releases, 'tampered-manifest'), (manifest) => {
      (manifest['files'] as Array<{ sha512: string }>)[0]!.sha512 = sha512(evil);
      manifest['sha512'] = sha512(evil);
    });

    // Someone swaps the installer only: the manifest still verifies, the download does not.
    buildRelease(path.join(releases, 'tampered-installer'), installer);
    await signRelease(path.join(releases, 'tampered-installer'), trusted.privateKey);
    writeFileSync(path.join(releases, 'tampered-installer', INSTALLER), evil);

    // A properly signed manifest whose installer lives at another address.
    const elsewhere = path.join(releases, 'elsewhere');
    buildRelease(elsewhere, installer, `http://127.0.0.2/${INSTALLER}`);
    editManifest(elsewhere, (manifest) => {
      manifest['ppvSignature'] = signManifest(
        manifest as unknown as ReleaseManifest,
        trusted.privateKey,
      );
    });

    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      requests.push(url.pathname);
      try {
        response.end(readFileSync(path.join(releases, path.normalize(url.pathname))));
      } catch {
        response.statusCode = 404;
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the app's updater does over HTTP: read the manifest, and download only when asked. */
  function httpSource(updateUrl: string, currentVersion: string): UpdateSource {
    let manifest: { files: Array<{ url: string }> } | null = null;
    return {
      async check() {
        const response = await fetch(`${updateUrl}/latest-linux.yml`);
        manifest = parse(await response.text()) as { version: string; files: [] };
        return (manifest as unknown as { version: string }).version > currentVersion
          ? manifest
          : null;
      },
      async download() {
        const url = new URL(manifest!.files[0]!.url, `${updateUrl}/`);
        const response = await fetch(url);
        const file = path.join(dir, `download-${randomBytes(4).toString('hex')}`);
        writeFileSync(file, Buffer.from(await response.arrayBuffer()));
        return file;
      },
    };
  }

  const check = (release: string, currentVersion = '0.1.0'): Promise<UpdateOutcome> => {
    const updateUrl = `${base}/${release}`;
    return fetchSignedUpdate(httpSource(updateUrl, currentVersion), {
      publicKey: trusted.publicKey,
      updateUrl,
    });
  };

  const installerRequests = (release: string) =>
    requests.filter((request) => request === `/${release}/${INSTALLER}`).length;

  it('takes the signed release', async () => {
    const outcome = await check('signed');
    expect(outcome).toMatchObject({ kind: 'ready', version: '0.2.0' });
    expect(installerRequests('signed')).toBe(1);
  });

  it.each([
    ['unsigned', 'the manifest is not signed'],
    ['other-key', 'the signature does not verify against the built-in key'],
    ['tampered-manifest', 'the signature does not verify against the built-in key'],
    ['elsewhere', `http://127.0.0.2/${INSTALLER} is not under the update address`],
  ])('refuses the %s release before downloading anything', async (release, reason) => {
    expect(await check(release)).toEqual({ kind: 'refused', reason, downloaded: false });
    expect(installerRequests(release)).toBe(0);
  });

  it('refuses a swapped installer once downloaded, so it is never installed', async () => {
    expect(await check('tampered-installer')).toEqual({
      kind: 'refused',
      reason: 'the downloaded file is not the one signed',
      downloaded: true,
    });
  });

  it('has nothing to do when the release is not newer', async () => {
    expect(await check('signed', '0.2.0')).toEqual({ kind: 'none' });
  });

  it('installs only at a quit with no day open, and only the file that was signed', async () => {
    const outcome = await check('signed');
    if (outcome.kind !== 'ready') throw new Error('the signed release was refused');
    expect(await mayInstall(outcome, true)).toBe(false);
    expect(await mayInstall(outcome, false)).toBe(true);
    expect(await mayInstall(null, false)).toBe(false);
    // The downloaded installer changed on disk while waiting for the quit.
    writeFileSync(outcome.file, randomBytes(1024));
    expect(await mayInstall(outcome, false)).toBe(false);
  });

  it('signs only what was built: a manifest naming another file is not signed', async () => {
    const folder = path.join(dir, 'mismatch');
    buildRelease(folder, randomBytes(1024));
    writeFileSync(path.join(folder, INSTALLER), randomBytes(1024));
    await expect(signRelease(folder, trusted.privateKey)).rejects.toThrow(
      `latest-linux.yml: ${INSTALLER} is not the file the manifest describes.`,
    );
  });
});
