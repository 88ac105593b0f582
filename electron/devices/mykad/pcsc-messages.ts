/** The messages between the PC/SC adapter and its process (pcsc-child.ts), and how it is started. */

/** What the child tells the adapter. */
export type ChildMessage =
  | { type: 'started' }
  | { type: 'library-missing' | 'unavailable'; message: string }
  | { type: 'service-error'; message: string }
  | { type: 'stopped' }
  | { type: 'reader-added' | 'reader-removed' | 'card-inserted' | 'card-removed'; name: string }
  | { type: 'reply'; id: number; error: string | null; data: Uint8Array | null };

/** What the adapter asks of one reader. */
export type ChildCommand =
  | { type: 'connect' | 'disconnect'; name: string }
  | { type: 'transmit'; name: string; apdu: Uint8Array };

export type ChildRequest = { type: 'stop' } | (ChildCommand & { id: number });

/** A running PC/SC process, whatever started it. Messages are structured clones. */
export interface PcscProcess {
  send(request: ChildRequest): void;
  onMessage(listener: (message: ChildMessage) => void): void;
  /** Once, when the process has ended (or could not start). */
  onExit(listener: () => void): void;
  kill(): void;
}

/**
 * Starts pcsc-child.ts with `args`: an Electron utility process in the app (electron/main), a Node
 * child process in tests and browser mode (pcsc-node-process.ts).
 */
export type PcscSpawner = (args: string[]) => PcscProcess;
