/**
 * The scan classifier as the console wires it (electron/main, scripts/station): a MyKad number that
 * breaks JPN's rules is refused at the scan, through the device desk and the dispatcher, with the
 * part that is wrong, and the desk's own check of the same text refuses it the same way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { localise } from '../electron/contract/errors';
import { createHarness, type Harness } from '../electron/core/testing/harness';
import { setUpStation } from '../electron/core/testing/scenario';
import { classifyScanNow } from '../electron/devices/scan/classify';

let h: Harness;
afterEach(() => h.close());

async function station(): Promise<Harness> {
  h = createHarness({ classifyScan: (text) => classifyScanNow(text, h.clock.now()) });
  await setUpStation(h);
  return h;
}

describe('a scanned MyKad number', () => {
  it.each([
    [
      '31 February',
      '900231-14-5001',
      'IDENTITY_BIRTH_DATE',
      '900231',
      'tarikh lahir',
      'birth date',
    ],
    [
      'place code 00',
      '900514-00-5001',
      'IDENTITY_PLACE_CODE',
      '00',
      'Kod tempat lahir',
      'place-of-birth code',
    ],
  ])(
    'with %s is refused at the scan, saying which part',
    async (_case, text, code, part, ms, en) => {
      await station();
      const before = h.counts();
      h.app.devices.scannerListener.scan('serial:/dev/ttyUSB0', text);
      const received = h.events.filter((e) => e.event === 'scan.received').at(-1)?.payload as {
        scanId: string;
      };
      const taken = h.ok('desk', 'scan.take', { scanId: received.scanId });
      expect(taken).toEqual({ kind: 'refused', looksLike: 'document', code, params: { part } });
      expect(h.ok('desk', 'scan.classify', { text })).toEqual(taken);
      if (taken.kind !== 'refused') throw new Error('not refused');
      const message = localise(taken.code, taken.params);
      expect(message.ms).toContain(`(${part})`);
      expect(message.ms).toContain(ms);
      expect(message.en).toContain(`(${part})`);
      expect(message.en).toContain(en);

      // Typed at the desk instead, the same number is refused with the same code.
      expect(h.refused('desk', 'identity.check', { docType: 'MYKAD', docNumber: text })).toBe(code);
      expect(h.counts()).toEqual(before);
    },
  );

  it('that keeps the rules is taken as a document', async () => {
    await station();
    expect(h.ok('desk', 'scan.classify', { text: '900514-14-5001' })).toEqual({
      kind: 'document',
      shape: 'mykad',
      number: '900514145001',
    });
  });
});
