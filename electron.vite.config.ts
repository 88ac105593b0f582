import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { contentSecurityPolicy, devContentSecurityPolicy } from './electron/main/csp';
import { appUpdateYml, readReleaseConfig } from './electron/main/release-config';

/** The update address, Windows publisher and Ed25519 public key, fixed into this build. */
const release = readReleaseConfig(import.meta.dirname);

/** Native modules are never bundled; electron-builder unpacks them from the asar. */
// better-sqlite3 is the npm alias of better-sqlite3-multiple-ciphers (package.json); the device
// libraries are optional dependencies, loaded only when their device is set up.
const nativeModules = ['better-sqlite3', 'serialport', 'node-hid', 'pcsclite'];

/** `electron-vite dev` only: React Refresh needs an inline script and the HMR WebSocket. */
/** electron-updater's configuration, inside the asar with the main bundle (release.ts). */
function appUpdateConfigPlugin(): Plugin {
  return {
    name: 'ppv:app-update-config',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'app-update.yml', source: appUpdateYml(release) });
    },
  };
}

function devContentSecurityPolicyPlugin(): Plugin {
  return {
    name: 'ppv:dev-content-security-policy',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(contentSecurityPolicy, devContentSecurityPolicy),
  };
}

export default defineConfig({
  main: {
    define: { __PPV_RELEASE__: JSON.stringify(release) },
    plugins: [appUpdateConfigPlugin()],
    build: {
      outDir: 'out/main', // ESM (package.json "type": "module"): out/main/index.js
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          // The card reader's PC/SC process, started as a utility process (pcsc-process.ts).
          'pcsc-child': resolve('electron/devices/mykad/pcsc-child.ts'),
        },
        external: nativeModules,
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can only require('electron'): one CommonJS file, zod bundled in.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), devContentSecurityPolicyPlugin()],
    build: {
      outDir: 'out/renderer',
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
