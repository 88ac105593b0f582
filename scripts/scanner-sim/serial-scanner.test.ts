import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScannerListener } from '../../electron/contract/devices';
import { createHarness } from '../../electron/core/testing/harness';
import { setUpStation } from '../../electron/core/testing/scenario';
import { classifyScan } from '../../electron/devices/scan/classify';
import type { Terminator } from '../../electron/devices/serial/framer';
import { SerialScanner } from '../../electron/devices/serial/serial-scanner';
import { ManualTimers } from '../../electron/devices/testing/manual-timers';
import { ScanRecorder } from '../../electron/devices/testing/scan-recorder';
import { systemTimers, type Timers } from '../../electron/devices/timers';
import { createPtyPair, encodeScans, unescapeScan, type PtyPair } from './pty-pair';

/** A synthetic GS1 vial code: GTIN, expiry, lot and serial, GS after the variable-length lot. */
const vialCode = '0109501101530003172712311010AB12\u001d21SN0042';
const retry = { firstDelayMs: 20, maxDelayMs: 160 };
const presenceCheckMs = 1_000;

let dir: string;
let pairs: PtyPair[];
let scanners: SerialScanner[];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ppv-scanner-'));
  pairs = [];
  scanners = [];
});

afterEach(async () => {
  await Promise.all(scanners.map((scanner) => scanner.stop()));
  await Promise.all(pairs.map((pair) => pair.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function pair(): Promise<PtyPair> {
  const made = await createPtyPair(dir);
  pairs.push(made);
  return made;
}

async function startScanner(
  consolePath: string,
  terminator: Terminator,
  timers: Timers = systemTimers,
): Promise<ScanRecorder> {
  const scanner = new SerialScanner(
    { path: consolePath, baudRate: 9600, terminator, idleGapMs: 30, retry, presenceCheckMs },
    { timers },
  );
  scanners.push(scanner);
  const seen = new ScanRecorder();
  await scanner.start(seen);
  return seen;
}

describe('scans through a real serial port to the desk', () => {
  it('are classified and routed: a vial code, a recipient slip and a document number', async () => {
    const h = createHarness({
      classifyScan: (text) => classifyScan(text, { today: '2026-03-02' }),
    });
    try {
      await setUpStation(h);
      const sim = await pair();
      const seen = new ScanRecorder();
      const desk = h.app.devices.scannerListener;
      const both: ScannerListener = {
        status: (status) => (seen.status(status), desk.status(status)),
        scan: (deviceId, text) => (seen.scan(deviceId, text), desk.scan(deviceId, text)),
      };
      const scanner = new SerialScanner({
        path: sim.consolePath,
        baudRate: 9600,
        terminator: 'CR',
      });
      scanners.push(scanner);
      await scanner.start(both);
      await seen.untilStatuses(1);
      await sim.write(
        [vialCode, 'PPVSLIP1:AbCdEfGhIjKlMnOpQrStUv', '880101-14-5678', '880231-14-5678'],
        'CR',
      );
      await seen.untilScans(4);

      const received = h.events
        .filter((e) => e.event === 'scan.received')
        .map((e) => (e.payload as { deviceId: string; result: Record<string, unknown> }).result);
      expect(received).toEqual([
        expect.objectContaining({ kind: 'vial', gtin: '09501101530003', lot: '10AB12' }),
        { kind: 'slip', token: 'AbCdEfGhIjKlMnOpQrStUv' },
        { kind: 'document', shape: 'mykad', number: '********5678' },
        { kind: 'refused', looksLike: 'document', code: 'IDENTITY_BIRTH_DATE', params: {} },
      ]);
      // The desk that takes the refused scan learns which part is wrong.
      const refusedScan = h.events.filter((e) => e.event === 'scan.received').at(-1)!.payload as {
        scanId: string;
      };
      expect(h.ok('desk', 'scan.take', { scanId: refusedScan.scanId })).toMatchObject({
        params: { part: '880231' },
      });
      expect(h.ok('desk', 'scan.classify', { text: '880101-00-5678' })).toEqual({
        kind: 'refused',
        looksLike: 'document',
        code: 'IDENTITY_PLACE_CODE',
        params: { part: '00' },
      });
      expect(h.ok('desk', 'device.status', {})).toEqual([
        expect.objectContaining({ kind: 'serial-scanner', state: 'ready' }),
      ]);
    } finally {
      h.close();
    }
  });
});

describe('the simulator', () => {
  it('encodes scans with the terminator and turns \\x1d into GS', () => {
    expect(encodeScans(['A1', 'B2'], 'CRLF').toString('latin1')).toBe('A1\r\nB2\r\n');
    expect(unescapeScan('10AB12\\x1d21SN')).toBe('10AB12\u001d21SN');
  });
});

describe('serial scanner on a real pseudo-terminal pair', () => {
  it.each<Terminator>(['CR', 'LF', 'CRLF', 'TAB'])(
    'delivers scans framed by %s, several in one write, GS kept',
    async (terminator) => {
      const sim = await pair();
      const seen = await startScanner(sim.consolePath, terminator);
      await seen.untilStatuses(1);
      expect(seen.statuses[0]).toMatchObject({
        id: `serial:${sim.consolePath}`,
        kind: 'serial-scanner',
        state: 'ready',
      });
      await sim.write(['ABC123', vialCode, '880101145678'], terminator);
      expect(await seen.untilScans(3)).toEqual(['ABC123', vialCode, '880101145678']);
    },
  );

  it('with no terminator, ends each scan when the scanner falls silent', async () => {
    const sim = await pair();
    const seen = await startScanner(sim.consolePath, 'none');
    await seen.untilStatuses(1);
    await sim.write(['FIRST-0001'], 'none');
    expect(await seen.untilScans(1)).toEqual(['FIRST-0001']);
    await sim.write([vialCode], 'none');
    expect(await seen.untilScans(2)).toEqual(['FIRST-0001', vialCode]);
  });

  it('shows the port vanishing as absent, and is ready again when it comes back', async () => {
    const timers = new ManualTimers();
    const delays: number[] = [];
    /** Fires the scanner's timers as each is set (its retries, its presence checks) until `done`. */
    async function fireUntil(done: () => boolean): Promise<void> {
      while (!done()) {
        delays.push(await timers.next(10_000));
        timers.fire();
      }
    }
    const retryDelays = () => delays.filter((delay) => delay !== presenceCheckMs);
    const first = await pair();
    const seen = await startScanner(first.consolePath, 'CR', timers);
    await seen.untilStatuses(1);

    await first.close();
    await fireUntil(() => seen.statuses.length >= 2);
    expect(seen.states).toEqual([
      ['ready', null],
      ['absent', null],
    ]);

    const second = await pair();
    expect(second.consolePath).toBe(first.consolePath);
    await fireUntil(() => seen.statuses.length >= 3);
    expect(seen.states[2]).toEqual(['ready', null]);
    await second.write(['AFTER-REPLUG'], 'CR');
    expect(await seen.untilScans(1)).toEqual(['AFTER-REPLUG']);

    const retriesBeforeReplug = retryDelays().length;
    await second.close();
    await fireUntil(() => seen.statuses.length >= 4);
    expect(seen.states[3]).toEqual(['absent', null]);
    await fireUntil(() => retryDelays().length > retriesBeforeReplug);
    expect(retryDelays()[0]).toBe(retry.firstDelayMs);
    expect(retryDelays()[retriesBeforeReplug]).toBe(retry.firstDelayMs);
    expect(Math.max(...retryDelays())).toBeLessThanOrEqual(retry.maxDelayMs);
  });
});
