import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelOutput } from '../../electron/contract';
import { createHarness, type Harness } from '../../electron/core/testing/harness';
import { openWalkIn, setUpStation } from '../../electron/core/testing/scenario';
import type {
  CardRead,
  CardReaderListener,
  CardReaderPort,
  DeviceStatus,
} from '../../electron/devices/ports';
import {
  PCSCD_SOCKET,
  createPcscCardReader,
  failureFromPcscError,
} from '../../electron/devices/mykad/pcsc';
import { nodePcscSpawner } from '../../electron/devices/mykad/pcsc-node-process';

const root = path.resolve(import.meta.dirname, '..', '..');
const READER = 'Virtual PCD 00 00';
const WAIT_MS = 10_000;

type Event =
  | { kind: 'status'; status: DeviceStatus }
  | { kind: 'reading'; readerId: string }
  | { kind: 'read'; result: CardRead }
  | { kind: 'card'; event: { type: string; command?: string } }
  | { kind: 'pcscd'; line: string };

/** Everything that happened, and a bounded wait for what has not happened yet. */
function eventLog() {
  const events: Event[] = [];
  let waiters: Array<() => void> = [];
  const push = (event: Event): void => {
    events.push(event);
    for (const wake of waiters) wake();
  };
  const next = <T extends Event>(
    from: number,
    match: (event: Event) => event is T,
    what: string,
  ): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = events.slice(from).find(match);
        if (found) resolve(found);
        return found !== undefined;
      };
      if (check()) return;
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS} ms`)), WAIT_MS);
      const wake = (): void => {
        if (!check()) return;
        clearTimeout(timer);
        waiters = waiters.filter((w) => w !== wake);
      };
      waiters.push(wake);
    });
  const listener: CardReaderListener = {
    status: (status) => push({ kind: 'status', status }),
    reading: (readerId) => push({ kind: 'reading', readerId }),
    read: (result) => push({ kind: 'read', result }),
  };
  return { events, push, next, listener };
}

const isStatus =
  (id: string, state: DeviceStatus['state']) =>
  (event: Event): event is Event & { kind: 'status' } =>
    event.kind === 'status' && event.status.id === id && event.status.state === state;
const isRead = (event: Event): event is Event & { kind: 'read' } => event.kind === 'read';
const isCard =
  (type: string) =>
  (event: Event): event is Event & { kind: 'card' } =>
    event.kind === 'card' && event.event.type === type;

const isPcscdLog =
  (text: string) =>
  (event: Event): event is Event & { kind: 'pcscd' } =>
    event.kind === 'pcscd' && event.line.includes(text);

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pid ${child.pid} still running`)), WAIT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function pcscdAlreadyRunning(): boolean {
  const pidFile = '/run/pcscd/pcscd.pid';
  if (!existsSync(pidFile)) return false;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 0);
    return true;
  } catch {
    return false;
  }
}

describe('failureFromPcscError', () => {
  it.each([
    ['SCardTransmit error: Card was removed.(0x80100069)', 'CARD_REMOVED'],
    ['SCardConnect error: No smart card inserted.(0x8010000C)', 'CARD_REMOVED'],
    ['SCardTransmit error: RPC transport error.(0x80100013)', 'READER_GONE'],
    ['SCardConnect error: Unknown reader specified.(0x80100009)', 'READER_GONE'],
    ['SCardTransmit error: Transaction failed.(0x80100016)', 'CARD_READ_FAILED'],
    ['something else', 'CARD_READ_FAILED'],
  ])('maps %s to %s', (message, code) => {
    expect(failureFromPcscError(message)).toBe(code);
  });
});

