/**
 * Splits a serial scanner's byte stream into scans. A scan ends at the configured terminator, or,
 * with `none`, when the scanner falls silent (the adapter calls `flush` after the idle gap).
 * Bytes are decoded as latin1, so every byte is one character and GS (0x1D) stays in the text.
 */

export type Terminator = 'CR' | 'LF' | 'CRLF' | 'TAB' | 'none';

export const terminatorBytes: Record<Terminator, Buffer> = {
  CR: Buffer.from([0x0d]),
  LF: Buffer.from([0x0a]),
  CRLF: Buffer.from([0x0d, 0x0a]),
  TAB: Buffer.from([0x09]),
  none: Buffer.alloc(0),
};

export class ScanFramer {
  private pending: Buffer = Buffer.alloc(0);
  private readonly terminator: Buffer;

  constructor(terminator: Terminator) {
    this.terminator = terminatorBytes[terminator];
  }

  /** Takes one read's bytes; returns the scans they complete, in order, empty ones left out. */
  push(bytes: Uint8Array): string[] {
    this.pending = Buffer.concat([this.pending, bytes]);
    if (this.terminator.length === 0) return [];
    const scans: string[] = [];
    let end = this.pending.indexOf(this.terminator);
    while (end !== -1) {
      scans.push(this.pending.subarray(0, end).toString('latin1'));
      this.pending = this.pending.subarray(end + this.terminator.length);
      end = this.pending.indexOf(this.terminator);
    }
    return scans.filter((scan) => scan.length > 0);
  }

  /** Ends the scan in progress (the idle gap passed); returns it, or nothing if it is empty. */
  flush(): string[] {
    const scan = this.pending.toString('latin1');
    this.pending = Buffer.alloc(0);
    return scan.length > 0 ? [scan] : [];
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }
}
