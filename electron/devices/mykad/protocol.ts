import type { CardReadFailure, MyKadIdentity } from '../ports';
import { CardReadError } from './errors';
import { ADDRESS_FILE, FILE_DATA_OFFSET, IDENTITY_FILE, JPN_AID, MAX_CHUNK } from './layout';
import { parseMyKad } from './parse';

/**
 * Sends one command APDU to the card and resolves with its response APDU (data + SW1 SW2). An
 * adapter may reject with a CardReadError to say why the card cannot answer (removed, reader gone).
 */
export type Transmit = (apdu: Uint8Array) => Promise<Uint8Array>;

export type MyKadReadResult =
  { ok: true; identity: MyKadIdentity } | { ok: false; code: CardReadFailure; reason: string };

/** The command APDUs of MYKAD.md; lengths and offsets little-endian. */
export const commands = {
  selectApplet: (aid: Uint8Array): Uint8Array =>
    Uint8Array.of(0x00, 0xa4, 0x04, 0x00, aid.length, ...aid),
  getResponse: (length: number): Uint8Array => Uint8Array.of(0x00, 0xc0, 0x00, 0x00, length),
  setLength: (length: number): Uint8Array =>
    Uint8Array.of(0xc8, 0x32, 0x00, 0x00, 0x05, 0x08, 0x00, 0x00, ...littleEndian(length)),
  selectInfo: (file: number, offset: number, length: number): Uint8Array =>
    Uint8Array.of(
      0xcc,
      0x00,
      0x00,
      0x00,
      0x08,
      file,
      0x00,
      0x01,
      0x00,
      ...littleEndian(offset),
      ...littleEndian(length),
    ),
  read: (length: number): Uint8Array => Uint8Array.of(0xcc, 0x06, 0x00, 0x00, length),
};

const SW_OK = 0x9000;
const SW_NOT_FOUND = 0x6a82;
const SW_BLOCKED = 0x6983;

/**
 * Reads the identity (file 1) and address (file 4) of the JPN applet; never the photo. Every
 * failure becomes a code; nothing of a failed read is returned.
 */
export async function readMyKad(transmit: Transmit): Promise<MyKadReadResult> {
  try {
    await selectJpnApplet(transmit);
    const identityFile = await readFile(transmit, IDENTITY_FILE.id, IDENTITY_FILE.length);
    const addressFile = await readFile(transmit, ADDRESS_FILE.id, ADDRESS_FILE.length);
    return { ok: true, identity: parseMyKad(identityFile, addressFile) };
  } catch (error) {
    if (error instanceof CardReadError)
      return { ok: false, code: error.code, reason: error.message };
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'CARD_READ_FAILED', reason };
  }
}

interface Response {
  data: Uint8Array;
  status: number;
}

async function exchange(transmit: Transmit, command: Uint8Array): Promise<Response> {
  const reply = await transmit(command);
  if (reply.length < 2) throw new CardReadError('CARD_REMOVED', 'reply without a status word');
  const status = ((reply[reply.length - 2] ?? 0) << 8) | (reply[reply.length - 1] ?? 0);
  return { data: reply.subarray(0, reply.length - 2), status };
}

function requireOk({ status }: Response, step: string): void {
  if (status === SW_OK) return;
  const code = status === SW_BLOCKED ? 'CARD_BLOCKED' : 'CARD_READ_FAILED';
  throw new CardReadError(code, `${step}: status ${status.toString(16).padStart(4, '0')}`);
}

async function selectJpnApplet(transmit: Transmit): Promise<void> {
  let response = await exchange(transmit, commands.selectApplet(JPN_AID));
  if (response.status === SW_NOT_FOUND) {
    throw new CardReadError('CARD_NOT_MYKAD', 'the JPN applet is not on this card');
  }
  if (response.status >> 8 === 0x61) {
    response = await exchange(transmit, commands.getResponse(response.status & 0xff));
  }
  requireOk(response, 'select JPN');
}

async function readFile(transmit: Transmit, file: number, length: number): Promise<Uint8Array> {
  const contents = new Uint8Array(length);
  let received = 0;
  while (received < length) {
    const ask = Math.min(MAX_CHUNK, length - received);
    requireOk(await exchange(transmit, commands.setLength(ask)), `file ${file} set length`);
    const offset = FILE_DATA_OFFSET + received;
    requireOk(
      await exchange(transmit, commands.selectInfo(file, offset, ask)),
      `file ${file} select`,
    );
    const response = await exchange(transmit, commands.read(ask));
    requireOk(response, `file ${file} read`);
    if (response.data.length === 0) {
      throw new CardReadError('CARD_READ_FAILED', `file ${file} read: no data`);
    }
    const chunk = response.data.subarray(0, ask);
    contents.set(chunk, received);
    received += chunk.length;
  }
  return contents;
}

function littleEndian(value: number): [number, number] {
  return [value & 0xff, (value >> 8) & 0xff];
}
