import net from 'node:net';
import { ATR, createCardSession, type CardSession } from './card';
import { cards, type CardName, type EmulatedCard } from './cards';

/** vpcd's default port for the first virtual reader ("Virtual PCD 00 00"). */
export const VPCD_PORT = 35963;

export type EmulatorEvent =
  | { type: 'inserted' }
  | { type: 'power'; action: 'off' | 'on' | 'reset' }
  | { type: 'apdu'; count: number; command: string }
  | { type: 'pulled' }
  | { type: 'hung' }
  | { type: 'removed' };

export interface EmulatorOptions {
  host?: string;
  port?: number;
  onEvent?: (event: EmulatorEvent) => void;
}

export interface Emulator {
  /** Puts a card in the virtual reader: connects to vpcd. Resolves once connected. */
  insert(card: CardName | EmulatedCard): Promise<void>;
  /** Takes the card out: closes the connection. */
  remove(): Promise<void>;
  close(): Promise<void>;
}

const CONTROL = { powerOff: 0x00, powerOn: 0x01, reset: 0x02, getAtr: 0x04 } as const;

/**
 * Plays synthetic MyKads to vpcd, the virtual reader inside pcscd. vpcd listens; the card is a TCP
 * client. Every message is a 2-byte big-endian length and a payload: one byte is a control message,
 * more is a command APDU.
 */
export function startEmulator(options: EmulatorOptions = {}): Emulator {
  const { host = '127.0.0.1', port = VPCD_PORT, onEvent = () => {} } = options;
  let socket: net.Socket | null = null;

  const remove = async (): Promise<void> => {
    const current = socket;
    socket = null;
    if (!current || current.destroyed) return;
    await new Promise<void>((resolve) => {
      current.once('close', () => resolve());
      current.destroy();
    });
  };

  const insert = async (which: CardName | EmulatedCard): Promise<void> => {
    await remove();
    const card = typeof which === 'string' ? cards[which] : which;
    const session = createCardSession(card);
    const connection = net.connect({ host, port });
    connection.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      connection.once('connect', () => resolve());
      connection.once('error', reject);
    });
    connection.on('error', () => connection.destroy());
    socket = connection;
    let hung = false;
    let count = 0;
    onEvent({ type: 'inserted' });
    connection.on('close', () => {
      if (socket === connection) socket = null;
      onEvent({ type: 'removed' });
    });
    readFrames(connection, (payload) => {
      if (hung || connection.destroyed) return;
      if (payload.length === 1) {
        const reply = control(payload[0] ?? 0xff, session, onEvent);
        if (reply) connection.write(frame(reply));
        return;
      }
      count += 1;
      onEvent({ type: 'apdu', count, command: Buffer.from(payload).toString('hex') });
      const answer = session.answer(payload);
      if ('reply' in answer) connection.write(frame(answer.reply));
      else if ('pull' in answer) {
        onEvent({ type: 'pulled' });
        connection.destroy();
      } else {
        hung = true;
        onEvent({ type: 'hung' });
      }
    });
  };

  return { insert, remove, close: remove };
}

function control(
  message: number,
  session: CardSession,
  onEvent: (event: EmulatorEvent) => void,
): Uint8Array | null {
  if (message === CONTROL.getAtr) return ATR;
  const action = (
    { [CONTROL.powerOff]: 'off', [CONTROL.powerOn]: 'on', [CONTROL.reset]: 'reset' } as const
  )[message as 0 | 1 | 2];
  if (action) {
    session.reset();
    onEvent({ type: 'power', action });
  }
  return null;
}

function frame(payload: Uint8Array): Buffer {
  const header = Buffer.alloc(2);
  header.writeUInt16BE(payload.length);
  return Buffer.concat([header, payload]);
}

function readFrames(connection: net.Socket, onPayload: (payload: Uint8Array) => void): void {
  let pending = Buffer.alloc(0);
  connection.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2) {
      const length = pending.readUInt16BE(0);
      if (pending.length < 2 + length) return;
      const payload = new Uint8Array(pending.subarray(2, 2 + length));
      pending = pending.subarray(2 + length);
      onPayload(payload);
    }
  });
}
