import { describe, expect, it } from 'vitest';
import { CardReadError } from './errors';
import { PHOTO_FILE_ID } from './layout';
import { commands, readMyKad, type Transmit } from './protocol';
import { SYNTHETIC_MYKAD, addressFileData, identityFileData } from './testing/card-image';

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
const bytes = (text: string): Uint8Array =>
  Uint8Array.from(text.split(' ').filter(Boolean), (pair) => parseInt(pair, 16));
const OK = Uint8Array.of(0x90, 0x00);

interface CardOptions {
  /** Answer this (hex) instead when a command starts with the given hex prefix. */
  override?: { prefix: string; reply: string };
  /** At most this many data bytes per read. */
  maxReply?: number;
}

/** The card side, enough for the reader's sequence: files 1 and 4 of the synthetic card. */
function fakeCard(options: CardOptions = {}): { transmit: Transmit; sent: string[] } {
  const files = new Map([
    [1, identityFileData(SYNTHETIC_MYKAD)],
    [4, addressFileData(SYNTHETIC_MYKAD)],
  ]);
  const sent: string[] = [];
  let selected = { file: 0, offset: 0 };
  const answer = (command: Uint8Array): Uint8Array => {
    const text = hex(command);
    if (options.override && text.startsWith(options.override.prefix)) {
      return bytes(options.override.reply);
    }
    if (text.startsWith('00 a4 04 00')) return bytes('61 05');
    if (text === '00 c0 00 00 05') return bytes('6f 03 82 01 38 90 00');
    if (text.startsWith('c8 32')) return OK;
    if (text.startsWith('cc 00')) {
      selected = { file: command[5] ?? 0, offset: (command[9] ?? 0) | ((command[10] ?? 0) << 8) };
      return OK;
    }
    if (text.startsWith('cc 06')) {
      const data = files.get(selected.file) ?? new Uint8Array();
      const start = selected.offset - 3;
      const length = Math.min(command[4] ?? 0, options.maxReply ?? 0xff);
      return Uint8Array.of(...data.subarray(start, start + length), 0x90, 0x00);
    }
    return bytes('6d 00');
  };
  const transmit: Transmit = async (command) => {
    sent.push(hex(command));
    return answer(command);
  };
  return { transmit, sent };
}

async function codeOf(transmit: Transmit): Promise<string> {
  const result = await readMyKad(transmit);
  return result.ok ? 'ok' : result.code;
}

describe('readMyKad', () => {
  it('selects JPN, then reads file 1 in two chunks and file 4 in one, little-endian', async () => {
    const card = fakeCard();
    const result = await readMyKad(card.transmit);
    expect(card.sent).toEqual([
      '00 a4 04 00 0a a0 00 00 00 74 4a 50 4e 00 10',
      '00 c0 00 00 05',
      'c8 32 00 00 05 08 00 00 f0 00',
      'cc 00 00 00 08 01 00 01 00 03 00 f0 00',
      'cc 06 00 00 f0',
      'c8 32 00 00 05 08 00 00 b5 00',
      'cc 00 00 00 08 01 00 01 00 f3 00 b5 00',
      'cc 06 00 00 b5',
      'c8 32 00 00 05 08 00 00 94 00',
      'cc 00 00 00 08 04 00 01 00 03 00 94 00',
      'cc 06 00 00 94',
    ]);
    expect(result).toEqual({
      ok: true,
      identity: expect.objectContaining({ name: SYNTHETIC_MYKAD.name, docNumber: '900101145672' }),
    });
  });

  it('never selects the photo file', async () => {
    const card = fakeCard();
    await readMyKad(card.transmit);
    const selectedFiles = card.sent
      .filter((c) => c.startsWith('cc 00'))
      .map((c) => c.split(' ')[5]);
    expect(selectedFiles).not.toContain(PHOTO_FILE_ID.toString(16).padStart(2, '0'));
  });

  it('advances by the bytes actually received when the card returns less than asked', async () => {
    const card = fakeCard({ maxReply: 0x80 });
    const result = await readMyKad(card.transmit);
    expect(result.ok && result.identity.address.state).toBe('WILAYAH PERSEKUTUAN');
    expect(card.sent).toContain('cc 00 00 00 08 01 00 01 00 83 00 f0 00');
    expect(card.sent).toContain('cc 00 00 00 08 01 00 01 00 03 01 a5 00');
  });

  it('accepts a select answered 90 00 without a GET RESPONSE', async () => {
    const card = fakeCard({ override: { prefix: '00 a4', reply: '90 00' } });
    expect(await codeOf(card.transmit)).toBe('ok');
    expect(card.sent).not.toContain('00 c0 00 00 05');
  });

  it.each([
    ['6A 82 to the select', '00 a4', '6a 82', 'CARD_NOT_MYKAD'],
    ['69 83 to the select', '00 a4', '69 83', 'CARD_BLOCKED'],
    ['69 83 to a read', 'cc 06', '69 83', 'CARD_BLOCKED'],
    ['a one-byte reply', 'cc 00 00 00 08 04', '90', 'CARD_REMOVED'],
    ['an empty reply', 'cc 06 00 00 b5', '', 'CARD_REMOVED'],
    ['6A 80 to set length', 'c8 32', '6a 80', 'CARD_READ_FAILED'],
    ['6D 00 to GET RESPONSE', '00 c0', '6d 00', 'CARD_READ_FAILED'],
    ['6A 82 to a file select', 'cc 00 00 00 08 04', '6a 82', 'CARD_READ_FAILED'],
    ['a read of no data', 'cc 06', '90 00', 'CARD_READ_FAILED'],
  ])('maps %s', async (_label, prefix, reply, code) => {
    expect(await codeOf(fakeCard({ override: { prefix, reply } }).transmit)).toBe(code);
  });

  it('maps impossible data on the chip to CARD_DATA_INVALID', async () => {
    const card = fakeCard();
    const file = identityFileData({ ...SYNTHETIC_MYKAD, sexByte: 'X' });
    const transmit: Transmit = async (command) =>
      hex(command) === 'cc 06 00 00 b5'
        ? Uint8Array.of(...file.subarray(0xf0), 0x90, 0x00)
        : card.transmit(command);
    expect(await codeOf(transmit)).toBe('CARD_DATA_INVALID');
  });

  it('passes on the code of an adapter failure, and calls any other failure a failed read', async () => {
    const gone: Transmit = async () => {
      throw new CardReadError('READER_GONE');
    };
    const broken: Transmit = async () => {
      throw new Error('driver fault');
    };
    expect(await codeOf(gone)).toBe('READER_GONE');
    expect(await readMyKad(broken)).toEqual({
      ok: false,
      code: 'CARD_READ_FAILED',
      reason: 'driver fault',
    });
  });

  it('builds the commands of MYKAD.md', () => {
    expect(hex(commands.setLength(0x1a5))).toBe('c8 32 00 00 05 08 00 00 a5 01');
    expect(hex(commands.selectInfo(4, 0x0103, 0x20))).toBe(
      'cc 00 00 00 08 04 00 01 00 03 01 20 00',
    );
  });
});
