import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, PcscSpawner } from './pcsc-messages';

const childModule = fileURLToPath(new URL('./pcsc-child.ts', import.meta.url));

/**
 * The PC/SC process under plain Node (tests, browser mode): pcsc-child.ts forked with tsx, whose
 * TypeScript it is. The app starts the same module, built, as an Electron utility process.
 */
export const nodePcscSpawner: PcscSpawner = (args) => {
  const child = fork(childModule, args, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  let exited = false;
  const exitListeners: Array<() => void> = [];
  const ended = (): void => {
    if (exited) return;
    exited = true;
    for (const listener of exitListeners) listener();
  };
  child.once('exit', ended);
  child.once('error', ended);
  return {
    send: (request) => {
      if (child.connected) child.send(request);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as ChildMessage)),
    onExit: (listener) => {
      if (exited) listener();
      else exitListeners.push(listener);
    },
    kill: () => {
      if (!exited) child.kill('SIGKILL');
    },
  };
};
