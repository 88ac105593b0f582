// Updates: only in an installed app, only a release signed with the key built into it, from the
// address built into it (release.ts), and installed only at a quit with no day open. The checks
// themselves are update-verify.ts; this is electron-updater's glue. A problem is logged and never
// stops the console.
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import path from 'node:path';
import type { Logger } from '../core/shared/log';
import { appUpdateConfigFile, builtRelease } from './release';
import {
  fetchSignedUpdate,
  mayInstall,
  type UpdateOutcome,
  type UpdateSource,
} from './update-verify';

const checkEvery = 6 * 60 * 60 * 1000;

export interface Updater {
  /** At quit: installs a verified update if no day is open; whether it did. */
  installAtQuit(dayOpen: boolean): Promise<boolean>;
  stop(): void;
}

const noUpdates: Updater = { installAtQuit: async () => false, stop: () => undefined };

export function startUpdater(log: Logger): Updater {
  if (!app.isPackaged) return noUpdates;
  const publicKey = builtRelease.publicKey;
  if (publicKey === null) {
    log.error('updater.noPublicKey');
    return noUpdates;
  }
  const { autoUpdater } = electronUpdater; // a CommonJS package: take it from the default export
  // The address and the Windows publisher from inside the asar, not resources/app-update.yml.
  autoUpdater.updateConfigPath = path.join(import.meta.dirname, appUpdateConfigFile);
  autoUpdater.autoDownload = false; // only once the manifest's signature verifies
  autoUpdater.autoInstallOnAppQuit = false; // only at a quit with no day open
  autoUpdater.allowDowngrade = false;
  autoUpdater.disableWebInstaller = true;
  autoUpdater.disableDifferentialDownload = true; // the whole signed file, nothing pieced together
  autoUpdater.logger = null;
  autoUpdater.on('error', (error: Error) => log.error('updater.error', { message: error.message }));

  const source: UpdateSource = {
    async check() {
      const result = await autoUpdater.checkForUpdates();
      return result?.isUpdateAvailable ? result.updateInfo : null;
    },
    async download() {
      const [file] = await autoUpdater.downloadUpdate();
      if (file === undefined) throw new Error('the update downloaded no file');
      return file;
    },
  };
  let ready: Extract<UpdateOutcome, { kind: 'ready' }> | null = null;
  const check = async (): Promise<void> => {
    if (ready !== null) return;
    try {
      const outcome = await fetchSignedUpdate(source, {
        publicKey,
        updateUrl: builtRelease.updateUrl,
      });
      if (outcome.kind === 'ready') {
        ready = outcome;
        log.info('updater.ready', { version: outcome.version });
      } else if (outcome.kind === 'refused') {
        log.error('updater.refused', { reason: outcome.reason, downloaded: outcome.downloaded });
      }
    } catch (error) {
      log.error('updater.checkFailed', { message: String(error) });
    }
  };
  void check();
  const timer = setInterval(() => void check(), checkEvery);
  timer.unref();

  return {
    async installAtQuit(dayOpen) {
      if (!(await mayInstall(ready, dayOpen))) return false;
      autoUpdater.quitAndInstall(true, false);
      return true;
    },
    stop: () => clearInterval(timer),
  };
}
