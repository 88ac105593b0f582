// Browser mode (`npm start` without the Electron runtime): the console's database and services in
// this Node process, served to a browser by the station server on 127.0.0.1.
//   node --import tsx scripts/station/index.ts [--port N] [--renderer DIR] [--browser FILE]
// Each link it prints (and the one Chromium is opened with) opens the console once, within two
// minutes; Enter on its standard input prints a new one. The station's key itself is never printed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/open';
import { applyPendingRestore } from '../../db/restore';
import { createConsole } from '../../electron/core/app';
import { systemClock } from '../../electron/core/shared/clock';
import { classifyScanNow } from '../../electron/devices/scan/classify';
import { openFileLog } from '../../electron/main/file-log';
import { startStationServer } from '../../electron/station/server';
import { devDataFolder, loadOrCreateKey } from './dev-data';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    renderer: { type: 'string', default: path.join(root, 'out', 'renderer') },
    browser: { type: 'string' },
  },
});

const rendererDir = path.resolve(args.renderer);
if (!existsSync(path.join(rendererDir, 'index.html'))) {
  console.error(`${rendererDir}/index.html is missing: run npm run build first.`);
  process.exit(1);
}

const data = devDataFolder();
const fileLog = await openFileLog(path.join(data.folder, 'logs'));
// A restore confirmed before the last stop takes the database's place before it opens.
const restored = applyPendingRestore(data.databaseFile, new Date());
const key = loadOrCreateKey(data);
const db = openDatabase({
  file: data.databaseFile,
  key,
  checkpoints: 'background',
  onBackgroundError: (message) => fileLog.logger.error('db.checkpointFailed', { message }),
});
key.fill(0);
const stationId = `station:${hostname()}`;
const ppv = createConsole({
  db,
  clock: systemClock,
  stationId,
  classifyScan: classifyScanNow,
  log: fileLog.logger,
  // No restart here: a confirmed restore waits for the next `npm start`.
  backup: { logFiles: fileLog.files },
});
ppv.backups.recordRestoreAtStart(restored);
const station = await startStationServer({
  app: ppv,
  rendererDir,
  port: Number(args.port),
  stationId,
});
ppv.startUploads();
ppv.startClockWatch();
ppv.backups.start();
ppv.startAnchoring();

const printLink = (): void => console.log(`PPV Console (browser mode): ${station.issuePageUrl()}`);
console.log(`Development data: ${data.folder}`);
printLink();
console.log('The link opens the console once, within 2 minutes. Press Enter here for a new one.');
openInChromium(station.issuePageUrl);
createInterface({ input: process.stdin }).on('line', printLink);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void station
    .close()
    .then(() => ppv.close())
    .then(() => fileLog.close())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('[station] did not stop cleanly', error);
        process.exit(1);
      },
    );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

/**
 * A Chromium window on the page when there is a display to show it on; otherwise the printed link
 * stands. Its command line, which anyone on the machine may read, holds a link of its own that it
 * uses up as it opens.
 */
function openInChromium(issuePageUrl: () => string): void {
  if (!process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) return;
  const candidates = args.browser
    ? [args.browser]
    : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const browser = candidates.find((file) => existsSync(file));
  if (browser === undefined) return;
  const profile = path.join(data.folder, 'chromium-profile');
  const child = spawn(browser, [`--user-data-dir=${profile}`, `--app=${issuePageUrl()}`], {
    detached: true,
    stdio: 'ignore',
  });
  child.on('error', (error) => console.error('[station] Chromium did not start', error.message));
  child.unref();
  console.log('Opened in Chromium.');
}
