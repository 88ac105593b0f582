/**
 * The small ports the console's devices implement: a card reader that reports MyKad reads and a
 * scanner that reports scanned text, each with its state. Adapters (PC/SC, serial, HID) sit behind
 * them; the protocols underneath are pure and tested on bytes.
 */

export type DeviceKind = 'card-reader' | 'serial-scanner' | 'hid-scanner';

/**
 * `ready`: connected and waiting; `busy`: reading a card; `absent`: not plugged in (or no reader
 * found); `unavailable`: the service or native library it needs is missing; `error`: it failed.
 */
export type DeviceState = 'ready' | 'busy' | 'absent' | 'unavailable' | 'error';

export interface DeviceStatus {
  /** Stable for one device: e.g. `pcsc:<reader name>`, `serial:/dev/ttyUSB0`, `hid:0c2e:0b61`. */
  id: string;
  kind: DeviceKind;
  /** What a person recognises: the reader's or port's name. */
  name: string;
  state: DeviceState;
  /** An error code (electron/contract/errors.ts) when the state is `unavailable` or `error`. */
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
export type CardReadFailure =
  | 'CARD_REMOVED'
  | 'CARD_NOT_MYKAD'
  | 'CARD_BLOCKED'
  | 'CARD_READ_FAILED'
  | 'CARD_DATA_INVALID'
  | 'READER_GONE';

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
