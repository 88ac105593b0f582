// A station's devices, started from its device settings and started again when they change: the
// PC/SC card reader, a serial scanner and a USB HID scanner. At the hub they report to its console;
// at a desk, to the desk's link, which relays them to the hub.
import type {
  CardReaderListener,
  CardReaderPort,
  DeviceSettings,
  DeviceStatus,
  ScannerListener,
  ScannerPort,
} from '../contract/devices';
import { createPcscCardReader } from '../devices/mykad/pcsc';
import type { PcscSpawner } from '../devices/mykad/pcsc-messages';
import { HidScanner } from '../devices/hid/hid-scanner';
import { SerialScanner } from '../devices/serial/serial-scanner';

export interface DeviceFactories {
  cardReader(): CardReaderPort;
  serialScanner(settings: DeviceSettings & { serialPath: string }): ScannerPort;
  hidScanner(hid: NonNullable<DeviceSettings['hid']>): ScannerPort;
}

/** Where a station's adapters report, and the settings they run with. */
export interface DeviceSink {
  cardListener: CardReaderListener;
  scannerListener: ScannerListener;
  settings(): DeviceSettings;
  onSettingsChanged(listener: (settings: DeviceSettings) => void): () => void;
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

const isReader = (id: string) => id.startsWith('pcsc:');

/**
 * Only one reader reports: the one the settings name, or, when none is named, the first reader
 * present (the next one present takes over when it goes). The PC/SC service's own state passes.
 */
export function forReader(name: string | null, listener: CardReaderListener): CardReaderListener {
  /** Readers present, in the order they came. */
  const present = new Set<string>();
  const lastStatus = new Map<string, DeviceStatus>();
  const ours = (): string | undefined =>
    name === null ? present.values().next().value : `pcsc:${name}`;
  return {
    status: (status) => {
      if (status.kind !== 'card-reader' || !isReader(status.id)) return listener.status(status);
      const before = ours();
      lastStatus.set(status.id, status);
      if (status.state === 'absent') present.delete(status.id);
      else present.add(status.id);
      const now = ours();
      if (status.id === now || status.id === before) listener.status(status);
      if (now !== before && now !== undefined && now !== status.id) {
        const taking = lastStatus.get(now);
        if (taking) listener.status(taking);
      }
    },
    reading: (readerId) => {
      if (readerId === ours()) listener.reading(readerId);
    },
    read: (result) => {
      if (result.readerId === ours()) listener.read(result);
    },
  };
}

export function runStationDevices(sink: DeviceSink, factories: DeviceFactories) {
  let running: Array<CardReaderPort | ScannerPort> = [];
  let restarting: Promise<void> = Promise.resolve();

  async function start(settings: DeviceSettings): Promise<void> {
    const reader = factories.cardReader();
    const ports: Array<{ port: CardReaderPort | ScannerPort; begin: () => Promise<void> }> = [
      {
        port: reader,
        begin: () => reader.start(forReader(settings.cardReader, sink.cardListener)),
      },
    ];
    if (settings.serialPath !== null) {
      const serial = factories.serialScanner({ ...settings, serialPath: settings.serialPath });
      ports.push({ port: serial, begin: () => serial.start(sink.scannerListener) });
    }
    if (settings.hid !== null) {
      const hid = factories.hidScanner(settings.hid);
      ports.push({ port: hid, begin: () => hid.start(sink.scannerListener) });
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

  const stopWatching = sink.onSettingsChanged((settings) => {
    restarting = restarting.then(async () => {
      await stopAll();
      await start(settings);
    });
  });
  restarting = start(sink.settings());

  return {
    async stop(): Promise<void> {
      stopWatching();
      await restarting;
      await stopAll();
    },
  };
}
