// The Electron composition root: key, database, console, window, IPC, updater. Nothing else.
import { app, dialog } from 'electron';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/open';
import { createConsole } from '../core/app';
import { HUB_STATION } from '../core/desks/registry';
import { systemClock } from '../core/shared/clock';
import { classifyScanNow } from '../devices/scan/classify';
import { runStationDevices } from './devices';
import { registerIpc } from './ipc';
import { KeyStoreUnavailableError, loadDatabaseKey } from './key-store';
import { startUpdater } from './updater';
import { createMainWindow, hardenApp } from './window';

const migrationsFolder = app.isPackaged
  ? path.join(process.resourcesPath, 'migrations')
  : path.join(app.getAppPath(), 'db/migrations');

async function start(): Promise<void> {
  const databaseFile = path.join(app.getPath('userData'), 'ppv.db');
  const key = await loadDatabaseKey(databaseFile);
  const db = openDatabase({
    file: databaseFile,
    key,
    migrationsFolder,
    checkpoints: 'background',
    onBackgroundError: (message) => console.error('[db] background checkpoint failed', message),
  });
  key.fill(0);
  const stationId = `electron:${os.hostname()}`;
  const ppv = createConsole({
    db,
    clock: systemClock,
    stationId,
    classifyScan: classifyScanNow,
  });

  const devices = runStationDevices(ppv.stationDevices(HUB_STATION));
  const window = createMainWindow();
  const stopIpc = registerIpc(window, ppv, stationId);
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.once('will-quit', (event) => {
    event.preventDefault();
    stopIpc();
    void devices
      .stop()
      .then(() => ppv.close())
      .finally(() => app.exit(0));
  });
  ppv.startUploads();
  ppv.startClockWatch();
  startUpdater();
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

if (app.requestSingleInstanceLock()) {
  hardenApp();
  app.whenReady().then(start).catch(refuseToStart);
} else {
  app.quit();
}
