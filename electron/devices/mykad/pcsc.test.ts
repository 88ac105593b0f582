/**
 * The adapter's own timing rules, with its PC/SC process stood in for at the port (pcsc-messages.ts)
 * and timers run by hand. The real process, on a real pcscd with emulated cards, is tested in
 * scripts/mykad-emulator/pcsc.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { CardRead, CardReaderListener, DeviceStatus } from '../ports';
import { ManualTimers } from '../testing/manual-timers';
import { createPcscCardReader } from './pcsc';
import type { ChildMessage, ChildRequest, PcscProcess, PcscSpawner } from './pcsc-messages';

/** A stand-in PC/SC process: the test decides what it says and answers. */
class FakePcscProcess implements PcscProcess {
  readonly requests: ChildRequest[] = [];
  private listeners: Array<(message: ChildMessage) => void> = [];
  private exitListeners: Array<() => void> = [];
  exited = false;
  constructor(private readonly answer: (request: ChildRequest) => ChildMessage | null) {}
  send(request: ChildRequest): void {
    this.requests.push(request);
    if (request.type === 'stop') {
      queueMicrotask(() => this.exit());
      return;
    }
    const reply = this.answer(request);
    if (reply) queueMicrotask(() => this.say(reply));
  }
  onMessage(listener: (message: ChildMessage) => void): void {
    this.listeners.push(listener);
  }
  onExit(listener: () => void): void {
    if (this.exited) listener();
    else this.exitListeners.push(listener);
  }
  kill(): void {
    this.exit();
  }
  say(message: ChildMessage): void {
    for (const listener of this.listeners) listener(message);
  }
  exit(): void {
    if (this.exited) return;
    this.exited = true;
    for (const listener of this.exitListeners) listener();
  }
}

function recorder() {
  const statuses: DeviceStatus[] = [];
  const reads: CardRead[] = [];
  const listener: CardReaderListener = {
    status: (status) => statuses.push(status),
    reading: () => undefined,
    read: (result) => reads.push(result),
  };
  return { statuses, reads, listener };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the PC/SC adapter', () => {
  it('reports a card that stops answering after one timeout, not after the disconnect too', async () => {
    const timers = new ManualTimers();
    let process: FakePcscProcess | null = null;
    const spawn: PcscSpawner = () => {
      // Connects, then never answers a command again: a card gone silent mid-read.
      process = new FakePcscProcess((request) =>
        request.type === 'connect'
          ? { type: 'reply', id: request.id, error: null, data: null }
          : null,
      );
      return process;
    };
    const log = recorder();
    const reader = createPcscCardReader({ spawn, platform: 'win32', timeoutMs: 5_000, timers });
    await reader.start(log.listener);
    process!.say({ type: 'started' });
    process!.say({ type: 'reader-added', name: 'ACS ACR39U' });
    process!.say({ type: 'card-inserted', name: 'ACS ACR39U' });
    await tick();
    expect(process!.requests.map((r) => r.type)).toEqual(['connect', 'transmit']);

    expect(await timers.next()).toBe(5_000);
    timers.fire(); // the select's timeout
    await tick();
    expect(log.reads).toEqual([
      { ok: false, readerId: 'pcsc:ACS ACR39U', code: 'CARD_READ_FAILED' },
    ]);
    // The disconnect is still waiting behind the stuck command; the read was reported anyway.
    expect(process!.requests.at(-1)?.type).toBe('disconnect');
    expect(timers.pending.size).toBe(1);
    expect(log.statuses.at(-1)).toMatchObject({ id: 'pcsc:ACS ACR39U', state: 'busy' });

    timers.fire(); // the disconnect gives up too; the reader is ready for the next card
    await tick();
    expect(log.statuses.at(-1)).toMatchObject({ id: 'pcsc:ACS ACR39U', state: 'ready' });
    await reader.stop();
  });

  it('starts the process again after it fails, waiting twice as long each time up to a cap', async () => {
    const timers = new ManualTimers();
    const spawned: FakePcscProcess[] = [];
    let startsService = false;
    const spawn: PcscSpawner = () => {
      const process = new FakePcscProcess(() => null);
      spawned.push(process);
      queueMicrotask(() => {
        if (startsService) process.say({ type: 'started' });
        process.exit(); // e.g. SCardEstablishContext: no service
      });
      return process;
    };
    const log = recorder();
    const reader = createPcscCardReader({
      spawn,
      platform: 'win32',
      serviceRetryMs: 500,
      serviceRetryMaxMs: 4_000,
      timers,
    });
    await reader.start(log.listener);
    const waits: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await tick();
      expect(timers.pending.size).toBe(1); // the retry only: the start timeout went with the process
      waits.push(await timers.next());
      timers.fire();
    }
    expect(waits).toEqual([500, 1_000, 2_000, 4_000, 4_000, 4_000]);
    expect(spawned).toHaveLength(7);

    // Once the service has started, the next failure waits the shortest time again.
    startsService = true;
    await tick();
    expect(await timers.next()).toBe(500);
    await reader.stop();
    expect(log.statuses.filter((s) => s.id === 'pcsc').map((s) => s.state)).toEqual([
      'unavailable',
      'ready',
      'unavailable',
    ]);
  });

  it('looks for pcscd’s socket on Linux only: on Windows WinSCard has none', async () => {
    const timers = new ManualTimers();
    const spawnedOn: string[] = [];
    for (const platform of ['linux', 'win32'] as const) {
      const spawn: PcscSpawner = () => {
        spawnedOn.push(platform);
        return new FakePcscProcess(() => null);
      };
      const log = recorder();
      const reader = createPcscCardReader({
        spawn,
        platform,
        socketPath: '/nonexistent/pcscd.comm',
        timers,
      });
      await reader.start(log.listener);
      await reader.stop();
    }
    expect(spawnedOn).toEqual(['win32']);
  });
});
