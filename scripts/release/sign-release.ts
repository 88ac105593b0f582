// Signs a built release: each electron-builder manifest (latest*.yml) in the folder gets an
// Ed25519 signature over its version and its files' SHA-512s (electron/main/update-verify.ts),
// after checking that each file it names is in the folder with that SHA-512.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import {
  sha512OfFile,
  signManifest,
  type ReleaseManifest,
} from '../../electron/main/update-verify';

export async function signRelease(folder: string, privateKeyPem: string): Promise<string[]> {
  const manifests = readdirSync(folder).filter((name) => /^latest.*\.yml$/.test(name));
  if (manifests.length === 0) throw new Error(`${folder} holds no latest*.yml: build first.`);
  for (const name of manifests) {
    const file = path.join(folder, name);
    const manifest = parse(readFileSync(file, 'utf8')) as ReleaseManifest;
    for (const entry of manifest.files) {
      const actual = await sha512OfFile(path.join(folder, entry.url));
      if (actual !== entry.sha512) {
        throw new Error(`${name}: ${entry.url} is not the file the manifest describes.`);
      }
    }
    const signed = { ...manifest, ppvSignature: signManifest(manifest, privateKeyPem) };
    writeFileSync(file, stringify(signed));
  }
  return manifests;
}