describe('the PC/SC card reader without its service or library', () => {
  it('reports unavailable when the daemon socket is missing', async () => {
    const log = eventLog();
    const reader = createPcscCardReader({
      spawn: nodePcscSpawner,
      socketPath: '/nonexistent/pcscd.comm',
      serviceRetryMs: 60_000,
    });
    await reader.start(log.listener);
    await reader.stop();
    expect(log.events).toEqual([
      {
        kind: 'status',
        status: {
          id: 'pcsc',
          kind: 'card-reader',
          name: 'PC/SC',
          state: 'unavailable',
          code: 'PCSC_UNAVAILABLE',
        },
      },
    ]);
  });

  it('reports unavailable when the binding is not installed', async () => {
    const log = eventLog();
    const reader = createPcscCardReader({
      spawn: nodePcscSpawner,
      bindingModule: 'pcsclite-not-installed',
    });
    await reader.start(log.listener);
    await reader.stop();
    expect(log.events).toEqual([
      expect.objectContaining({
        status: expect.objectContaining({ code: 'PCSC_LIBRARY_MISSING' }),
      }),
    ]);
  });
});

describe('the PC/SC card reader with a service that never answers', () => {
  let silent: Server;
  const connections: Socket[] = [];
  const socketPath = path.join(tmpdir(), `silent-pcscd-${process.pid}.comm`);

  beforeAll(async () => {
    silent = createServer((socket) => connections.push(socket)); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(socketPath, resolve));
    process.env.PCSCLITE_CSOCK_NAME = socketPath; // where the client library looks for pcscd
  });

  afterAll(async () => {
    delete process.env.PCSCLITE_CSOCK_NAME;
    for (const socket of connections) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('reports unavailable when creating the context hangs, and the main thread keeps running', async () => {
    const log = eventLog();
    const reader = createPcscCardReader({
      spawn: nodePcscSpawner,
      socketPath,
      timeoutMs: 500,
      serviceRetryMs: 60_000,
    });
    await reader.start(log.listener);
    const began = performance.now();
    let ticks = 0;
    const ticking = setInterval(() => (ticks += 1), 10);
    const { status } = await log.next(0, isStatus('pcsc', 'unavailable'), 'unavailable');
    clearInterval(ticking);
    expect(performance.now() - began).toBeGreaterThanOrEqual(450); // gave up on the timeout
    await reader.stop();
    expect(status.code).toBe('PCSC_UNAVAILABLE');
    expect(ticks).toBeGreaterThan(10);
    expect(log.events.some((e) => e.kind === 'status' && e.status.state === 'ready')).toBe(false);
  });
});

/** Both hear the reader: the test's log, and the console's device desk. */
function both(a: CardReaderListener, b: CardReaderListener): CardReaderListener {
  return {
    status: (status) => (a.status(status), b.status(status)),
    reading: (readerId) => (a.reading(readerId), b.reading(readerId)),
    read: (result) => (a.read(result), b.read(result)),
  };
}

/**
 * pcscd with vpcd's virtual reader, our emulator playing the cards, the adapter reading them, and
 * the console's desk receiving each read as a registration desk would.
 */
describe('the PC/SC card reader on a real pcscd, with emulated MyKads', () => {
  const log = eventLog();
  let reader: CardReaderPort;
  let h: Harness;
  let pcscd: ChildProcess;
  let emulator: ChildProcess;
  const readerId = `pcsc:${READER}`;

  beforeAll(async () => {
    if (pcscdAlreadyRunning())
      throw new Error('another pcscd is running: stop it to run these tests');
    // Started before the daemon: the adapter finds the service when it comes up.
    h = createHarness();
    await setUpStation(h);
    openWalkIn(h);
    reader = createPcscCardReader({
      spawn: nodePcscSpawner,
      timeoutMs: 2_000,
      serviceRetryMs: 50,
      serviceRetryMaxMs: 400,
    });
    await reader.start(both(log.listener, h.app.devices.cardListener));
    expect(log.events[0]).toMatchObject({ status: { id: 'pcsc', code: 'PCSC_UNAVAILABLE' } });
    const readerUp = log.next(0, isStatus(readerId, 'ready'), 'virtual reader');
    startPcscd();
    await readerUp;

    emulator = spawn(process.execPath, ['--import', 'tsx', 'scripts/mykad-emulator/index.ts'], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    createInterface({ input: emulator.stdout! }).on('line', (line) =>
      log.push({ kind: 'card', event: JSON.parse(line) as { type: string } }),
    );
  });

  afterAll(async () => {
    await reader?.stop();
    h?.close();
    emulator?.stdin?.end('quit\n');
    if (pcscd?.exitCode === null) pcscd.kill('SIGTERM');
    await Promise.all([emulator && exited(emulator), pcscd && exited(pcscd)]);
  });

  function startPcscd(): void {
    // --info logs each card insertion and removal the daemon notices.
    pcscd = spawn('/usr/sbin/pcscd', ['--foreground', '--info'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    createInterface({ input: pcscd.stdout! }).on('line', (line) =>
      log.push({ kind: 'pcscd', line }),
    );
  }

  /**
   * Inserts the card, waits for the read, takes the card out and waits for the daemon to notice:
   * a card put back quicker than vpcd polls the slot would look like the same card.
   */
  async function play(card: string): Promise<{ result: CardRead; from: number }> {
    const from = log.events.length;
    emulator.stdin!.write(`insert ${card}\n`);
    const { result } = await log.next(from, isRead, `read of ${card}`);
    const noticed = log.next(
      from,
      isPcscdLog(`Card Removed From ${READER}`),
      'pcscd noticing the removal',
    );
    emulator.stdin!.write('remove\n');
    await noticed;
    return { result, from };
  }

  it('reads a normal card: busy, the identity, then ready again; never the photo', async () => {
    const { result, from } = await play('normal');
    expect(result).toEqual({
      ok: true,
      readerId,
      identity: {
        name: 'NUR AISYAH BINTI CONTOH',
        docNumber: '900101145672',
        sex: 'F',
        birthDate: '1990-01-01',
        citizenship: 'WARGANEGARA',
        address: {
          lines: ['NO 1 JALAN CONTOH 1/2', 'TAMAN UJIAN'],
          postcode: '50480',
          city: 'KUALA LUMPUR',
          state: 'WILAYAH PERSEKUTUAN',
        },
      },
    });
    const after = log.events.slice(from);
    const order = after.flatMap((e) => {
      if (e.kind === 'status') return e.status.id === readerId ? [`status:${e.status.state}`] : [];
      return e.kind === 'reading' || e.kind === 'read' ? [e.kind] : [];
    });
    expect(order).toEqual(['status:busy', 'reading', 'read', 'status:ready']);
    const commands = after.flatMap((e) =>
      e.kind === 'card' && e.event.command ? [e.event.command] : [],
    );
    expect(commands.filter((c) => c.startsWith('cc00000008'))).toHaveLength(3);
    expect(commands.some((c) => c.startsWith('cc0000000802'))).toBe(false);
  });

  it('reads a 150-character name padded with NULs', async () => {
    const { result } = await play('long-name');
    expect(result.ok && result.identity.name).toHaveLength(150);
  });

  it('reads an older chip that fails reads above 0xF0', async () => {
    expect((await play('old-chip')).result.ok).toBe(true);
  });

  it.each([
    ['not-mykad', 'CARD_NOT_MYKAD'],
    ['blocked', 'CARD_BLOCKED'],
    ['pulled', 'CARD_REMOVED'],
  ])('reads %s as %s', async (card, code) => {
    expect((await play(card)).result).toEqual({ ok: false, readerId, code });
  });

  it.each([
    ['sex-mismatch', '900101145671'],
    ['bad-place-code', '900101005672'],
    ['birth-date-mismatch', '900102145672'],
  ])('passes %s on as the chip holds it, for the core to judge', async (card, docNumber) => {
    const { result } = await play(card);
    expect(result.ok && result.identity).toMatchObject({
      docNumber,
      sex: 'F',
      birthDate: '1990-01-01',
    });
  });

  /** What the console's desks were told of the last card: read (with its id) or failed. */
  function lastCardEvent() {
    return h.events.filter((e) => e.event === 'card.changed').at(-1)?.payload as {
      state: string;
      readId: string | null;
      error: { code: string; message: { ms: string; en: string } } | null;
    };
  }

  it('gives the registration desk the card’s identity, which registers the recipient', async () => {
    await play('normal');
    const event = lastCardEvent();
    expect(event).toMatchObject({ state: 'read', error: null });
    const identity: ChannelOutput<'card.take'> = h.ok('desk', 'card.take', {
      readId: event.readId!,
    });
    expect(identity).toMatchObject({
      docNumber: '900101145672',
      fullName: 'NUR AISYAH BINTI CONTOH',
      birthDate: '1990-01-01',
      sex: 'F',
      nationality: 'MYS',
      postcode: '50480',
    });
    const { recipient } = h.ok('desk', 'recipient.register', {
      document: { docType: identity.docType, docNumber: identity.docNumber, docCountry: null },
      fullName: identity.fullName,
      birthDate: identity.birthDate,
      sex: identity.sex,
      nationality: identity.nationality ?? 'MYS',
      addressLine: identity.addressLine,
      postcode: identity.postcode!,
      state: identity.state!,
      phone: '+60123456789',
      consent: true,
      duplicateApproval: null,
    });
    expect(recipient).toMatchObject({ docType: 'MYKAD', fullName: 'NUR AISYAH BINTI CONTOH' });
  });

  it.each([
    ['not-mykad', 'CARD_NOT_MYKAD'],
    ['pulled', 'CARD_REMOVED'],
    ['sex-mismatch', 'IDENTITY_SEX_MISMATCH'],
    ['bad-place-code', 'IDENTITY_PLACE_CODE'],
    ['birth-date-mismatch', 'IDENTITY_BIRTH_DATE_MISMATCH'],
  ])('tells the desk why %s cannot be used (%s), and keeps nothing of it', async (card, code) => {
    const before = h.counts();
    await play(card);
    const event = lastCardEvent();
    expect(event).toMatchObject({ state: 'failed', readId: null, error: { code } });
    expect(event.error!.message.ms.length).toBeGreaterThan(0);
    expect(event.error!.message.en.length).toBeGreaterThan(0);
    expect(h.counts()).toEqual(before);
  });

  it('gives up on a card that stops answering, and reads the next card', async () => {
    expect((await play('hung')).result).toEqual({ ok: false, readerId, code: 'CARD_READ_FAILED' });
    expect((await play('normal')).result.ok).toBe(true);
  });

  it('reports READER_GONE when the reader disappears mid-read, then the service as unavailable', async () => {
    const from = log.events.length;
    emulator.stdin!.write('insert hung\n');
    await log.next(from, isCard('hung'), 'the card going silent');
    pcscd.kill('SIGTERM');
    const { result } = await log.next(from, isRead, 'the read result');
    expect(result).toEqual({ ok: false, readerId, code: 'READER_GONE' });
    await log.next(from, isStatus(readerId, 'absent'), 'the reader gone');
    await log.next(from, isStatus('pcsc', 'unavailable'), 'the service unavailable');
    await exited(pcscd);
    expect(existsSync(PCSCD_SOCKET)).toBe(false);
  });

  it('finds the service again when it comes back, having reported it unavailable once', async () => {
    const from = log.events.findLastIndex(isStatus('pcsc', 'ready'));
    const readerBack = log.next(log.events.length, isStatus(readerId, 'ready'), 'the reader back');
    startPcscd();
    await readerBack;
    const serviceStates = log.events
      .slice(from)
      .flatMap((e) => (e.kind === 'status' && e.status.id === 'pcsc' ? [e.status.state] : []));
    expect(serviceStates).toEqual(['ready', 'unavailable', 'ready']);
    expect((await play('normal')).result.ok).toBe(true);
  });
});
