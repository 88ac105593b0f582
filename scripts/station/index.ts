// Browser mode (`npm start` without the Electron runtime): the console's database and services in
// this Node process, served to a browser by the station server on 127.0.0.1.
//   node --import tsx scripts/station/index.ts [--port N] [--renderer DIR]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/open';
import { createConsole } from '../../electron/core/app';
import { systemClock } from '../../electron/core/shared/clock';
import { classifyScanNow } from '../../electron/devices/scan/classify';
import { startStationServer } from '../../electron/station/server';
import { devDataFolder, loadOrCreateKey } from './dev-data';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    renderer: { type: 'string', default: path.join(root, 'out', 'renderer') },
  },
});

const rendererDir = path.resolve(args.renderer);
if (!existsSync(path.join(rendererDir, 'index.html'))) {
  console.error(`${rendererDir}/index.html is missing: run npm run build first.`);
  process.exit(1);
}

const data = devDataFolder();
const key = loadOrCreateKey(data);
const db = openDatabase({
  file: data.databaseFile,
  key,
  checkpoints: 'background',
  onBackgroundError: (message) => console.error('[db] background checkpoint failed', message),
});
key.fill(0);
const stationId = `station:${hostname()}`;
const ppv = createConsole({
  db,
  clock: systemClock,
  stationId,
  classifyScan: classifyScanNow,
});
const station = await startStationServer({
  app: ppv,
  rendererDir,
  port: Number(args.port),
  stationId,
});
ppv.startUploads();
ppv.startAnchoring();

console.log(`Development data: ${data.folder}`);
console.log(`PPV Console (browser mode): ${station.url}`);
openInChromium(station.url);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void station
    .close()
    .then(() => ppv.close())
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

/** A Chromium window on the page when there is a display to show it on; otherwise the URL stands. */
function openInChromium(url: string): void {
  if (!process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) return;
  const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) =>
    existsSync(file),
  );
  if (browser === undefined) return;
  const profile = path.join(data.folder, 'chromium-profile');
  const child = spawn(browser, [`--user-data-dir=${profile}`, `--app=${url}`], {
    detached: true,
    stdio: 'ignore',
  });
  child.on('error', (error) => console.error('[station] Chromium did not start', error.message));
  child.unref();
  console.log('Opened in Chromium.');
}
