// The station's devices, started from its device settings and started again when they change: the
// PC/SC card reader, a serial scanner and a USB HID scanner, each reporting to the core's desk.
import type {
  CardReaderListener,
  CardReaderPort,
  DeviceSettings,
  ScannerPort,
} from '../contract/devices';
import type { ConsoleApp } from '../core/app';
import { createPcscCardReader } from '../devices/mykad/pcsc';
import type { PcscSpawner } from '../devices/mykad/pcsc-messages';
import { HidScanner } from '../devices/hid/hid-scanner';
import { SerialScanner } from '../devices/serial/serial-scanner';

export interface DeviceFactories {
  cardReader(): CardReaderPort;
  serialScanner(settings: DeviceSettings & { serialPath: string }): ScannerPort;
  hidScanner(hid: NonNullable<DeviceSettings['hid']>): ScannerPort;
}

/** The station's real devices; `spawnPcsc` starts the card reader's PC/SC process. */
export const realDevices = (spawnPcsc: PcscSpawner): DeviceFactories => ({
  cardReader: () => createPcscCardReader({ spawn: spawnPcsc }),
  serialScanner: (settings) =>
    new SerialScanner({
      path: settings.serialPath,
      baudRate: settings.serialBaudRate,
      terminator: settings.serialTerminator,
    }),
  hidScanner: (hid) => new HidScanner(hid),
});

/** Only the reader the settings name reports, when one is named. */
function forReader(name: string | null, listener: CardReaderListener): CardReaderListener {
  if (name === null) return listener;
  const ours = (readerId: string) => readerId === `pcsc:${name}`;
  return {
    status: (status) => {
      if (status.kind !== 'card-reader' || ours(status.id) || !status.id.startsWith('pcsc:')) {
        listener.status(status);
      }
    },
    reading: (readerId) => {
      if (ours(readerId)) listener.reading(readerId);
    },
    read: (result) => {
      if (ours(result.readerId)) listener.read(result);
    },
  };
}

export function runStationDevices(ppv: ConsoleApp, factories: DeviceFactories) {
  let running: Array<CardReaderPort | ScannerPort> = [];
  let restarting: Promise<void> = Promise.resolve();

  async function start(settings: DeviceSettings): Promise<void> {
    const reader = factories.cardReader();
    const ports: Array<{ port: CardReaderPort | ScannerPort; begin: () => Promise<void> }> = [
      {
        port: reader,
        begin: () => reader.start(forReader(settings.cardReader, ppv.devices.cardListener)),
      },
    ];
    if (settings.serialPath !== null) {
      const serial = factories.serialScanner({ ...settings, serialPath: settings.serialPath });
      ports.push({ port: serial, begin: () => serial.start(ppv.devices.scannerListener) });
    }
    if (settings.hid !== null) {
      const hid = factories.hidScanner(settings.hid);
      ports.push({ port: hid, begin: () => hid.start(ppv.devices.scannerListener) });
    }
    running = ports.map(({ port }) => port);
    await Promise.all(
      ports.map(({ begin }) =>
        begin().catch((error: unknown) =>
          console.error('[devices] a device failed to start', error),
        ),
      ),
    );
  }

  async function stopAll(): Promise<void> {
    const stopping = running;
    running = [];
    await Promise.all(stopping.map((port) => port.stop().catch(() => undefined)));
  }

  const stopEvents = ppv.onEvent((event, payload) => {
    if (event !== 'device.settingsChanged') return;
    restarting = restarting.then(async () => {
      await stopAll();
      await start(payload as DeviceSettings);
    });
  });
  restarting = start(ppv.deviceSettings());

  return {
    async stop(): Promise<void> {
      stopEvents();
      await restarting;
      await stopAll();
    },
  };
}
