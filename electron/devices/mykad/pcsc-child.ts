/**
 * The PC/SC binding's own process, so a daemon that hangs the binding (MYKAD.md, "The PC/SC
 * service") blocks this process, never the console. Not a worker thread: `pcsclite` runs its
 * callbacks on the process's default loop, which crashes V8 when the binding lives in a worker.
 *
 * It runs as an Electron utility process in the app (`process.parentPort`) and as a Node child
 * process (`process.send`) in tests and browser mode: never as Electron's binary in Node mode, so
 * the `runAsNode` fuse stays off. It only relays: readers and card presence out; connect, transmit
 * and disconnect in. The protocol stays on the calling side.
 *
 * The last argument is the binding's resolved path (a utility process's argv has its own prefix).
 */
import { createRequire } from 'node:module';
import type { ChildMessage, ChildRequest } from './pcsc-messages';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

interface PcscReader {
  name: string;
  SCARD_STATE_PRESENT: number;
  SCARD_SHARE_SHARED: number;
  SCARD_LEAVE_CARD: number;
  connected: boolean;
  on(event: 'error', listener: () => void): void;
  on(event: 'end', listener: () => void): void;
  on(event: 'status', listener: (status: { state: number }) => void): void;
  connect(
    options: { share_mode: number },
    callback: (error: Error | null, protocol: number) => void,
  ): void;
  transmit(
    data: Buffer,
    length: number,
    protocol: number,
    callback: (error: Error | null, data?: Buffer) => void,
  ): void;
  disconnect(disposition: number, callback: (error: Error | null) => void): void;
  close(): void;
}

interface Pcsc {
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'reader', listener: (reader: PcscReader) => void): void;
  close(): void;
}

const parentPort = (process as { parentPort?: ParentPort }).parentPort;

function post(message: ChildMessage): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

function onRequest(handle: (request: ChildRequest) => void): void {
  if (parentPort) parentPort.on('message', (event) => handle(event.data as ChildRequest));
  else process.on('message', (message) => handle(message as ChildRequest));
}

// A Node child whose parent went away: nothing left to serve.
process.on('disconnect', () => process.exit(0));

const messageOf = (error: unknown): string =>
  String(error instanceof Error ? error.message : error);

let binding: (() => Pcsc) | null = null;
try {
  binding = createRequire(import.meta.url)(process.argv.at(-1) ?? 'pcsclite') as () => Pcsc;
} catch (error) {
  post({ type: 'library-missing', message: messageOf(error) });
}
let pcsc: Pcsc | null = null;
try {
  if (binding) pcsc = binding();
} catch (error) {
  // pcsc-lite's daemon or Windows' Smart Card service is not running.
  post({ type: 'unavailable', message: messageOf(error) });
}

const readers = new Map<string, { reader: PcscReader; present: boolean; protocol: number }>();

if (pcsc) {
  post({ type: 'started' });
  pcsc.on('error', (error) => post({ type: 'service-error', message: error.message }));
  pcsc.on('reader', (reader) => {
    const entry = { reader, present: false, protocol: 0 };
    readers.set(reader.name, entry);
    post({ type: 'reader-added', name: reader.name });
    reader.on('error', () => undefined);
    reader.on('end', () => {
      readers.delete(reader.name);
      post({ type: 'reader-removed', name: reader.name });
    });
    reader.on('status', (status) => {
      const present = (status.state & reader.SCARD_STATE_PRESENT) !== 0;
      if (present === entry.present) return;
      entry.present = present;
      post({ type: present ? 'card-inserted' : 'card-removed', name: reader.name });
    });
  });
}

onRequest((request) => {
  if (request.type === 'stop') {
    for (const { reader } of readers.values()) reader.close();
    pcsc?.close();
    post({ type: 'stopped' });
    process.exit(0);
  }
  const reply = (error: Error | null, data?: Uint8Array): void =>
    post({
      type: 'reply',
      id: request.id,
      error: error ? error.message : null,
      data: data ?? null,
    });
  const entry = readers.get(request.name);
  if (!entry) {
    reply(new Error('Unknown reader (0x80100009)'));
    return;
  }
  const { reader } = entry;
  if (request.type === 'connect') {
    reader.connect({ share_mode: reader.SCARD_SHARE_SHARED }, (error, protocol) => {
      if (!error) entry.protocol = protocol;
      reply(error);
    });
  } else if (request.type === 'transmit') {
    reader.transmit(Buffer.from(request.apdu), 258, entry.protocol, (error, data) =>
      reply(error, data && new Uint8Array(data)),
    );
  } else {
    reader.disconnect(reader.SCARD_LEAVE_CARD, (error) => {
      // The binding keeps 'connected' set when disconnecting a pulled card fails, and would then
      // skip connecting to the next card.
      reader.connected = false;
      reply(error);
    });
  }
});
