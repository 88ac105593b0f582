import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type {
  CardReadFailure,
  CardReaderListener,
  CardReaderPort,
  DeviceState,
  DeviceStatus,
} from '../ports';
import { systemTimers, type Timers } from '../timers';
import { CardReadError } from './errors';
import type { ChildCommand, ChildMessage, PcscProcess, PcscSpawner } from './pcsc-messages';
import { readMyKad, type MyKadReadResult } from './protocol';

export const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';

/** The status of the PC/SC service itself; each reader has its own (`pcsc:<reader name>`). */
export const PCSC_SERVICE_ID = 'pcsc';

export interface PcscCardReaderOptions {
  /** Starts the PC/SC process (pcsc-child.ts): a utility process in Electron, a child in Node. */
  spawn: PcscSpawner;
  /** pcscd's socket, checked before the process starts (Linux only: WinSCard has no socket). */
  socketPath?: string;
  platform?: NodeJS.Platform;
  /** The PC/SC binding's module name. */
  bindingModule?: string;
  /** How long one exchange with the card (or the service's start) may take. */
  timeoutMs?: number;
  /** The first wait before looking for the service again; it doubles at each failure… */
  serviceRetryMs?: number;
  /** …up to this. */
  serviceRetryMaxMs?: number;
  timers?: Timers;
}

interface Pending {
  resolve(data: Uint8Array): void;
  reject(error: CardReadError): void;
  timer: unknown;
}

/**
 * A card reader port over PC/SC (pcsc-lite's pcscd on Linux, WinSCard on Windows, through the
 * `pcsclite` binding in a process of its own). A card going in starts the read; the reader reports
 * `busy`, then the result, then `ready` again.
 */
