// Updates: only in an installed app; an update problem is logged and never stops the console.
import { app } from 'electron';
import electronUpdater from 'electron-updater';

export function startUpdater(): void {
  if (!app.isPackaged) return;
  const { autoUpdater } = electronUpdater; // a CommonJS package: take it from the default export
  autoUpdater.on('error', (error) => console.error('[updater]', error.message));
  autoUpdater.checkForUpdatesAndNotify().catch((error: unknown) => {
    console.error('[updater] the update check failed', error);
  });
}
