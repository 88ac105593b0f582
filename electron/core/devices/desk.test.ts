/**
 * The device desk: what card reads, scans and device states become for the screens. The adapters
 * and the real classifier are tested with the devices; here a card read arrives as the port
 * delivers it, and the classifier is the one-line function the composition root would pass.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MyKadIdentity } from '../../contract/devices';
import type { ScanResult } from '../../contract/scan';
import { createHarness, type Harness } from '../testing/harness';
import { setUpStation } from '../testing/scenario';
import { HELD_FOR_MS } from './desk';

let h: Harness;
afterEach(() => h.close());

/** A synthetic card holder: the number's date is the birth date, its odd last digit says male. */
const chip: MyKadIdentity = {
  name: 'AHMAD BIN UJIAN',
  docNumber: '900514145001',
  sex: 'M',
  birthDate: '1990-05-14',
  citizenship: 'WARGANEGARA',
  address: {
    lines: ['NO 1 JALAN UJIAN', 'TAMAN CONTOH', ''],
    postcode: '50450',
    city: 'KUALA LUMPUR',
    state: 'W. PERSEKUTUAN(KL)',
  },
};

const documentScan: ScanResult = { kind: 'document', shape: 'mykad', number: '900514145001' };
const refusedDocumentScan: ScanResult = {
  kind: 'refused',
  looksLike: 'document',
  code: 'IDENTITY_BIRTH_DATE',
  params: { part: '900231' },
};

async function station() {
  h = createHarness({
    classifyScan: (text) =>
      text === 'doc'
        ? documentScan
        : text === 'bad doc'
          ? refusedDocumentScan
          : { kind: 'unrecognised' },
  });
  await setUpStation(h);
  return h;
}

function lastEvent(name: string) {
  return h.events.filter((e) => e.event === name).at(-1)?.payload as Record<string, unknown>;
}

describe('card reads', () => {
  it('holds a good read for the desk, telling the screens only that it is there', async () => {
    await station();
    const before = h.counts();
    h.app.devices.cardListener.reading('pcsc:Virtual PCD');
    expect(lastEvent('card.changed')).toEqual({
      readerId: 'pcsc:Virtual PCD',
      state: 'reading',
      readId: null,
      error: null,
    });
    h.app.devices.cardListener.read({ ok: true, readerId: 'pcsc:Virtual PCD', identity: chip });

    const event = lastEvent('card.changed');
    expect(event).toMatchObject({ state: 'read', error: null });
    expect(JSON.stringify(h.events)).not.toContain('900514');
    expect(JSON.stringify(h.events)).not.toContain('AHMAD');

    const identity = h.ok('desk', 'card.take', { readId: String(event['readId']) });
    expect(identity).toEqual({
      docType: 'MYKAD',
      docNumber: '900514145001',
      fullName: 'AHMAD BIN UJIAN',
      birthDate: '1990-05-14',
      sex: 'M',
      nationality: 'MYS',
      addressLine: 'NO 1 JALAN UJIAN, TAMAN CONTOH, KUALA LUMPUR',
      postcode: '50450',
      // The chip's 'W. PERSEKUTUAN(KL)' as the registration stores it.
      state: 'W.P. Kuala Lumpur',
      warnings: ['CHECK_DIGIT'],
    });
    expect(h.refused('desk', 'card.take', { readId: String(event['readId']) })).toBe(
      'CARD_READ_GONE',
    );
    expect(h.counts()).toEqual(before);
  });

  it.each<[string, Partial<MyKadIdentity>, string]>([
    ['a number whose sex digit disagrees with the sex byte', { sex: 'F' }, 'IDENTITY_SEX_MISMATCH'],
    [
      'a number whose date is not the chip’s birth date',
      { birthDate: '1990-05-15' },
      'IDENTITY_BIRTH_DATE_MISMATCH',
    ],
    ['a number with an invalid place code', { docNumber: '900514005001' }, 'IDENTITY_PLACE_CODE'],
    [
      'a number that is no date',
      { docNumber: '901314145001', birthDate: '1990-12-14' },
      'IDENTITY_BIRTH_DATE',
    ],
  ])('refuses %s, keeping nothing', async (_name, change, code) => {
    await station();
    const before = h.counts();
    h.app.devices.cardListener.read({
      ok: true,
      readerId: 'pcsc:Virtual PCD',
      identity: { ...chip, ...change },
    });
    const event = lastEvent('card.changed');
    expect(event).toMatchObject({ state: 'failed', readId: null, error: { code } });
    expect(
      (event['error'] as { message: { ms: string; en: string } }).message.ms.length,
    ).toBeGreaterThan(0);
    expect(h.counts()).toEqual(before);
  });

  it('forgets a read nobody took after two minutes', async () => {
    await station();
    h.app.devices.cardListener.read({ ok: true, readerId: 'r', identity: chip });
    const readId = String(lastEvent('card.changed')['readId']);
    h.clock.advance(HELD_FOR_MS);
    expect(h.refused('desk', 'card.take', { readId })).toBe('CARD_READ_GONE');
  });

  it('gives a read only to the clerk and the vaccinator', async () => {
    await station();
    await h.staff('adm2', ['admin'], 'ADM02');
    h.app.devices.cardListener.read({ ok: true, readerId: 'r', identity: chip });
    const readId = String(lastEvent('card.changed')['readId']);
    expect(h.refused('mgr', 'card.take', { readId })).toBe('FORBIDDEN');
    expect(h.ok('vax', 'card.take', { readId }).docNumber).toBe('900514145001');
  });
});

