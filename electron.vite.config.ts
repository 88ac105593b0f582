import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { contentSecurityPolicy, devContentSecurityPolicy } from './electron/main/csp';

/** Native modules are never bundled; electron-builder unpacks them from the asar. */
// better-sqlite3 is the npm alias of better-sqlite3-multiple-ciphers (package.json); the device
// libraries are optional dependencies, loaded only when their device is set up.
const nativeModules = ['better-sqlite3', 'serialport', 'node-hid', 'pcsclite'];

/** `electron-vite dev` only: React Refresh needs an inline script and the HMR WebSocket. */
function devContentSecurityPolicyPlugin(): Plugin {
  return {
    name: 'ppv:dev-content-security-policy',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(contentSecurityPolicy, devContentSecurityPolicy),
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main', // ESM (package.json "type": "module"): out/main/index.js
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: resolve('electron/main/index.ts') },
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
