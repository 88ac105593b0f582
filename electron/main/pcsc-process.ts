// The card reader's PC/SC process in the app: an Electron utility process running the built
// pcsc-child.ts (out/main/pcsc-child.js, an entry of electron.vite.config.ts). A utility process
// is Electron's own child, so it works with the runAsNode fuse off.
import { utilityProcess } from 'electron';
import path from 'node:path';
import type { ChildMessage, PcscSpawner } from '../devices/mykad/pcsc-messages';

export const pcscChildEntry = 'pcsc-child.js';

export const utilityPcscSpawner: PcscSpawner = (args) => {
  const child = utilityProcess.fork(path.join(import.meta.dirname, pcscChildEntry), args, {
    serviceName: 'PPV Console PC/SC',
    stdio: 'ignore',
  });
  let exited = false;
  const exitListeners: Array<() => void> = [];
  child.once('exit', () => {
    exited = true;
    for (const listener of exitListeners) listener();
  });
  return {
    send: (request) => {
      if (!exited) child.postMessage(request);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as ChildMessage)),
    onExit: (listener) => {
      if (exited) listener();
      else exitListeners.push(listener);
    },
    kill: () => {
      if (!exited) child.kill();
    },
  };
};
