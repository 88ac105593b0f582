/**
 * The PC/SC binding runs in a child process, so a daemon that hangs the binding (MYKAD.md, "The
 * PC/SC service") blocks the child, never the main process. Not a worker thread: `pcsclite` runs
 * its callbacks on the process's default loop, which crashes V8 when the binding lives in a worker.
 * The child only relays: readers and card presence out; connect, transmit and disconnect in. The
 * protocol stays on the calling side.
 *
 * Plain CommonJS run with `node -e` (argv[1]: the binding's resolved path), so it needs no build
 * step of its own.
 */
export const pcscChildSource = `
const post = (message) => process.send(message);
process.on('disconnect', () => process.exit(0));

let binding;
try {
  binding = require(process.argv[1]);
} catch (error) {
  post({ type: 'library-missing', message: String(error && error.message) });
}
let pcsc;
try {
  if (binding) pcsc = binding();
} catch (error) {
  post({ type: 'unavailable', message: String(error && error.message) });
}

const readers = new Map();

if (pcsc) {
  post({ type: 'started' });
  pcsc.on('error', (error) => post({ type: 'service-error', message: error.message }));
  pcsc.on('reader', (reader) => {
    const entry = { reader, present: false, protocol: 0 };
    readers.set(reader.name, entry);
    post({ type: 'reader-added', name: reader.name });
    reader.on('error', () => {});
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

process.on('message', (request) => {
  if (request.type === 'stop') {
    for (const { reader } of readers.values()) reader.close();
    if (pcsc) pcsc.close();
    post({ type: 'stopped' });
    process.disconnect();
    return;
  }
  const reply = (error, data) =>
    post({ type: 'reply', id: request.id, error: error ? error.message : null, data: data || null });
  const entry = readers.get(request.name);
  if (!entry) return reply(new Error('Unknown reader (0x80100009)'));
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
  } else if (request.type === 'disconnect') {
    reader.disconnect(reader.SCARD_LEAVE_CARD, (error) => {
      // The binding keeps 'connected' set when disconnecting a pulled card fails, and would then
      // skip connecting to the next card.
      reader.connected = false;
      reply(error);
    });
  }
});
`;

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
