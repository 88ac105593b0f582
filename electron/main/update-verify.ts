// Signed updates, without Electron: the release manifest (electron-builder's latest.yml, as
// electron-updater reads it) carries an Ed25519 signature over its version and its files' SHA-512s.
// The app checks it against the public key built into it before anything is downloaded, and the
// downloaded file's SHA-512 against the signed one before anything is installed.
//
// Ed25519 through Node's own crypto (OpenSSL; BoringSSL in Electron): no dependency to trust, and
// keys in the standard PEM forms that `openssl genpkey -algorithm ed25519` writes.
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** One downloadable file of a release, as electron-builder lists it. */
export interface ManifestFile {
  url: string;
  /** Base64 SHA-512 of the file. */
  sha512: string;
  size?: number;
}

/** The parts of latest.yml the signature covers, and the signature itself. */
export interface ReleaseManifest {
  version: string;
  files: ManifestFile[];
  /** electron-builder's older single-file fields; when present they must name a signed file. */
  path?: string;
  sha512?: string;
  /** Base64 Ed25519 signature over `signedText(manifest)`. */
  ppvSignature?: string;
}

/** Tells this signature from one made for another product with the same key. */
const signatureContext = 'ppv-console release v1';

/** The exact text a signature covers: the version and every file's name, SHA-512 and size. */
export function signedText(manifest: Pick<ReleaseManifest, 'version' | 'files'>): string {
  const files = [...manifest.files]
    .map((file) => ({ url: file.url, sha512: file.sha512, size: file.size ?? null }))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  return JSON.stringify({ context: signatureContext, version: manifest.version, files });
}

export function signManifest(manifest: ReleaseManifest, privateKeyPem: string): string {
  return sign(null, Buffer.from(signedText(manifest)), privateKeyPem).toString('base64');
}

export type ManifestVerdict =
  { ok: true; version: string; files: ManifestFile[] } | { ok: false; reason: string };

export interface UpdateTrust {
  /** The Ed25519 public key built into the app (SPKI PEM). */
  publicKey: string;
  /** The update address built into the app; every file must be downloaded from under it. */
  updateUrl: string;
}

/** Whether a manifest is signed by the built-in key and names files under the built-in address. */
export function verifyManifest(manifest: unknown, trust: UpdateTrust): ManifestVerdict {
  const shaped = asManifest(manifest);
  if (!shaped) return { ok: false, reason: 'the manifest has no version and files' };
  if (!shaped.ppvSignature) return { ok: false, reason: 'the manifest is not signed' };
  let key: KeyObject;
  try {
    key = createPublicKey(trust.publicKey);
  } catch {
    return { ok: false, reason: 'the built-in public key cannot be read' };
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    return { ok: false, reason: 'the built-in public key is not an Ed25519 key' };
  }
  const signature = Buffer.from(shaped.ppvSignature, 'base64');
  if (!verify(null, Buffer.from(signedText(shaped)), key, signature)) {
    return { ok: false, reason: 'the signature does not verify against the built-in key' };
  }
  const base = new URL(trust.updateUrl.endsWith('/') ? trust.updateUrl : `${trust.updateUrl}/`);
  for (const file of shaped.files) {
    const resolved = new URL(file.url, base);
    if (resolved.origin !== base.origin || !resolved.pathname.startsWith(base.pathname)) {
      return { ok: false, reason: `${file.url} is not under the update address` };
    }
  }
  if (
    shaped.path !== undefined &&
    !shaped.files.some((file) => file.url === shaped.path && file.sha512 === shaped.sha512)
  ) {
    return { ok: false, reason: 'the manifest names a file its signature does not cover' };
  }
  return { ok: true, version: shaped.version, files: shaped.files };
}

function asManifest(value: unknown): ReleaseManifest | null {
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Partial<ReleaseManifest>;
  if (typeof candidate.version !== 'string' || !Array.isArray(candidate.files)) return null;
  const filesOk = candidate.files.every(
    (file) =>
      typeof file === 'object' &&
      file !== null &&
      typeof file.url === 'string' &&
      typeof file.sha512 === 'string' &&
      (file.size === undefined || typeof file.size === 'number'),
  );
  if (!filesOk || candidate.files.length === 0) return null;
  return candidate as ReleaseManifest;
}

/** Base64 SHA-512 of a file, as electron-builder writes it. */
export function sha512OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('base64')));
  });
}

/** Whether a downloaded file is, byte for byte, one of the files the signature covers. */
export async function isSignedFile(
  file: string,
  verdict: Extract<ManifestVerdict, { ok: true }>,
): Promise<boolean> {
  const actual = await sha512OfFile(file);
  return verdict.files.some((signed) => signed.sha512 === actual);
}

/** Where an update comes from: electron-updater in the app, plain HTTP in the tests. */
export interface UpdateSource {
  /** The manifest of a newer release, or null when there is none. Downloads nothing. */
  check(): Promise<unknown>;
  /** Downloads the release just checked; the installer's path. */
  download(): Promise<string>;
}

export type UpdateOutcome =
  | { kind: 'none' }
  | { kind: 'refused'; reason: string; downloaded: boolean }
  | {
      kind: 'ready';
      version: string;
      file: string;
      verdict: Extract<ManifestVerdict, { ok: true }>;
    };

/**
 * One update check: the manifest is verified before the download starts, and the download
 * against the signed SHA-512s before it counts as ready. Nothing unverified is ever ready.
 */
export async function fetchSignedUpdate(
  source: UpdateSource,
  trust: UpdateTrust,
): Promise<UpdateOutcome> {
  const manifest = await source.check();
  if (manifest === null) return { kind: 'none' };
  const verdict = verifyManifest(manifest, trust);
  if (!verdict.ok) return { kind: 'refused', reason: verdict.reason, downloaded: false };
  const file = await source.download();
  if (!(await isSignedFile(file, verdict))) {
    return {
      kind: 'refused',
      reason: 'the downloaded file is not the one signed',
      downloaded: true,
    };
  }
  return { kind: 'ready', version: verdict.version, file, verdict };
}

/**
 * An update is installed at a quit with no day open, and only while the downloaded file is still
 * the signed one: otherwise it waits for the next quit after the day is sealed.
 */
export async function mayInstall(
  ready: Extract<UpdateOutcome, { kind: 'ready' }> | null,
  dayOpen: boolean,
): Promise<boolean> {
  if (ready === null || dayOpen) return false;
  return isSignedFile(ready.file, ready.verdict).catch(() => false);
}
