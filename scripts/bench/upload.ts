/**
 * The upload of one sealed batch of 100,000 records to the reference MyVAS, running in a process of
 * its own on loopback: the worker's records per second and its peak memory, against a bare client
 * that declares, puts the stored chunks and commits with nothing else (no plan, no results kept).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type AppDatabase } from '../../db/open';
import { createConsole } from '../../electron/core/app';
import { productionHashCost } from '../../electron/core/auth/secrets';
import { systemClock } from '../../electron/core/shared/clock';
import { silentLogger } from '../../electron/core/shared/log';
import { malaysiaDate, malaysiaMidnight, malaysiaTimestamp } from '../../electron/core/shared/time';
import { fmt } from './format';
import { caller, createDaySeeder, setUpBenchPpv } from './seed';

const RECORDS = Number(process.env['BENCH_UPLOAD_RECORDS'] ?? 100_000);
const CHUNK = 500;
const PPV = 'PPV-BENCH-0001';
const HOUR = 3_600_000;

interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** `npm run myvas` as its own process; resolves once it prints the address it listens on. */
function startReferenceMyvas(token: string): Promise<RunningServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/myvas/index.ts', '--port', '0', '--ppv', `${PPV}:${token}`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let printed = '';
    child.once('exit', (code) => reject(new Error(`reference MyVAS exited (${code})`)));
    child.stdout?.on('data', (data: Buffer) => {
      printed += data.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(printed)?.[0];
      if (!url) return;
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      child.removeAllListeners('exit');
      resolve({
        url,
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

interface WorkerRun {
  outcome: { kind: string };
  seconds: number;
  peakRss: number;
  peakHeap: number;
}

/** The upload worker on the station's database, alone in a process of its own (as at a PPV). */
function runWorker(file: string, key: Buffer): Promise<WorkerRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/myvas/upload-once.ts'], {
    env: { ...process.env, PPV_DB: file, PPV_KEY: key.toString('hex') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let printed = '';
  child.stdout.on('data', (data: Buffer) => (printed += data.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the upload process exited (${code})`));
      else resolve(JSON.parse(printed) as WorkerRun);
    });
  });
}

/** The least a client can do: declare, put the stored canonical chunks in order, commit. */
async function bareUpload(db: AppDatabase, batchId: string, url: string, token: string) {
  const batch = db.sqlite
    .prepare<[string], Record<string, string | number>>('SELECT * FROM batches WHERE id = ?')
    .get(batchId)!;
  const headers = {
    authorization: `Bearer ${token}`,
    'x-ppv-code': PPV,
    'content-type': 'application/json; charset=utf-8',
  };
  const send = async (method: string, route: string, body: string) => {
    const response = await fetch(`${url}${route}`, { method, headers, body });
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status}`);
    return response.text();
  };
  const records = db.sqlite.prepare<[string, number, number], { canonical: string }>(
    'SELECT canonical FROM batch_records WHERE batch_id = ? AND position >= ? AND position < ? ORDER BY position',
  );
  const started = process.hrtime.bigint();
  await send(
    'POST',
    '/v1/batches',
    JSON.stringify({
      batchId,
      ppvCode: PPV,
      sessionDate: batch['session_date'],
      openedAt: malaysiaTimestamp(Number(batch['opened_at'])),
      closedAt: malaysiaTimestamp(Number(batch['closed_at'])),
      recordCount: batch['record_count'],
      contentHash: batch['content_hash'],
      auditHead: batch['audit_head'],
      chunkSize: CHUNK,
    }),
  );
  for (let seq = 0; seq * CHUNK < Number(batch['record_count']); seq += 1) {
    const rows = records.all(batchId, seq * CHUNK, (seq + 1) * CHUNK);
    await send(
      'PUT',
      `/v1/batches/${batchId}/chunks/${seq}`,
      `{"records":[${rows.map((row) => row.canonical).join(',')}]}`,
    );
  }
  await send('POST', `/v1/batches/${batchId}/commit`, '{}');
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export async function benchUpload(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ppv-bench-upload-'));
  const file = path.join(dir, 'station.db');
  const key = randomBytes(32);
  const token = randomBytes(24).toString('hex');
  const servers: RunningServer[] = [];
  try {
    const myvas = await startReferenceMyvas(token);
    servers.push(myvas);
    const db = openDatabase({ file, key, checkpoints: 'background' });
    const app = createConsole({
      db,
      clock: systemClock,
      stationId: 'bench-upload',
      hashCost: productionHashCost,
      log: silentLogger,
    });
    const call = caller(app);
    const staffUserId = await setUpBenchPpv(app, { url: myvas.url, token });

    // Today's day (Malaysia time), its doses spread over the hours before now.
    const now = Date.now();
    const openedAt = Math.max(malaysiaMidnight(malaysiaDate(now)), now - 4 * HOUR);
    const spacing = Math.max(0, Math.floor((now - openedAt - 1_000) / RECORDS));
    createDaySeeder(db, staffUserId).writeDay(openedAt, 5_000_000, RECORDS, spacing);
    const started = Date.now();
    const batch = call('MGR01', 'day.close', {});
    console.log(
      `\nupload to the reference MyVAS on loopback: one batch of ${fmt(batch.recordCount)} records, sealed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await app.close();

    const run = await runWorker(file, key);
    const reopened = openDatabase({ file, key });
    try {
      const accepted = reopened.sqlite
        .prepare<[string], { n: number }>(
          'SELECT accepted AS n FROM batch_uploads WHERE batch_id = ?',
        )
        .get(batch.batchId)?.n;
      if (run.outcome.kind !== 'idle' || accepted !== RECORDS) {
        throw new Error(`upload did not finish: ${JSON.stringify({ run, accepted })}`);
      }
      const bare = await startReferenceMyvas(token);
      servers.push(bare);
      const bareSeconds = await bareUpload(reopened, batch.batchId, bare.url, token);

      const perSecond = RECORDS / run.seconds;
      const barePerSecond = RECORDS / bareSeconds;
      const mb = (bytes: number) => fmt(bytes / 1024 / 1024, 1);
      console.log(
        `  upload worker (plan, declare, ${fmt(Math.ceil(RECORDS / CHUNK))} chunks, results kept, commit)  ${fmt(perSecond).padStart(8)} records/s   ${run.seconds.toFixed(2)} s`,
      );
      console.log(
        `  bare client (stored chunks in order, nothing kept)          ${fmt(barePerSecond).padStart(8)} records/s   ${bareSeconds.toFixed(2)} s`,
      );
      console.log(
        `  ratio ${((perSecond / barePerSecond) * 100).toFixed(1)}% of bare (target ≥ 20,000 records/s); worker process peak RSS ${mb(run.peakRss)} MB, peak heap ${mb(run.peakHeap)} MB (target < 300 MB)`,
      );
    } finally {
      await reopened.close();
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}
