/**
 * USB HID Point of Sale barcode scanner input reports (usage page 0x8C, "Scanned Data Report").
 * A report carries a report id, the number of data bytes it holds, the AIM symbology identifier
 * and up to 56 data bytes; bit 0 of the last byte says more data follows in the next report, so a
 * long barcode (a slip QR) spans several reports. Where the fields sit is the scanner's report
 * descriptor's choice; the layouts below are the two that scanner manuals document.
 */

export interface HidPosLayout {
  reportId: number;
  lengthOffset: number;
  symbologyOffset: number;
  symbologyLength: number;
  dataOffset: number;
  dataCapacity: number;
  /** Bit 0 of this byte: the barcode continues in the next report. */
  continuedOffset: number;
}

export const hidPosLayouts = {
  /** `]` + two AIM characters in bytes 2–4, data from byte 5 (e.g. Access-IS readers). */
  'aim-before-data': {
    reportId: 0x02,
    lengthOffset: 1,
    symbologyOffset: 2,
    symbologyLength: 3,
    dataOffset: 5,
    dataCapacity: 56,
    continuedOffset: 63,
  },
  /** Data in bytes 2–57, a one-byte symbology identifier in byte 62 (e.g. Honeywell-style engines). */
  'data-first': {
    reportId: 0x02,
    lengthOffset: 1,
    symbologyOffset: 62,
    symbologyLength: 1,
    dataOffset: 2,
    dataCapacity: 56,
    continuedOffset: 63,
  },
} as const satisfies Record<string, HidPosLayout>;

export type HidPosLayoutName = keyof typeof hidPosLayouts;

export interface HidPosReport {
  /** As sent, NUL padding removed; empty when the scanner sends none. */
  symbology: string;
  data: Buffer;
  continued: boolean;
}

/** One input report, or null when it is not a scanned-data report of this layout. */
export function parseHidPosReport(report: Uint8Array, layout: HidPosLayout): HidPosReport | null {
  if (report.length <= layout.continuedOffset || report[0] !== layout.reportId) return null;
  const length = report[layout.lengthOffset]!;
  if (length > layout.dataCapacity) return null;
  const symbology = Buffer.from(
    report.subarray(layout.symbologyOffset, layout.symbologyOffset + layout.symbologyLength),
  )
    .toString('latin1')
    .replace(/\0+$/, '');
  return {
    symbology,
    data: Buffer.from(report.subarray(layout.dataOffset, layout.dataOffset + length)),
    continued: (report[layout.continuedOffset]! & 0x01) === 1,
  };
}

export interface HidPosScan {
  symbology: string;
  /** latin1, so GS (0x1D) stays in the text. */
  text: string;
}

/** Joins the reports of one barcode; reports that are not scanned data are passed over. */
export class HidPosAssembler {
  private parts: Buffer[] = [];
  private symbology = '';

  constructor(private readonly layout: HidPosLayout) {}

  push(report: Uint8Array): HidPosScan | null {
    const parsed = parseHidPosReport(report, this.layout);
    if (!parsed) return null;
    if (this.parts.length === 0) this.symbology = parsed.symbology;
    this.parts.push(parsed.data);
    if (parsed.continued) return null;
    const text = Buffer.concat(this.parts).toString('latin1');
    this.parts = [];
    return text.length > 0 ? { symbology: this.symbology, text } : null;
  }
}
