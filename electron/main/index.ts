// The Electron composition root: log, the station's role (hub, desk, or the first run's choice:
// station-role.ts decides), and for a hub the restore, key, database, console, devices, backups
// and the desks' server on the network (lan-hub.ts), for a desk its client of the hub and its devices; window, IPC, updater. Nothing else.
import { app, dialog } from 'electron';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/open';
import { applyPendingRestore } from '../../db/restore';
import { createConsole } from '../core/app';
import { HUB_STATION } from '../core/desks/registry';
import { systemClock } from '../core/shared/clock';
import { classifyScanNow } from '../devices/scan/classify';
import { debuggingSwitch } from './debugging';
import { createDeskClient, pairWithHub, type DeskIdentity } from '../station/desk-client';
import { startAppHub } from '../station/lan-hub';
import { multicastAnnouncer } from '../station/mdns';
import { realDevices, runStationDevices } from './devices';
import { openFileLog } from './file-log';
import { registerIpc } from './ipc';
import { KeyStoreUnavailableError, keyStoreSecrets, loadDatabaseKey } from './key-store';
import { bundledMigrations } from './migrations';
import { utilityPcscSpawner } from './pcsc-process';
import { startStation, type StationRuntime } from './station-role';
import { startUpdater } from './updater';
import { createMainWindow, hardenApp, rendererDir } from './window';

/** Chromium's debugging switches have no fuse: an installed console refuses to run with them. */
const chromiumDebugSwitches = ['remote-debugging-port', 'remote-debugging-pipe', 'inspect'];

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const fileLog = await openFileLog(path.join(userData, 'logs'));
  const log = fileLog.logger;
  const databaseFile = path.join(userData, 'ppv.db');
  const stationId = `electron:${os.hostname()}`;
  const devicesHere = realDevices(utilityPcscSpawner);
  const secrets = keyStoreSecrets(path.join(userData, 'secrets'));

  /** The PPV's hub: the database and every service over it, this PC's devices reporting to it. */
  const openHub = async (): Promise<StationRuntime> => {
    // A restore confirmed before the last quit takes the database's place before it opens.
    const restored = applyPendingRestore(databaseFile, new Date());
    const key = await loadDatabaseKey(databaseFile);
    const db = openDatabase({
      file: databaseFile,
      key,
      migrations: bundledMigrations,
      checkpoints: 'background',
      onBackgroundError: (message) => log.error('db.checkpointFailed', { message }),
    });
    key.fill(0);
    const ppv = createConsole({
      db,
      clock: systemClock,
      stationId,
      classifyScan: classifyScanNow,
      log,
      backup: {
        logFiles: fileLog.files,
        restart: () => {
          app.relaunch();
          app.quit();
        },
      },
    });
    ppv.backups.recordRestoreAtStart(restored);
    log.info('hub.opened', { restore: restored.kind });
    const devices = runStationDevices(ppv.stationDevices(HUB_STATION), devicesHere);
    // Desks pair over TLS on this PC's private addresses; without one, the hub is this window only.
    const network = await startAppHub({
      app: ppv,
      store: secrets,
      rendererDir,
      hostname: os.hostname(),
      stationId,
      announce: multicastAnnouncer,
      interfaces: os.networkInterfaces(),
      environment: process.env,
      log,
      caFile: path.join(userData, 'hub-ca.crt'),
    });
    ppv.startUploads();
    ppv.startClockWatch();
    ppv.startAnchoring();
    ppv.backups.start();
    return {
      dispatch: ppv.dispatch,
      onEventFor: ppv.onEventFor,
      endConnection: ppv.endConnection,
      dayOpen: ppv.dayOpen,
      close: async () => {
        await network?.close();
        await devices.stop();
        await ppv.close();
      },
    };
  };

  /** A desk of the hub: no records here, its devices reporting to the hub over its link. */
  const openDesk = async (
    identity: DeskIdentity,
    keep: (identity: DeskIdentity) => Promise<void>,
  ): Promise<StationRuntime> => {
    const desk = createDeskClient({ identity, keep, log });
    const devices = runStationDevices(desk.devices, devicesHere);
    return {
      dispatch: desk.dispatch,
      onEventFor: desk.onEventFor,
      endConnection: desk.endConnection,
      dayOpen: desk.dayOpen,
      close: () => devices.stop().then(() => desk.close()),
    };
  };

  const station = await startStation({
    store: secrets,
    databaseExists: existsSync(databaseFile),
    openHub,
    openDesk,
    pair: pairWithHub,
    log,
  });
  log.info('app.started', { version: app.getVersion(), role: station.role() });

  const window = createMainWindow();
  const stopIpc = registerIpc(window, station, stationId);
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  const updater = startUpdater(log);
  app.once('will-quit', (event) => {
    event.preventDefault();
    stopIpc();
    updater.stop();
    const dayOpen = station.dayOpen();
    void station
      .close()
      .then(() => updater.installAtQuit(dayOpen))
      .catch((error: unknown) => log.error('app.quitFailed', { message: String(error) }))
      .finally(() => void fileLog.close().finally(() => app.exit(0)));
  });
}

function refuseToStart(error: unknown): void {
  console.error('[main] the console cannot start', error);
  const detail = error instanceof Error ? error.message : String(error);
  const [ms, en] =
    error instanceof KeyStoreUnavailableError
      ? [
          'Penyimpanan kunci sistem pengendalian tidak tersedia.',
          "The operating system's key store is not available.",
        ]
      : ['Konsol PPV tidak dapat dimulakan.', 'PPV Console cannot start.'];
  dialog.showErrorBox('PPV Console', `${ms}\n${en}\n\n${detail}`);
  app.exit(1);
}

const debugging = app.isPackaged
  ? (debuggingSwitch(process.argv, process.platform) ??
    chromiumDebugSwitches.find((name) => app.commandLine.hasSwitch(name)) ??
    null)
  : null;

if (debugging !== null) {
  console.error(`[main] refusing to run with the debugging switch --${debugging}`);
  app.exit(1);
} else if (app.requestSingleInstanceLock()) {
  hardenApp();
  app.whenReady().then(start).catch(refuseToStart);
} else {
  app.quit();
}
