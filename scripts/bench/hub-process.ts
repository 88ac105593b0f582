/**
 * The hub under `npm run bench`'s desk load, as a process of its own so that only its own work shows
 * in its event loop: a set-up PPV with a day open, its station server for desks over TLS on
 * 127.0.0.1, and a staff member for each desk (a third clerks, the rest vaccinators), as a PPV's day
 * has one person at each desk, each with their own hourly read quota. It prints one JSON line
 * (address, authority fingerprint, and each desk's pairing code and staff id), then on each line of
 * its standard input prints its event-loop delay since the last (p99 and max, ms), the size of
 * its WAL file (MB), and each channel's p99 inside the hub (from the message read to the answer,
 * its commit's sync included; ms).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { openDatabase } from '../../db/open';
import { createConsole } from '../../electron/core/app';
import { productionHashCost } from '../../electron/core/auth/secrets';
import { systemClock } from '../../electron/core/shared/clock';
import { silentLogger } from '../../electron/core/shared/log';
import { loadHubTls } from '../../electron/station/pki';
import { fileSecretStore } from '../../electron/station/secret-files';
import { startStationServer } from '../../electron/station/server';
import { addStaff, caller, sender, setUpBenchPpv } from './seed';

const desks = Number(process.argv[2] ?? 50);
const dir = mkdtempSync(path.join(tmpdir(), 'ppv-bench-hub-'));
writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>PPV Console</title>');
const db = openDatabase({
  file: path.join(dir, 'hub.db'),
  key: randomBytes(32),
  checkpoints: 'background',
});
const app = createConsole({
  db,
  clock: systemClock,
  stationId: 'bench-hub',
  hashCost: productionHashCost,
  log: silentLogger,
});
const call = caller(app);
await setUpBenchPpv(app, null);
call('MGR01', 'day.open', { channel: 'walk-in', confirmedTime: app.clock.now().at });

const tls = await loadHubTls(fileSecretStore(path.join(dir, 'secrets')), {
  addresses: ['127.0.0.1'],
  hostnames: [],
});
/** Each call's time inside the hub, by channel, since the last report. */
const insideHub = new Map<string, number[]>();
const server = await startStationServer({
  app: {
    ...app,
    dispatch: async (...call: Parameters<typeof app.dispatch>) => {
      const started = performance.now();
      const result = await app.dispatch(...call);
      const times = insideHub.get(call[0]) ?? [];
      insideHub.set(call[0], times);
      times.push(performance.now() - started);
      return result;
    },
  },
  desks: app,
  rendererDir: dir,
  host: '127.0.0.1',
  tls: { key: tls.keyPem, cert: tls.certChainPem },
  stationId: 'bench-hub',
  log: silentLogger,
});
const staff = Array.from({ length: desks }, (_, index) =>
  index % 3 === 0
    ? `CLERK${String(index / 3 + 1).padStart(2, '0')}`
    : `VAX${String(index - Math.floor(index / 3)).padStart(2, '0')}`,
);
// Each one made by the admin as at a PPV (first PIN, then their own): hashes at the production cost.
const send = sender(app);
await Promise.all(
  staff
    .filter((staffId) => staffId !== 'CLERK01' && staffId !== 'VAX01')
    .map((staffId) =>
      addStaff(send, staffId, staffId.startsWith('CLERK') ? 'clerk' : 'vaccinator'),
    ),
);
const codes = staff.map(() => app.desks.issueOperatorCode().code);

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
console.log(
  JSON.stringify({
    hubAddress: new URL(server.origin).host,
    caFingerprint: tls.caFingerprint,
    desks: codes.map((code, index) => ({ code, staffId: staff[index] })),
  }),
);
createInterface({ input: process.stdin }).on('line', () => {
  console.log(
    JSON.stringify({
      p99: delay.percentile(99) / 1e6,
      max: delay.max / 1e6,
      samples: delay.count,
      walMb: statSync(`${db.file}-wal`).size / 1024 / 1024,
      p99InsideHub: Object.fromEntries(
        [...insideHub].map(([channel, times]) => {
          times.sort((a, b) => a - b);
          return [channel, times[Math.min(times.length - 1, Math.floor(0.99 * times.length))]];
        }),
      ),
    }),
  );
  delay.reset();
  insideHub.clear();
});
process.stdin.once('end', () => {
  void server
    .close()
    .then(() => app.close())
    .finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
});