export function createPcscCardReader(options: PcscCardReaderOptions): CardReaderPort {
  const {
    spawn,
    socketPath = PCSCD_SOCKET,
    platform = process.platform,
    bindingModule = 'pcsclite',
    timeoutMs = 5_000,
    serviceRetryMs = 500,
    serviceRetryMaxMs = 10_000,
    timers = systemTimers,
  } = options;

  let listener: CardReaderListener | null = null;
  let child: PcscProcess | null = null;
  let retryTimer: unknown = null;
  let startTimer: unknown = null;
  /** Failures since the service last started: the next retry waits 2^failures × serviceRetryMs. */
  let failures = 0;
  /** Per reader: whether a read is running, and which insertion (counted) is in the slot. */
  const readers = new Map<string, { busy: boolean; insertion: number; cardIn: boolean }>();
  const pending = new Map<number, Pending>();
  let nextId = 1;

  let lastServiceStatus = '';
  /** Reported when it changes, not at every retry. */
  const serviceStatus = (state: DeviceState, code: string | null): void => {
    if (!listener || `${state}:${code}` === lastServiceStatus) return;
    lastServiceStatus = `${state}:${code}`;
    listener.status({ id: PCSC_SERVICE_ID, kind: 'card-reader', name: 'PC/SC', state, code });
  };
  const readerStatus = (name: string, state: DeviceState): void =>
    listener?.status(readerDeviceStatus(name, state));

  const scheduleRetry = (): void => {
    if (!listener || retryTimer !== null) return;
    const delay = Math.min(serviceRetryMs * 2 ** failures, serviceRetryMaxMs);
    failures += 1;
    retryTimer = timers.setTimeout(() => {
      retryTimer = null;
      void connectService();
    }, delay);
  };

  const dropService = (): void => {
    if (startTimer !== null) timers.clearTimeout(startTimer);
    startTimer = null;
    for (const [id, request] of pending) {
      timers.clearTimeout(request.timer);
      request.reject(new CardReadError('READER_GONE', 'the PC/SC service went away'));
      pending.delete(id);
    }
    for (const name of readers.keys()) readerStatus(name, 'absent');
    readers.clear();
    const current = child;
    child = null;
    current?.kill();
  };

  const serviceLost = (): void => {
    dropService();
    serviceStatus('unavailable', 'PCSC_UNAVAILABLE');
    scheduleRetry();
  };

  const request = (command: ChildCommand): Promise<Uint8Array> =>
    new Promise((resolve, reject) => {
      if (!child) {
        reject(new CardReadError('READER_GONE', 'the PC/SC service is not running'));
        return;
      }
      const id = nextId++;
      const timer = timers.setTimeout(() => {
        pending.delete(id);
        reject(new CardReadError('CARD_READ_FAILED', `no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      child.send({ ...command, id });
    });

  const readCard = async (name: string): Promise<void> => {
    const reader = readers.get(name);
    if (!reader || reader.busy) return;
    reader.busy = true;
    const insertion = reader.insertion;
    const readerId = readerDeviceStatus(name, 'busy').id;
    readerStatus(name, 'busy');
    listener?.reading(readerId);
    let result: MyKadReadResult;
    try {
      await request({ type: 'connect', name });
      result = await readMyKad((apdu) => request({ type: 'transmit', name, apdu }));
    } catch (error) {
      result = { ok: false, code: codeOf(error), reason: String(error) };
    }
    // Reported before the disconnect: after a card stopped answering, the disconnect waits behind
    // the stuck command, and the desk would wait for both.
    listener?.read(
      result.ok
        ? { ok: true, readerId, identity: result.identity }
        : { ok: false, readerId, code: result.code },
    );
    await request({ type: 'disconnect', name }).catch(() => undefined);
    reader.busy = false;
    if (readers.get(name) !== reader) return;
    readerStatus(name, 'ready');
    // A card swapped in while the last read (or its disconnect) was finishing.
    if (reader.cardIn && reader.insertion !== insertion) void readCard(name);
  };

  const onMessage = (message: ChildMessage): void => {
    switch (message.type) {
      case 'started':
        if (startTimer !== null) timers.clearTimeout(startTimer);
        startTimer = null;
        failures = 0;
        serviceStatus('ready', null);
        return;
      case 'library-missing':
        dropService();
        serviceStatus('unavailable', 'PCSC_LIBRARY_MISSING');
        return;
      case 'unavailable':
      case 'service-error':
        serviceLost();
        return;
      case 'reader-added':
        readers.set(message.name, { busy: false, insertion: 0, cardIn: false });
        readerStatus(message.name, 'ready');
        return;
      case 'reader-removed':
        readers.delete(message.name);
        readerStatus(message.name, 'absent');
        return;
      case 'card-inserted': {
        const reader = readers.get(message.name);
        if (!reader) return;
        reader.insertion += 1;
        reader.cardIn = true;
        void readCard(message.name);
        return;
      }
      case 'card-removed': {
        const reader = readers.get(message.name);
        if (reader) reader.cardIn = false;
        return;
      }
      case 'reply': {
        const waiting = pending.get(message.id);
        if (!waiting) return;
        pending.delete(message.id);
        timers.clearTimeout(waiting.timer);
        if (message.error === null) waiting.resolve(message.data ?? new Uint8Array());
        else waiting.reject(new CardReadError(failureFromPcscError(message.error), message.error));
        return;
      }
      default:
        return;
    }
  };

  async function connectService(): Promise<void> {
    if (!listener || child) return;
    let bindingPath: string;
    try {
      bindingPath = createRequire(import.meta.url).resolve(bindingModule);
    } catch {
      serviceStatus('unavailable', 'PCSC_LIBRARY_MISSING');
      return;
    }
    if (platform === 'linux') {
      // Creating a context without the daemon can block forever: look for its socket first.
      const socket = await stat(socketPath).catch(() => null);
      if (!listener || child) return;
      if (!socket?.isSocket()) {
        serviceStatus('unavailable', 'PCSC_UNAVAILABLE');
        scheduleRetry();
        return;
      }
    }
    const started = spawn([bindingPath]);
    child = started;
    started.onMessage((message) => {
      if (child === started) onMessage(message);
    });
    started.onExit(() => {
      if (child === started) serviceLost();
    });
    startTimer = timers.setTimeout(() => {
      if (child === started) serviceLost();
    }, timeoutMs);
  }

  return {
    async start(newListener) {
      listener = newListener;
      lastServiceStatus = '';
      failures = 0;
      await connectService();
    },
    async stop() {
      if (retryTimer !== null) timers.clearTimeout(retryTimer);
      retryTimer = null;
      listener = null;
      const current = child;
      if (current) {
        const exited = new Promise<void>((resolve) => current.onExit(resolve));
        current.send({ type: 'stop' });
        const killer = timers.setTimeout(() => current.kill(), timeoutMs);
        await exited;
        timers.clearTimeout(killer);
      }
      dropService();
    },
  };
}

function readerDeviceStatus(name: string, state: DeviceState): DeviceStatus {
  return { id: `pcsc:${name}`, kind: 'card-reader', name, state, code: null };
}

/**
 * PC/SC codes (the hex in the binding's messages; pcsc-lite and WinSCard share them) that say
 * where a failure came from.
 */
const failureByPcscCode: Record<string, CardReadFailure> = {
  '80100069': 'CARD_REMOVED', // SCARD_W_REMOVED_CARD
  '80100068': 'CARD_REMOVED', // SCARD_W_RESET_CARD
  '8010000c': 'CARD_REMOVED', // SCARD_E_NO_SMARTCARD
  '80100009': 'READER_GONE', // SCARD_E_UNKNOWN_READER
  '80100017': 'READER_GONE', // SCARD_E_READER_UNAVAILABLE
  '80100013': 'READER_GONE', // SCARD_F_COMM_ERROR: the daemon went away
  '8010001d': 'READER_GONE', // SCARD_E_NO_SERVICE
  '8010001e': 'READER_GONE', // SCARD_E_SERVICE_STOPPED
};

/** Maps a binding error message such as `SCardTransmit error: Card was removed.(0x80100069)`. */
export function failureFromPcscError(message: string): CardReadFailure {
  const code = /0x([0-9a-f]{8})/i.exec(message)?.[1]?.toLowerCase();
  return (code && failureByPcscCode[code]) || 'CARD_READ_FAILED';
}

function codeOf(error: unknown): CardReadFailure {
  return error instanceof CardReadError ? error.code : 'CARD_READ_FAILED';
}
