import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../testing/manual-timers';
import { ScanRecorder } from '../testing/scan-recorder';
import { retryDelayMs, SerialScanner, type SerialPortClass } from './serial-scanner';

/** The real serial port class, keeping each port the scanner makes so a test can look at it. */
function watchedSerialPorts() {
  const opened: SerialPort[] = [];
  class WatchedSerialPort extends SerialPort {
    constructor(...args: ConstructorParameters<typeof SerialPort>) {
      super(...args);
      opened.push(this);
    }
  }
  return { opened, loadSerialPort: () => Promise.resolve(WatchedSerialPort as SerialPortClass) };
}

describe('retryDelayMs', () => {
  it('doubles from the first delay and stops at the cap', () => {
    const retry = { firstDelayMs: 100, maxDelayMs: 1_000 };
    expect([0, 1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, retry))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });
});

describe('SerialScanner', () => {
  it('shows unavailable with a code when the serialport library cannot load', async () => {
    const timers = new ManualTimers();
    const scanner = new SerialScanner(
      { path: '/dev/ttyUSB9', baudRate: 9600, terminator: 'CR' },
      {
        timers,
        loadSerialPort: () => Promise.reject(new Error("Cannot find module 'serialport'")),
      },
    );
    const seen = new ScanRecorder();
    await scanner.start(seen);
    expect(seen.statuses).toEqual([
      {
        id: 'serial:/dev/ttyUSB9',
        kind: 'serial-scanner',
        name: '/dev/ttyUSB9',
        state: 'unavailable',
        code: 'SERIAL_LIBRARY_MISSING',
      },
    ]);
    expect(timers.pending.size).toBe(0);
  });

  it('shows a port that does not exist as absent, once, and keeps retrying with backoff', async () => {
    const timers = new ManualTimers();
    const retry = { firstDelayMs: 10, maxDelayMs: 40 };
    const scanner = new SerialScanner(
      { path: '/nonexistent/ttyACM0', baudRate: 9600, terminator: 'CR', retry },
      { timers },
    );
    const seen = new ScanRecorder();
    await scanner.start(seen);
    const delays: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      delays.push(await timers.next());
      timers.fire();
    }
    delays.push(await timers.next());
    expect(delays).toEqual([10, 20, 40, 40, 40]);
    expect(seen.states).toEqual([['absent', null]]);
    await scanner.stop();
    expect(timers.pending.size).toBe(0);
  });

  it('shows a path that is no serial port as an error with a code, and retries', async () => {
    const timers = new ManualTimers();
    const scanner = new SerialScanner(
      { path: '/dev/null', baudRate: 9600, terminator: 'CR' },
      { timers },
    );
    const seen = new ScanRecorder();
    await scanner.start(seen);
    expect(await timers.next()).toBe(250);
    expect(seen.states).toEqual([['error', 'SERIAL_OPEN_FAILED']]);
    await scanner.stop();
  });

  it('opens a real terminal as ready; a port error shows as error, reopens, and is ready again', async () => {
    const timers = new ManualTimers();
    const { opened, loadSerialPort } = watchedSerialPorts();
    const scanner = new SerialScanner(
      { path: '/dev/ptmx', baudRate: 9600, terminator: 'CR' },
      { timers, loadSerialPort },
    );
    const seen = new ScanRecorder();
    await scanner.start(seen);
    await seen.untilStatuses(1);
    opened[0]!.emit('error', new Error('EIO'));
    expect(await timers.next()).toBe(250);
    timers.fire();
    await seen.untilStatuses(3);
    expect(seen.states).toEqual([
      ['ready', null],
      ['error', 'SERIAL_PORT_ERROR'],
      ['ready', null],
    ]);
    expect(opened[0]!.isOpen).toBe(false);
    await scanner.stop();
    expect(opened[1]!.isOpen).toBe(false);
  });

  it('shows a port whose path is gone as absent, though the port never closed, and reopens it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ppv-serial-'));
    const link = path.join(dir, 'scanner');
    symlinkSync('/dev/ptmx', link);
    const timers = new ManualTimers();
    const { opened, loadSerialPort } = watchedSerialPorts();
    const scanner = new SerialScanner(
      { path: link, baudRate: 9600, terminator: 'CR', presenceCheckMs: 1_000 },
      { timers, loadSerialPort },
    );
    const seen = new ScanRecorder();
    try {
      await scanner.start(seen);
      await seen.untilStatuses(1);
      expect(await timers.next()).toBe(1_000);
      timers.fire(); // still there
      expect(await timers.next()).toBe(1_000);

      rmSync(link);
      timers.fire();
      expect(seen.states).toEqual([
        ['ready', null],
        ['absent', null],
      ]);
      expect(opened[0]!.isOpen).toBe(false);
      expect(await timers.next()).toBe(250);

      symlinkSync('/dev/ptmx', link);
      timers.fire();
      await seen.untilStatuses(3);
      expect(seen.states[2]).toEqual(['ready', null]);
      expect(opened).toHaveLength(2);
    } finally {
      await scanner.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(timers.pending.size).toBe(0);
  });
});
