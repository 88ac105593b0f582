import { existsSync } from 'node:fs';
import type { SerialPort } from 'serialport';
import type { ErrorCode } from '../../contract/errors';
import type { DeviceState, DeviceStatus, ScannerListener, ScannerPort } from '../ports';
import { systemTimers, type Timers } from '../timers';
import { ScanFramer, type Terminator } from './framer';

export interface SerialScannerSettings {
  /** e.g. `/dev/ttyUSB0`, `/dev/serial/by-id/…`, `COM3`. */
  path: string;
  baudRate: number;
  terminator: Terminator;
  /** With terminator `none`: the silence that ends a scan. */
  idleGapMs?: number;
  /** Reopening after the port is lost: the first wait, doubling up to the longest. */
  retry?: { firstDelayMs: number; maxDelayMs: number };
  /** While open: how often the port's path is looked for, to notice an unplugging the port misses. */
  presenceCheckMs?: number;
}

export type SerialPortClass = typeof SerialPort;

export interface SerialScannerOptions {
  timers?: Timers;
  loadSerialPort?: () => Promise<SerialPortClass>;
}

const defaultIdleGapMs = 50;
const defaultRetry = { firstDelayMs: 250, maxDelayMs: 5_000 };
const defaultPresenceCheckMs = 1_000;

async function importSerialPort(): Promise<SerialPortClass> {
  return (await import('serialport')).SerialPort;
}

/** The wait before reopening attempt number `attempt` (0 first): doubling, never past the cap. */
export function retryDelayMs(attempt: number, retry = defaultRetry): number {
  return Math.min(retry.firstDelayMs * 2 ** attempt, retry.maxDelayMs);
}

/** A port that does not exist is a scanner not plugged in, not a failure. */
function isMissingPort(error: Error): boolean {
  return /no such file|ENOENT|file not found/i.test(error.message);
}

/**
 * A barcode scanner on a serial port (RS-232 or a USB virtual COM port). The port is reopened with a
 * bounded backoff whenever it closes or fails, so unplugging and replugging needs no restart. An open
 * port whose path is a file (a device node, a `/dev/serial/by-id` link) is also lost once that path is
 * gone: the serial library does not always see a vanished device close.
 */
export class SerialScanner implements ScannerPort {
  private readonly timers: Timers;
  private readonly loadSerialPort: () => Promise<SerialPortClass>;
  private readonly retry: { firstDelayMs: number; maxDelayMs: number };
  private listener: ScannerListener | null = null;
  private port: SerialPort | null = null;
  private framer: ScanFramer;
  private retryTimer: unknown = null;
  private idleTimer: unknown = null;
  private presenceTimer: unknown = null;
  private failedAttempts = 0;
  private lastStatus = '';
  private stopped = true;

  constructor(
    private readonly settings: SerialScannerSettings,
    options: SerialScannerOptions = {},
  ) {
    this.timers = options.timers ?? systemTimers;
    this.loadSerialPort = options.loadSerialPort ?? importSerialPort;
    this.retry = settings.retry ?? defaultRetry;
    this.framer = new ScanFramer(settings.terminator);
  }

  get deviceId(): string {
    return `serial:${this.settings.path}`;
  }

  async start(listener: ScannerListener): Promise<void> {
    this.listener = listener;
    this.stopped = false;
    let portClass: SerialPortClass;
    try {
      portClass = await this.loadSerialPort();
    } catch {
      this.report('unavailable', 'SERIAL_LIBRARY_MISSING');
      return;
    }
    this.open(portClass);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel('retryTimer');
    this.cancel('idleTimer');
    this.cancel('presenceTimer');
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private open(portClass: SerialPortClass): void {
    if (this.stopped) return;
    let port: SerialPort;
    try {
      port = new portClass({
        path: this.settings.path,
        baudRate: this.settings.baudRate,
        autoOpen: false,
      });
    } catch {
      this.report('error', 'SERIAL_OPEN_FAILED');
      return;
    }
    this.port = port;
    this.framer = new ScanFramer(this.settings.terminator);
    port.on('data', (chunk: Buffer) => this.receive(chunk));
    port.on('close', () => this.lose(port, portClass, 'absent', null));
    port.on('error', () => this.lose(port, portClass, 'error', 'SERIAL_PORT_ERROR'));
    port.open((error) => {
      if (this.port !== port) {
        if (!error) port.close();
        return;
      }
      if (error) {
        this.port = null;
        if (isMissingPort(error)) this.report('absent', null);
        else this.report('error', 'SERIAL_OPEN_FAILED');
        this.scheduleReopen(portClass);
        return;
      }
      this.failedAttempts = 0;
      this.report('ready', null);
      // A port name that is no file (Windows' `COM3`) is watched by its close and error events only.
      if (existsSync(this.settings.path)) this.checkPresenceLater(port, portClass);
    });
  }

  private checkPresenceLater(port: SerialPort, portClass: SerialPortClass): void {
    this.presenceTimer = this.timers.setTimeout(() => {
      this.presenceTimer = null;
      if (existsSync(this.settings.path)) this.checkPresenceLater(port, portClass);
      else this.lose(port, portClass, 'absent', null);
    }, this.settings.presenceCheckMs ?? defaultPresenceCheckMs);
  }

  private lose(
    port: SerialPort,
    portClass: SerialPortClass,
    state: DeviceState,
    code: ErrorCode | null,
  ): void {
    if (this.port !== port || this.stopped) return;
    this.port = null;
    this.cancel('idleTimer');
    this.cancel('presenceTimer');
    if (port.isOpen) port.close();
    this.report(state, code);
    this.scheduleReopen(portClass);
  }

  private scheduleReopen(portClass: SerialPortClass): void {
    if (this.stopped) return;
    const delay = retryDelayMs(this.failedAttempts, this.retry);
    this.failedAttempts += 1;
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      this.open(portClass);
    }, delay);
  }

  private receive(chunk: Buffer): void {
    this.emit(this.framer.push(chunk));
    if (this.settings.terminator !== 'none' || !this.framer.hasPending) return;
    this.cancel('idleTimer');
    this.idleTimer = this.timers.setTimeout(() => {
      this.idleTimer = null;
      this.emit(this.framer.flush());
    }, this.settings.idleGapMs ?? defaultIdleGapMs);
  }

  private emit(scans: string[]): void {
    for (const scan of scans) this.listener?.scan(this.deviceId, scan);
  }

  private cancel(timer: 'retryTimer' | 'idleTimer' | 'presenceTimer'): void {
    if (this[timer] !== null) this.timers.clearTimeout(this[timer]);
    this[timer] = null;
  }

  /** Tells the listener the state, once per change. */
  private report(state: DeviceState, code: ErrorCode | null): void {
    const key = `${state}:${code ?? ''}`;
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    const status: DeviceStatus = {
      id: this.deviceId,
      kind: 'serial-scanner',
      name: this.settings.path,
      state,
      code,
    };
    this.listener?.status(status);
  }
}