describe('scans and device states', () => {
  it('pushes a scanned document number masked, and gives it whole to whoever takes it', async () => {
    await station();
    h.app.devices.scannerListener.scan('serial:/dev/ttyUSB0', 'doc');
    const event = lastEvent('scan.received');
    expect(event).toMatchObject({
      deviceId: 'serial:/dev/ttyUSB0',
      result: { kind: 'document', shape: 'mykad', number: '********5001' },
    });
    expect(h.ok('desk', 'scan.take', { scanId: String(event['scanId']) })).toEqual(documentScan);
    h.clock.advance(HELD_FOR_MS);
    expect(h.refused('desk', 'scan.take', { scanId: String(event['scanId']) })).toBe('SCAN_GONE');
    expect(h.ok('desk', 'scan.classify', { text: 'anything' })).toEqual({ kind: 'unrecognised' });
  });

  it('pushes a refused document number without its digits, and gives the reason to its taker', async () => {
    await station();
    h.app.devices.scannerListener.scan('serial:/dev/ttyUSB0', 'bad doc');
    const event = lastEvent('scan.received');
    expect(event['result']).toEqual({ ...refusedDocumentScan, params: {} });
    expect(JSON.stringify(h.events)).not.toContain('900231');
    expect(h.ok('desk', 'scan.take', { scanId: String(event['scanId']) })).toEqual(
      refusedDocumentScan,
    );
  });

  it('keeps each device’s state and tells the screens when it changes', async () => {
    await station();
    const reader = {
      id: 'pcsc:Virtual PCD',
      kind: 'card-reader' as const,
      name: 'Virtual PCD',
      state: 'ready' as const,
      code: null,
    };
    h.app.devices.cardListener.status(reader);
    h.app.devices.cardListener.status(reader);
    h.app.devices.scannerListener.status({
      id: 'serial:/dev/ttyUSB0',
      kind: 'serial-scanner',
      name: '/dev/ttyUSB0',
      state: 'absent',
      code: null,
    });
    expect(h.events.filter((e) => e.event === 'device.changed')).toHaveLength(2);
    expect(h.ok('desk', 'device.status', {}).map((d) => `${d.id} ${d.state}`)).toEqual([
      'pcsc:Virtual PCD ready',
      'serial:/dev/ttyUSB0 absent',
    ]);
  });
});

describe('device settings', () => {
  it('start with the first card reader and no scanners, and only the admin changes them', async () => {
    await station();
    expect(h.ok('admin', 'device.settings', {})).toEqual({
      cardReader: null,
      serialPath: null,
      serialBaudRate: 9600,
      serialTerminator: 'CR',
      hid: null,
    });
    const wanted = {
      cardReader: 'ACS ACR39U ICC Reader 00 00',
      serialPath: '/dev/ttyUSB0',
      serialBaudRate: 115200,
      serialTerminator: 'CRLF' as const,
      hid: { vendorId: 0x0c2e, productId: 0x0b61, mode: 'pos' as const },
    };
    expect(h.refused('mgr', 'device.updateSettings', wanted)).toBe('FORBIDDEN');
    expect(h.ok('admin', 'device.updateSettings', wanted)).toEqual(wanted);
    expect(h.ok('admin', 'device.settings', {})).toEqual(wanted);
    expect(lastEvent('device.settingsChanged')).toEqual(wanted);
    expect(h.ok('admin', 'audit.list', { limit: 1 }).items[0]).toMatchObject({
      action: 'device.updateSettings',
      entityType: 'device_settings',
    });
  });

  it('refuse a baud rate no scanner uses, writing nothing', async () => {
    await station();
    const before = h.counts();
    expect(
      h.refused('admin', 'device.updateSettings', {
        cardReader: null,
        serialPath: '/dev/ttyUSB0',
        serialBaudRate: 300,
        serialTerminator: 'CR',
        hid: null,
      }),
    ).toBe('INVALID_INPUT');
    expect(h.counts()).toEqual(before);
  });
});

