// What a build fixes about updates, read from electron-builder.yml and the committed public key by
// electron.vite.config.ts (build time) and by packaging.test.ts. Never imported by the running app:
// it gets these as constants (release.ts).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';

export interface ReleaseConfig {
  /** The update server: electron-builder's generic publish URL. */
  updateUrl: string;
  /** The Authenticode publisher names a Windows update must be signed by. */
  publisherNames: string[];
  /** The Ed25519 public key (SPKI PEM) a release manifest must be signed with; null: no key yet. */
  publicKey: string | null;
}

export const publicKeyFile = 'build/update-public-key.pem';

interface BuilderConfig {
  productName?: string;
  publish?: { provider?: string; url?: string };
  win?: { signtoolOptions?: { publisherName?: string | string[] } };
}

export function readBuilderConfig(root: string): BuilderConfig {
  return parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

export function readReleaseConfig(root: string): ReleaseConfig {
  const builder = readBuilderConfig(root);
  if (builder.publish?.provider !== 'generic' || !builder.publish.url) {
    throw new Error('electron-builder.yml: publish must be a generic provider with a url.');
  }
  const names = builder.win?.signtoolOptions?.publisherName ?? [];
  const keyFile = path.join(root, publicKeyFile);
  return {
    updateUrl: builder.publish.url,
    publisherNames: Array.isArray(names) ? names : [names],
    publicKey: existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : null,
  };
}

/**
 * electron-updater's configuration, built into the asar (electron-updater is pointed at it), so
 * neither the address nor the Windows publisher can be changed beside the app.
 */
export function appUpdateYml(config: ReleaseConfig): string {
  return stringify({
    provider: 'generic',
    url: config.updateUrl,
    publisherName: config.publisherNames,
    updaterCacheDirName: 'ppv-console-updater',
  });
}
