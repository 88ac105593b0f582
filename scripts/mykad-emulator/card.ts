import { FILE_DATA_OFFSET, JPN_AID } from '../../electron/devices/mykad/layout';
import { addressFileData, identityFileData } from '../../electron/devices/mykad/testing/card-image';
import type { EmulatedCard } from './cards';

/** A synthetic ATR (T=0, historical bytes "MYKAD" 90 00): MyKads in the field have several. */
export const ATR = Uint8Array.of(0x3b, 0x67, 0x00, 0x00, 0x4d, 0x59, 0x4b, 0x41, 0x44, 0x90, 0x00);

/** What the card does with one command: answer it, or go silent or away instead. */
export type CardAnswer = { reply: Uint8Array } | { pull: true } | { hang: true };

export interface CardSession {
  answer(command: Uint8Array): CardAnswer;
  /** Power off, power on or reset: the applet is deselected. */
  reset(): void;
}

const sw = (status: number): Uint8Array => Uint8Array.of(status >> 8, status & 0xff);
const SELECT_FCI = Uint8Array.of(0x6f, 0x03, 0x82, 0x01, 0x38);

/**
 * The card side of MYKAD.md's sequence. Files 1 and 4 hold the synthetic card's data; the photo
 * file holds zeros, so a read of it is visible but harmless.
 */
export function createCardSession(card: EmulatedCard): CardSession {
  const files = new Map<number, Uint8Array>();
  if (card.mykad) {
    files.set(1, identityFileData(card.mykad));
    files.set(2, new Uint8Array(0x0fa0));
    files.set(4, addressFileData(card.mykad));
  }
  let answered = 0;
  let appletSelected = false;
  let pendingResponse: Uint8Array | null = null;
  let setLength = 0;
  let selection: { file: Uint8Array; offset: number; length: number } | null = null;

  const respond = (apdu: Uint8Array): Uint8Array => {
    const [cla, ins, p1, p2, lc] = apdu;
    const header = [cla, ins, p1, p2].map((b) => (b ?? 0).toString(16).padStart(2, '0')).join('');
    const body = apdu.subarray(5);
    switch (header) {
      case '00a40400': {
        if (!card.mykad || !sameBytes(body.subarray(0, lc), JPN_AID)) return sw(0x6a82);
        if (card.selectStatus !== undefined) return sw(card.selectStatus);
        appletSelected = true;
        pendingResponse = SELECT_FCI;
        return sw(0x6100 | SELECT_FCI.length);
      }
      case '00c00000': {
        if (!pendingResponse) return sw(0x6a86);
        const reply = Uint8Array.of(...pendingResponse.subarray(0, lc), 0x90, 0x00);
        pendingResponse = null;
        return reply;
      }
      case 'c8320000': {
        if (!appletSelected) return sw(0x6a82);
        if (lc !== 5 || !sameBytes(body.subarray(0, 3), Uint8Array.of(0x08, 0x00, 0x00))) {
          return sw(0x6a80);
        }
        const length = littleEndian(body, 3);
        if (length > card.maxChunk) return sw(0x6a80);
        setLength = length;
        return sw(0x9000);
      }
      case 'cc000000': {
        const file = files.get(body[0] ?? 0);
        if (!appletSelected || lc !== 8) return sw(0x6a86);
        if (!file) return sw(0x6a82);
        selection = { file, offset: littleEndian(body, 4), length: littleEndian(body, 6) };
        return sw(0x9000);
      }
      case 'cc060000': {
        const asked = lc ?? 0;
        if (!selection || asked > card.maxChunk) return sw(0x6c00 | Math.min(card.maxChunk, 0xff));
        const start = selection.offset - FILE_DATA_OFFSET;
        const length = Math.min(asked, setLength, selection.length);
        return Uint8Array.of(...selection.file.subarray(start, start + length), 0x90, 0x00);
      }
      default:
        return sw(card.mykad ? 0x6d00 : 0x6e00);
    }
  };

  return {
    answer(command) {
      if (card.pullAfterApdus !== undefined && answered >= card.pullAfterApdus)
        return { pull: true };
      if (card.hangAfterApdus !== undefined && answered >= card.hangAfterApdus)
        return { hang: true };
      answered += 1;
      return { reply: respond(command) };
    },
    reset() {
      appletSelected = false;
      pendingResponse = null;
      selection = null;
    },
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

function littleEndian(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}