describe('the wedge scanner’s GS key', () => {
  it('is set once for the station by a manager or admin, audited, and read by every screen there', async () => {
    await station();
    expect(h.ok('vax', 'device.wedgeSettings', {})).toEqual({ groupSeparatorKey: null });
    expect(h.ok('mgr', 'device.setWedgeGsKey', { groupSeparatorKey: 'F8' })).toEqual({
      groupSeparatorKey: 'F8',
    });
    expect(lastEvent('device.wedgeChanged')).toEqual({ groupSeparatorKey: 'F8' });
    for (const connection of ['desk', 'vax', 'mgr', 'admin']) {
      expect(h.ok(connection, 'device.wedgeSettings', {})).toEqual({ groupSeparatorKey: 'F8' });
    }
    expect(h.ok('admin', 'audit.list', { limit: 1 }).items[0]).toMatchObject({
      action: 'device.setWedgeGsKey',
      entityType: 'device_settings',
      detail: { groupSeparatorKey: 'F8' },
    });
    expect(h.ok('admin', 'device.setWedgeGsKey', { groupSeparatorKey: null })).toEqual({
      groupSeparatorKey: null,
    });
  });

  it('survives the admin saving the station’s other device settings, and they it', async () => {
    await station();
    h.ok('mgr', 'device.setWedgeGsKey', { groupSeparatorKey: 'Control+\\' });
    const settings = {
      cardReader: null,
      serialPath: '/dev/ttyUSB0',
      serialBaudRate: 9600,
      serialTerminator: 'CR' as const,
      hid: null,
    };
    h.ok('admin', 'device.updateSettings', settings);
    expect(h.ok('vax', 'device.wedgeSettings', {})).toEqual({ groupSeparatorKey: 'Control+\\' });
    h.ok('mgr', 'device.setWedgeGsKey', { groupSeparatorKey: '~' });
    expect(h.ok('admin', 'device.settings', {})).toEqual(settings);
  });

  it('cannot be changed by a clerk or a vaccinator, nor read before signing in', async () => {
    await station();
    for (const connection of ['desk', 'vax']) {
      const before = h.counts();
      expect(h.refused(connection, 'device.setWedgeGsKey', { groupSeparatorKey: 'F8' })).toBe(
        'FORBIDDEN',
      );
      expect(h.counts()['device_settings']).toBe(before['device_settings']);
    }
    expect(h.ok('vax', 'device.wedgeSettings', {})).toEqual({ groupSeparatorKey: null });
    expect(h.refused('nobody', 'device.wedgeSettings', {})).toBe('UNAUTHENTICATED');
  });

  it.each(['1', 'A', 'z', '-', '_', ':', ' ', 'Enter', 'Tab', 'Shift', 'Backspace', 'Control+'])(
    'refuses %j, a key that is part of codes, ends a scan or modifies, writing nothing',
    async (key) => {
      await station();
      const before = h.counts();
      const refusal = h.refusal('mgr', 'device.setWedgeGsKey', { groupSeparatorKey: key });
      expect(refusal.code).toBe('GS_KEY_NOT_ALLOWED');
      expect(refusal.message.en).toContain(`The key ${key} cannot stand for GS`);
      expect(refusal.message.ms).toContain(`Kekunci ${key} tidak boleh mewakili GS`);
      expect(h.counts()).toEqual(before);
    },
  );

  it.each(['F8', 'Insert', '~', '|', '§', 'Control+]', 'Control+\\', 'Control+F2'])(
    'takes %j',
    async (key) => {
      await station();
      expect(h.ok('mgr', 'device.setWedgeGsKey', { groupSeparatorKey: key })).toEqual({
        groupSeparatorKey: key,
      });
    },
  );
});
