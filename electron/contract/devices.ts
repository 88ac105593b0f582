import { z } from 'zod';
import type { ErrorCode } from './errors';
import { scanResult } from './scan';

/**
 * The console's devices as the screens see them, and the ports their adapters implement: a card
 * reader that reports MyKad reads and scanners that report scanned text, each with its state.
 */

export const deviceKinds = ['card-reader', 'serial-scanner', 'hid-scanner'] as const;
export type DeviceKind = (typeof deviceKinds)[number];

/**
 * `ready`: connected and waiting; `busy`: reading a card; `absent`: not plugged in (or no reader
 * found); `unavailable`: the service or native library it needs is missing; `error`: it failed.
 */
export const deviceStates = ['ready', 'busy', 'absent', 'unavailable', 'error'] as const;
export type DeviceState = (typeof deviceStates)[number];

export interface DeviceStatus {
  /** Stable for one device: e.g. `pcsc:<reader name>`, `serial:/dev/ttyUSB0`, `hid:0c2e:0b61`. */
  id: string;
  kind: DeviceKind;
  /** What a person recognises: the reader's or port's name. */
  name: string;
  state: DeviceState;
  /** An error code (errors.ts) when the state is `unavailable` or `error`. */
  code: string | null;
}

/** What the JPN applet's files 1 and 4 hold that the console may take (SPEC.md "Data minimisation"). */
export interface MyKadIdentity {
  /** Full name, trimmed of padding. */
  name: string;
  /** The IC number as the chip holds it: 12 digits. */
  docNumber: string;
  /** From the sex byte: `L` → `M`, `P` → `F`. */
  sex: 'M' | 'F';
  /** From the packed BCD birth date: YYYY-MM-DD. */
  birthDate: string;
  /** As on the chip, e.g. `WARGANEGARA`. */
  citizenship: string;
  address: {
    lines: string[];
    /** Five digits. */
    postcode: string;
    city: string;
    state: string;
  };
}

/** A card read that failed: a stable error code; nothing of the card is kept. */
export type CardReadFailure = Extract<
  ErrorCode,
  | 'CARD_REMOVED'
  | 'CARD_NOT_MYKAD'
  | 'CARD_BLOCKED'
  | 'CARD_READ_FAILED'
  | 'CARD_DATA_INVALID'
  | 'READER_GONE'
>;

export type CardRead =
  | { ok: true; readerId: string; identity: MyKadIdentity }
  | { ok: false; readerId: string; code: CardReadFailure };

export interface CardReaderListener {
  status(status: DeviceStatus): void;
  /** A card went in and its read began. */
  reading(readerId: string): void;
  read(result: CardRead): void;
}

export interface CardReaderPort {
  start(listener: CardReaderListener): Promise<void>;
  stop(): Promise<void>;
}

export interface ScannerListener {
  status(status: DeviceStatus): void;
  /** One scan, terminator removed, as text (GS stays as `\u001d`). */
  scan(deviceId: string, text: string): void;
}

export interface ScannerPort {
  start(listener: ScannerListener): Promise<void>;
  stop(): Promise<void>;
}

// --- what the screens receive ---------------------------------------------------------------------

export const deviceStatus = z.object({
  id: z.string(),
  kind: z.enum(deviceKinds),
  name: z.string(),
  state: z.enum(deviceStates),
  code: z.string().nullable(),
});

const localisedText = z.object({ ms: z.string(), en: z.string() });

/**
 * A card at a reader: being read, read (its identity waits under `readId` for `card.take`), or
 * failed with a message. No personal data: events reach every screen.
 */
export const cardEvent = z.object({
  readerId: z.string(),
  state: z.enum(['reading', 'read', 'failed']),
  readId: z.string().nullable(),
  error: z.object({ code: z.string(), message: localisedText }).nullable(),
});

/**
 * A scan from a serial or HID scanner, classified. A document number is masked here; the whole
 * result waits under `scanId` for `scan.take`.
 */
export const scanEvent = z.object({
  scanId: z.string(),
  deviceId: z.string(),
  result: scanResult,
});

/** The devices of this station, as the admin sets them (the device settings screen). */
export const deviceSettings = z.object({
  /** The PC/SC reader's name; null takes the first reader present. */
  cardReader: z.string().trim().min(1).max(100).nullable(),
  /** null: no serial scanner. */
  serialPath: z.string().trim().min(1).max(200).nullable(),
  serialBaudRate: z.number().int().min(1200).max(921_600),
  serialTerminator: z.enum(['CR', 'LF', 'CRLF', 'TAB', 'none']),
  /** null: no USB HID scanner. */
  hid: z
    .object({
      vendorId: z.number().int().min(0).max(0xffff),
      productId: z.number().int().min(0).max(0xffff),
      mode: z.enum(['pos', 'keyboard']),
    })
    .nullable(),
});
export type DeviceSettings = z.output<typeof deviceSettings>;

/**
 * The key this station's keyboard-wedge scanner sends for GS besides Ctrl+] (as the page's
 * KeyboardEvent names it: `F8`, `~`, `Control+\\`), set once for the station; null: Ctrl+] only.
 */
export const wedgeSettings = z.object({
  groupSeparatorKey: z.string().min(1).max(24).nullable(),
});
export type WedgeSettings = z.output<typeof wedgeSettings>;
