/**
 * No virtual HID device can be made on a test machine, so these tests stand in for node-hid at the
 * narrowest interface the adapter uses (`devices()`, `open(path)`, and the device's `data` and
 * `error` events and `close()`), feeding it recorded-style report bytes. The decoders underneath
 * are tested on bytes alone in pos-report.test.ts and keyboard-report.test.ts.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../testing/manual-timers';
import { ScanRecorder } from '../testing/scan-recorder';
import {
  HidScanner,
  type HidDevice,
  type HidDeviceInfo,
  type HidLibrary,
  type HidScannerSettings,
} from './hid-scanner';

class FakeHidDevice extends EventEmitter implements HidDevice {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

class FakeHidLibrary implements HidLibrary {
  listed: HidDeviceInfo[] = [];
  opened: Array<{ path: string; device: FakeHidDevice }> = [];
  refuseOpen = false;

  devices(): HidDeviceInfo[] {
    return this.listed;
  }

  open(path: string): HidDevice {
    if (this.refuseOpen) throw new Error('cannot open device');
    const device = new FakeHidDevice();
    this.opened.push({ path, device });
    return device;
  }

  get last(): FakeHidDevice {
    return this.opened.at(-1)!.device;
  }
}

const vendorId = 0x0c2e;
const productId = 0x0b61;
const posInterface: HidDeviceInfo = {
  vendorId,
  productId,
  path: '/dev/hidraw3',
  product: 'Synthetic 2D Imager',
  usagePage: 0x8c,
};
const keyboardInterface: HidDeviceInfo = { ...posInterface, path: '/dev/hidraw2', usagePage: 0x01 };

/** A synthetic GS1 vial code: GTIN, expiry, lot and serial, GS after the variable-length lot. */
const vialCode = '0109501101530003172712311010AB12\u001d21SN0042';

function posReport(data: string, continued = false): Buffer {
  const report = Buffer.alloc(64);
  report[0] = 0x02;
  report[1] = data.length;
  report.write(']d2', 2, 'latin1');
  report.write(data, 5, 'latin1');
  report[63] = continued ? 1 : 0;
  return report;
}

async function started(settings: Partial<HidScannerSettings> = {}) {
  const library = new FakeHidLibrary();
  const timers = new ManualTimers();
  const scanner = new HidScanner(
    { vendorId, productId, mode: 'pos', pollIntervalMs: 500, ...settings },
    { timers, loadHid: () => Promise.resolve(library) },
  );
  const seen = new ScanRecorder();
  return { library, timers, scanner, seen, start: () => scanner.start(seen) };
}

describe('HidScanner', () => {
  it('shows unavailable with a code when node-hid cannot load', async () => {
    const timers = new ManualTimers();
    const scanner = new HidScanner(
      { vendorId, productId, mode: 'pos' },
      { timers, loadHid: () => Promise.reject(new Error("Cannot find module 'node-hid'")) },
    );
    const seen = new ScanRecorder();
    await scanner.start(seen);
    expect(seen.statuses).toEqual([
      {
        id: 'hid:0c2e:0b61',
        kind: 'hid-scanner',
        name: 'hid:0c2e:0b61',
        state: 'unavailable',
        code: 'HID_LIBRARY_MISSING',
      },
    ]);
    expect(timers.pending.size).toBe(0);
  });

  it('loads the real node-hid and shows a scanner that is not plugged in as absent', async () => {
    const timers = new ManualTimers();
    const scanner = new HidScanner({ vendorId, productId, mode: 'pos' }, { timers });
    const seen = new ScanRecorder();
    await scanner.start(seen);
    expect(seen.states).toEqual([['absent', null]]);
    expect(await timers.next()).toBe(1_000);
    await scanner.stop();
    expect(timers.pending.size).toBe(0);
  });

  it('opens the POS interface and delivers each barcode once its last report arrives', async () => {
    const { library, scanner, seen, start } = await started();
    library.listed = [keyboardInterface, posInterface];
    await start();
    expect(library.opened.map((opened) => opened.path)).toEqual(['/dev/hidraw3']);
    expect(seen.statuses).toEqual([
      {
        id: 'hid:0c2e:0b61',
        kind: 'hid-scanner',
        name: 'Synthetic 2D Imager',
        state: 'ready',
        code: null,
      },
    ]);
    library.last.emit('data', posReport(vialCode.slice(0, 30), true));
    expect(seen.scans).toEqual([]);
    library.last.emit('data', posReport(vialCode.slice(30)));
    expect(seen.scans).toEqual([vialCode]);
    await scanner.stop();
    expect(library.last.closed).toBe(true);
  });

  it('in keyboard mode opens the keyboard interface and decodes typed reports', async () => {
    const { library, seen, start } = await started({ mode: 'keyboard' });
    library.listed = [posInterface, keyboardInterface];
    await start();
    expect(library.opened.map((opened) => opened.path)).toEqual(['/dev/hidraw2']);
    const release = Buffer.alloc(8);
    for (const [modifiers, usage] of [
      [0x02, 0x04],
      [0x00, 0x1e],
      [0x00, 0x28],
    ] as const) {
      library.last.emit('data', Buffer.from([modifiers, 0, usage, 0, 0, 0, 0, 0]));
      library.last.emit('data', release);
    }
    expect(seen.scans).toEqual(['A1']);
  });

  it('finds the scanner when it is plugged in later, and again after it is pulled out', async () => {
    const { library, timers, seen, start } = await started();
    await start();
    expect(seen.states).toEqual([['absent', null]]);

    library.listed = [posInterface];
    expect(await timers.next()).toBe(500);
    timers.fire();
    const first = library.last;

    library.listed = [];
    first.emit('error', new Error('could not read from HID device'));
    expect(first.closed).toBe(true);
    first.emit('data', posReport('STALE'));

    library.listed = [posInterface];
    timers.fire();
    library.last.emit('data', posReport('AFTER-REPLUG'));

    expect(seen.states).toEqual([
      ['absent', null],
      ['ready', null],
      ['absent', null],
      ['ready', null],
    ]);
    expect(library.opened).toHaveLength(2);
    expect(seen.scans).toEqual(['AFTER-REPLUG']);
  });

  it('notices a scanner gone from the list even when no read error came', async () => {
    const { library, timers, seen, start } = await started();
    library.listed = [posInterface];
    await start();
    library.listed = [];
    timers.fire();
    expect(seen.states).toEqual([
      ['ready', null],
      ['absent', null],
    ]);
    expect(library.last.closed).toBe(true);
  });

  it('shows a read failure on a scanner still plugged in as an error, and reopens it', async () => {
    const { library, timers, seen, start } = await started();
    library.listed = [posInterface];
    await start();
    library.last.emit('error', new Error('could not read from HID device'));
    timers.fire();
    expect(seen.states).toEqual([
      ['ready', null],
      ['error', 'HID_READ_FAILED'],
      ['ready', null],
    ]);
  });

  it('shows a scanner it may not open as an error, and tries again at the next poll', async () => {
    const { library, timers, seen, start } = await started();
    library.listed = [posInterface];
    library.refuseOpen = true;
    await start();
    expect(seen.states).toEqual([['error', 'HID_OPEN_FAILED']]);
    library.refuseOpen = false;
    timers.fire();
    expect(seen.states).toEqual([
      ['error', 'HID_OPEN_FAILED'],
      ['ready', null],
    ]);
  });
});
