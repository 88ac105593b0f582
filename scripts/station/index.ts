// Browser mode (`npm start` without the Electron runtime): the console's database and services in
// this Node process, served to a browser by the station server on 127.0.0.1.
//   node --import tsx scripts/station/index.ts [--port N] [--renderer DIR] [--browser FILE]
//                                              [--lan HOST:PORT [--no-mdns]]
// Each link it prints (and the one Chromium is opened with) opens the console once, within two
// minutes; Enter on its standard input prints a new one. The station's key itself is never printed.
// With --lan it is also the PPV's hub on the centre's network: desks pair with it over TLS at
// https://HOST:PORT; it prints that address, its authority's fingerprint and a pairing code (a new
// one with each Enter), and announces itself over mDNS unless --no-mdns.
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
import { startLanHub, type LanHub } from '../../electron/station/lan-hub';
import { multicastAnnouncer } from '../../electron/station/mdns';
import { fileSecretStore } from '../../electron/station/secret-files';
import { startStationServer } from '../../electron/station/server';
import { devDataFolder, loadOrCreateKey } from './dev-data';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    renderer: { type: 'string', default: path.join(root, 'out', 'renderer') },
    browser: { type: 'string' },
    lan: { type: 'string' },
    'no-mdns': { type: 'boolean', default: false },
  },
});

const lanAddress = args.lan === undefined ? null : /^(.+):(\d{1,5})$/.exec(args.lan);
if (args.lan !== undefined && lanAddress === null) {
  console.error(`--lan takes HOST:PORT (e.g. 192.168.1.10:8443), not ${args.lan}`);
  process.exit(1);
}

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
const hub = lanAddress === null ? null : await startHub(lanAddress[1] ?? '', Number(lanAddress[2]));
ppv.startUploads();
ppv.startClockWatch();
ppv.backups.start();
ppv.startAnchoring();

const printLink = (): void => {
  console.log(`PPV Console (browser mode): ${station.issuePageUrl()}`);
  if (hub) printPairingCode(hub.origins[0] ?? '');
};
console.log(`Development data: ${data.folder}`);
if (hub) {
  console.log(`PPV hub on the centre's network: ${hub.origins[0] ?? ''}`);
  console.log(`Hub certificate fingerprint (SHA-256): ${hub.caFingerprint}`);
  console.log(`Hub certificate authority, for browser desks to trust: ${hub.caFile}`);
}
printLink();
console.log('The link opens the console once, within 2 minutes. Press Enter here for a new one.');
openInChromium(station.issuePageUrl);
createInterface({ input: process.stdin }).on('line', printLink);

/** The hub on the centre's network, on `host`: its authority kept in the data folder. */
async function startHub(host: string, port: number): Promise<LanHub & { caFile: string }> {
  const hub = await startLanHub({
    app: ppv,
    store: fileSecretStore(data.folder),
    rendererDir,
    hosts: [host],
    port,
    hostname: hostname(),
    stationId,
    announce: args['no-mdns'] ? null : multicastAnnouncer,
  });
  return { ...hub, caFile: path.join(data.folder, 'hub-ca.crt') };
}

/** A pairing code for the next desk, issued by the hub's operator: audited, one use, 10 minutes. */
function printPairingCode(origin: string): void {
  const { code } = ppv.desks.issueOperatorCode();
  console.log(`Pairing code for a desk: ${code} (one use, 10 minutes)`);
  console.log(`A browser desk opens: ${origin}/pair?code=${code}`);
}

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void Promise.all([station.close(), hub?.close()])
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
