import { describe, expect, it } from 'vitest';
import { HidPosAssembler, hidPosLayouts, parseHidPosReport } from './pos-report';

/** A synthetic GS1 vial code: GTIN, expiry, lot and serial, GS after the variable-length lot. */
const vialCode = '0109501101530003172712311010AB12\u001d21SN0042';

/** A 64-byte scanned-data report as an Access-IS style reader sends it. */
function aimBeforeData(symbology: string, data: string, continued: boolean): Buffer {
  const report = Buffer.alloc(64);
  report[0] = 0x02;
  report[1] = data.length;
  report.write(symbology, 2, 'latin1');
  report.write(data, 5, 'latin1');
  report[63] = continued ? 0x01 : 0x00;
  return report;
}

/** A 64-byte scanned-data report with the data first and a one-byte symbology id in byte 62. */
function dataFirst(symbology: string, data: string, continued: boolean): Buffer {
  const report = Buffer.alloc(64);
  report[0] = 0x02;
  report[1] = data.length;
  report.write(data, 2, 'latin1');
  report.write(symbology, 62, 'latin1');
  report[63] = continued ? 0x01 : 0x00;
  return report;
}

describe('parseHidPosReport', () => {
  const layout = hidPosLayouts['aim-before-data'];

  it('reads the symbology, exactly `length` data bytes, and the continued flag', () => {
    expect(parseHidPosReport(aimBeforeData(']d2', vialCode, false), layout)).toEqual({
      symbology: ']d2',
      data: Buffer.from(vialCode, 'latin1'),
      continued: false,
    });
    expect(parseHidPosReport(aimBeforeData(']Q1', 'x'.repeat(56), true), layout)?.continued).toBe(
      true,
    );
  });

  it('passes over other report ids, short reports and lengths past the data field', () => {
    const otherReport = aimBeforeData(']d2', vialCode, false);
    otherReport[0] = 0x04;
    const tooLong = aimBeforeData(']d2', vialCode, false);
    tooLong[1] = 57;
    expect(parseHidPosReport(otherReport, layout)).toBeNull();
    expect(
      parseHidPosReport(aimBeforeData(']d2', vialCode, false).subarray(0, 40), layout),
    ).toBeNull();
    expect(parseHidPosReport(tooLong, layout)).toBeNull();
  });
});

describe('HidPosAssembler', () => {
  it('gives one scan per single-report barcode, GS kept', () => {
    const assembler = new HidPosAssembler(hidPosLayouts['aim-before-data']);
    expect(assembler.push(aimBeforeData(']d2', vialCode, false))).toEqual({
      symbology: ']d2',
      text: vialCode,
    });
  });

  it('joins a barcode split over several reports, taking the symbology of the first', () => {
    const qr = `PPV-SLIP|${'7'.repeat(100)}|END`;
    const assembler = new HidPosAssembler(hidPosLayouts['aim-before-data']);
    expect(assembler.push(aimBeforeData(']Q1', qr.slice(0, 56), true))).toBeNull();
    expect(assembler.push(aimBeforeData(']Q1', qr.slice(56, 112), true))).toBeNull();
    expect(assembler.push(aimBeforeData('\0\0\0', qr.slice(112), false))).toEqual({
      symbology: ']Q1',
      text: qr,
    });
    expect(assembler.push(aimBeforeData(']C0', 'NEXT-1', false))).toEqual({
      symbology: ']C0',
      text: 'NEXT-1',
    });
  });

  it('keeps a split barcode together across a report of another kind', () => {
    const assembler = new HidPosAssembler(hidPosLayouts['aim-before-data']);
    const other = Buffer.alloc(64);
    other[0] = 0x05;
    expect(assembler.push(aimBeforeData(']d2', vialCode.slice(0, 20), true))).toBeNull();
    expect(assembler.push(other)).toBeNull();
    expect(assembler.push(aimBeforeData(']d2', vialCode.slice(20), false))?.text).toBe(vialCode);
  });

  it('decodes the data-first layout', () => {
    const assembler = new HidPosAssembler(hidPosLayouts['data-first']);
    expect(assembler.push(dataFirst('w', vialCode, false))).toEqual({
      symbology: 'w',
      text: vialCode,
    });
  });

  it('gives nothing for an empty barcode', () => {
    const assembler = new HidPosAssembler(hidPosLayouts['aim-before-data']);
    expect(assembler.push(aimBeforeData(']d2', '', false))).toBeNull();
  });
});
