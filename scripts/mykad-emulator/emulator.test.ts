import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readMyKad, type Transmit } from '../../electron/devices/mykad/protocol';
import { ATR, createCardSession } from './card';
import { cards, type CardName } from './cards';
import { startEmulator, type Emulator, type EmulatorEvent } from './vpcd';

function transmitTo(name: CardName): Transmit {
  const session = createCardSession(cards[name]);
  return async (command) => {
    const answer = session.answer(command);
    if ('reply' in answer) return answer.reply;
    if ('pull' in answer) return new Uint8Array();
    throw new Error('the card stopped answering');
  };
}

const hex = (text: string): Uint8Array =>
  Uint8Array.from(Buffer.from(text.replace(/ /g, ''), 'hex'));

describe('the emulated cards, read by the reader protocol', () => {
  it('plays a normal card', async () => {
    const result = await readMyKad(transmitTo('normal'));
    expect(result.ok && result.identity.docNumber).toBe('900101145672');
  });

  it('plays a 150-character, NUL-padded name', async () => {
    const result = await readMyKad(transmitTo('long-name'));
    expect(result.ok && result.identity.name).toHaveLength(150);
    expect(result.ok && result.identity.address.lines).toEqual(['LOT 12 JALAN CONTOH']);
  });

  it('plays an old chip that refuses more than 0xF0 bytes but reads in 0xF0 chunks', async () => {
    const card = createCardSession(cards['old-chip']);
    const reply = (command: string): string => {
      const answer = card.answer(hex(command));
      return 'reply' in answer ? Buffer.from(answer.reply).toString('hex') : 'none';
    };
    reply('00 a4 04 00 0a a0 00 00 00 74 4a 50 4e 00 10');
    expect(reply('c8 32 00 00 05 08 00 00 fc 00')).toBe('6a80');
    expect(reply('c8 32 00 00 05 08 00 00 f0 00')).toBe('9000');
    reply('cc 00 00 00 08 01 00 01 00 03 00 f0 00');
    expect(reply('cc 06 00 00 fc')).toBe('6cf0');
    expect((await readMyKad(transmitTo('old-chip'))).ok).toBe(true);
  });

  it.each<[CardName, string]>([
    ['not-mykad', 'CARD_NOT_MYKAD'],
    ['blocked', 'CARD_BLOCKED'],
    ['pulled', 'CARD_REMOVED'],
  ])('plays %s', async (name, code) => {
    expect(await readMyKad(transmitTo(name))).toMatchObject({ ok: false, code });
  });

  it.each<[CardName, string, 'M' | 'F', string]>([
    ['sex-mismatch', '900101145671', 'F', '1990-01-01'],
    ['bad-place-code', '900101005672', 'F', '1990-01-01'],
    ['birth-date-mismatch', '900102145672', 'F', '1990-01-01'],
  ])(
    'plays %s: the chip disagrees with itself, and the reader passes it on',
    async (name, docNumber, sex, birthDate) => {
      const result = await readMyKad(transmitTo(name));
      expect(result.ok && result.identity).toMatchObject({ docNumber, sex, birthDate });
    },
  );
});

describe('the vpcd connection', () => {
  let server: net.Server;
  let emulator: Emulator;

  afterEach(async () => {
    await emulator.close();
    await new Promise((resolve) => server.close(resolve));
  });

  /** A stand-in for vpcd: accepts the card and exchanges framed messages with it. */
  async function fakeVpcd(): Promise<{ port: number; card: Promise<net.Socket> }> {
    let accept: (socket: net.Socket) => void = () => {};
    const card = new Promise<net.Socket>((resolve) => (accept = resolve));
    server = net.createServer(accept);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as net.AddressInfo).port, card };
  }

  function exchange(socket: net.Socket, payload: Uint8Array): Promise<Buffer> {
    return new Promise((resolve) => {
      socket.once('data', resolve);
      const header = Buffer.alloc(2);
      header.writeUInt16BE(payload.length);
      socket.write(Buffer.concat([header, payload]));
    });
  }

  it('answers the ATR and APDUs framed by a big-endian length, and hangs up when removed', async () => {
    const vpcd = await fakeVpcd();
    const events: EmulatorEvent[] = [];
    emulator = startEmulator({ port: vpcd.port, onEvent: (event) => events.push(event) });
    await emulator.insert('normal');
    const socket = await vpcd.card;
    socket.write(Buffer.of(0x00, 0x01, 0x01)); // power on: no answer
    expect(await exchange(socket, Uint8Array.of(0x04))).toEqual(
      Buffer.concat([Buffer.of(0x00, ATR.length), ATR]),
    );
    const select = hex('00 a4 04 00 0a a0 00 00 00 74 4a 50 4e 00 10');
    expect((await exchange(socket, select)).toString('hex')).toBe('00026105');
    const closed = new Promise((resolve) => socket.once('end', resolve));
    await emulator.remove();
    await closed;
    expect(events.map((event) => event.type)).toEqual(['inserted', 'power', 'apdu', 'removed']);
  });

  it('drops the connection when a pulled card is asked once too often', async () => {
    const vpcd = await fakeVpcd();
    emulator = startEmulator({ port: vpcd.port });
    await emulator.insert({ ...cards.normal, pullAfterApdus: 0 });
    const socket = await vpcd.card;
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(Buffer.of(0x00, 0x05, 0x00, 0xc0, 0x00, 0x00, 0x05));
    await closed;
  });
});
