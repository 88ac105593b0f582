import type { ErrorCode } from '../../contract/errors';
import type { DeviceState, DeviceStatus, ScannerListener, ScannerPort } from '../ports';
import { systemTimers, type Timers } from '../timers';
import { KeyboardScanDecoder } from './keyboard-report';
import { HidPosAssembler, hidPosLayouts, type HidPosLayoutName } from './pos-report';

/** What of node-hid this adapter uses: listing devices and opening one by path. */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  product?: string | undefined;
  usagePage?: number | undefined;
}

export interface HidDevice {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): void;
}

export interface HidLibrary {
  devices(): HidDeviceInfo[];
  open(path: string): HidDevice;
}

export interface HidScannerSettings {
  vendorId: number;
  productId: number;
  /** `pos`: HID POS scanned-data reports; `keyboard`: the scanner types the barcode, Enter after it. */
  mode: 'pos' | 'keyboard';
  posLayout?: HidPosLayoutName;
  /** How often the device list is checked for the scanner coming or going. */
  pollIntervalMs?: number;
}

export interface HidScannerOptions {
  timers?: Timers;
  loadHid?: () => Promise<HidLibrary>;
}

const posUsagePage = 0x8c;
const genericDesktopUsagePage = 0x01;
const defaultPollIntervalMs = 1_000;

async function importNodeHid(): Promise<HidLibrary> {
  const nodeHid = await import('node-hid');
  return { devices: () => nodeHid.devices(), open: (path) => new nodeHid.HID(path) };
}

const hex4 = (id: number): string => id.toString(16).padStart(4, '0');

/**
 * A USB HID barcode scanner found by vendor and product id. The device list is polled, so the
 * scanner may be plugged in before or after the console starts, and again after it was pulled out.
 */
export class HidScanner implements ScannerPort {
  private readonly timers: Timers;
  private readonly loadHid: () => Promise<HidLibrary>;
  private library: HidLibrary | null = null;
  private listener: ScannerListener | null = null;
  private device: HidDevice | null = null;
  private devicePath: string | null = null;
  private name: string;
  private pollTimer: unknown = null;
  private lastStatus = '';
  private stopped = true;

  constructor(
    private readonly settings: HidScannerSettings,
    options: HidScannerOptions = {},
  ) {
    this.timers = options.timers ?? systemTimers;
    this.loadHid = options.loadHid ?? importNodeHid;
    this.name = this.deviceId;
  }

  get deviceId(): string {
    return `hid:${hex4(this.settings.vendorId)}:${hex4(this.settings.productId)}`;
  }

  async start(listener: ScannerListener): Promise<void> {
    this.listener = listener;
    this.stopped = false;
    try {
      this.library = await this.loadHid();
    } catch {
      this.report('unavailable', 'HID_LIBRARY_MISSING');
      return;
    }
    this.poll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer !== null) this.timers.clearTimeout(this.pollTimer);
    this.pollTimer = null;
    this.closeDevice();
  }

  private poll(): void {
    if (this.stopped) return;
    const found = this.find();
    if (this.device && found?.path !== this.devicePath) {
      this.closeDevice();
      this.report('absent', null);
    }
    if (!this.device) {
      if (found) this.open(found);
      else this.report('absent', null);
    }
    this.pollTimer = this.timers.setTimeout(
      () => this.poll(),
      this.settings.pollIntervalMs ?? defaultPollIntervalMs,
    );
  }

  /** The scanner's interface for the configured mode, when it is plugged in. */
  private find(): HidDeviceInfo | undefined {
    const wantedUsagePage = this.settings.mode === 'pos' ? posUsagePage : genericDesktopUsagePage;
    let listed: HidDeviceInfo[];
    try {
      listed = this.library!.devices();
    } catch {
      return undefined;
    }
    return listed.find(
      (info) =>
        info.vendorId === this.settings.vendorId &&
        info.productId === this.settings.productId &&
        info.path !== undefined &&
        (!info.usagePage || info.usagePage === wantedUsagePage),
    );
  }

  private open(info: HidDeviceInfo): void {
    let device: HidDevice;
    try {
      device = this.library!.open(info.path!);
    } catch {
      this.report('error', 'HID_OPEN_FAILED');
      return;
    }
    this.device = device;
    this.devicePath = info.path!;
    this.name = info.product ?? this.deviceId;
    const decode = this.decoder();
    device.on('data', (report) => {
      if (this.device !== device) return;
      for (const scan of decode(report)) this.listener?.scan(this.deviceId, scan);
    });
    device.on('error', () => this.fail(device));
    this.report('ready', null);
  }

  private decoder(): (report: Buffer) => string[] {
    if (this.settings.mode === 'keyboard') {
      const keyboard = new KeyboardScanDecoder();
      return (report) => keyboard.push(report);
    }
    const pos = new HidPosAssembler(hidPosLayouts[this.settings.posLayout ?? 'aim-before-data']);
    return (report) => {
      const scan = pos.push(report);
      return scan ? [scan.text] : [];
    };
  }

  /** A read failed: pulled out if it is no longer listed, otherwise an error. Polling reopens it. */
  private fail(device: HidDevice): void {
    if (this.device !== device || this.stopped) return;
    this.closeDevice();
    if (this.find()) this.report('error', 'HID_READ_FAILED');
    else this.report('absent', null);
  }

  private closeDevice(): void {
    const device = this.device;
    this.device = null;
    this.devicePath = null;
    try {
      device?.close();
    } catch {
      // A device already gone cannot be closed twice; there is nothing left to release.
    }
  }

  /** Tells the listener the state, once per change. */
  private report(state: DeviceState, code: ErrorCode | null): void {
    const key = `${state}:${code ?? ''}`;
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    const status: DeviceStatus = {
      id: this.deviceId,
      kind: 'hid-scanner',
      name: this.name,
      state,
      code,
    };
    this.listener?.status(status);
  }
}
