import { describe, expect, it } from 'vitest';
import { ScanFramer, type Terminator } from './framer';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

/** A synthetic GS1 vial code: GTIN, expiry, lot and serial, GS after the variable-length lot. */
const vialCode = '0109501101530003172712311010AB12\u001d21SN0042';

describe('ScanFramer', () => {
  it.each<[Terminator, string]>([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['TAB', '\t'],
  ])('ends a scan at %s', (terminator, ending) => {
    const framer = new ScanFramer(terminator);
    expect(framer.push(bytes(`ABC123${ending}`))).toEqual(['ABC123']);
    expect(framer.hasPending).toBe(false);
  });

  it('waits for a terminator that arrives in the next read', () => {
    const framer = new ScanFramer('CR');
    expect(framer.push(bytes('9501'))).toEqual([]);
    expect(framer.push(bytes('1015\r'))).toEqual(['95011015']);
  });

  it('joins a CRLF split between two reads, and does not end a scan at a lone CR', () => {
    const framer = new ScanFramer('CRLF');
    expect(framer.push(bytes('A1\r'))).toEqual([]);
    expect(framer.push(bytes('\nB2\r'))).toEqual(['A1']);
    expect(framer.push(bytes('x\r\n'))).toEqual(['B2\rx']);
  });

  it('returns several scans from one read, in order, and keeps the unfinished tail', () => {
    const framer = new ScanFramer('LF');
    expect(framer.push(bytes('one\ntwo\nthree\nfou'))).toEqual(['one', 'two', 'three']);
    expect(framer.push(bytes('r\n'))).toEqual(['four']);
  });

  it('ignores empty scans (terminators back to back)', () => {
    const framer = new ScanFramer('CRLF');
    expect(framer.push(bytes('\r\n\r\nA\r\n\r\n'))).toEqual(['A']);
  });

  it('keeps GS in the text and decodes every byte as latin1', () => {
    const framer = new ScanFramer('CR');
    expect(framer.push(Buffer.concat([bytes(vialCode), Buffer.from([0xe9, 0x0d])]))).toEqual([
      `${vialCode}é`,
    ]);
  });

  it('with no terminator, holds everything until the idle gap flushes it', () => {
    const framer = new ScanFramer('none');
    expect(framer.push(bytes('AB\r\n'))).toEqual([]);
    expect(framer.push(bytes('CD'))).toEqual([]);
    expect(framer.flush()).toEqual(['AB\r\nCD']);
    expect(framer.flush()).toEqual([]);
  });
});
