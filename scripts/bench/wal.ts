/**
 * The WAL under sustained writes, with the background checkpointer as the console runs it (a worker
 * thread checkpointing every second): desks write at a steady rate (each write a transaction of about
 * a dose's size, some 13 pages) for a while, once with PASSIVE checkpoints only (as before the WAL
 * was started over) and once as the console runs now. Prints the WAL file's size every few seconds,
 * how often the WAL started over, and the writes' worst times (the time a write waits for the
 * checkpointer's hold on the writers' lock is inside them) and the event loop's delay.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBackgroundCheckpoints, type WalRestart } from '../../db/checkpointer';
import { openDatabase } from '../../db/open';
import { fmt } from './format';

const SECONDS = Number(process.env['BENCH_WAL_SECONDS'] ?? 30);
const WRITES_PER_SECOND = Number(process.env['BENCH_WAL_WRITES_PER_SECOND'] ?? 100);
const DESKS = 50;
const SAMPLE_EVERY_S = 3;
/** 12 overflow pages, the row's leaf and an index page: about what a dose writes. */
const BODY_BYTES = 12 * 4000;

interface Run {
  label: string;
  sizesMb: number[];
  restarts: number;
  held: WalRestart[];
  writes: number[];
  /** The writes that were under way while a RESTART ran. */
  writesDuringRestarts: number[];
  loopDelayMaxMs: number;
  loopDelayP99Ms: number;
}

/** The WAL header's checkpoint sequence number: SQLite adds one each time the WAL starts over. */
function walSequence(walFile: string): number {
  const header = Buffer.alloc(16);
  const handle = openSync(walFile, 'r');
  try {
    return readSync(handle, header, 0, 16, 0) === 16 ? header.readUInt32BE(12) : 0;
  } finally {
    closeSync(handle);
  }
}

async function sustainedWrites(label: string, restartWalAboveBytes?: number): Promise<Run> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ppv-bench-wal-'));
  const file = path.join(dir, 'wal.db');
  const key = randomBytes(32);
  // As `checkpoints: 'background'` opens it, with this run's RESTART bound.
  const db = openDatabase({ file, key });
  db.sqlite.pragma('wal_autocheckpoint = 0');
  db.sqlite.exec(
    'CREATE TABLE bench_writes (id TEXT PRIMARY KEY, written_at INTEGER NOT NULL, body BLOB NOT NULL)',
  );
  const held: WalRestart[] = [];
  const checkpoints = startBackgroundCheckpoints({
    file,
    key,
    intervalMs: 1000,
    ...(restartWalAboveBytes === undefined ? {} : { restartWalAboveBytes }),
    onError: (message) => console.error(`  checkpointer: ${message}`),
    onWalRestart: (restart) => held.push(restart),
  });
  const insert = db.sqlite.prepare(
    'INSERT INTO bench_writes (id, written_at, body) VALUES (?, ?, ?)',
  );
  const write = db.sqlite.transaction(() => {
    insert.run(randomBytes(16).toString('hex'), Date.now(), randomBytes(BODY_BYTES));
  });
  const walFile = `${file}-wal`;
  const firstSequence = (() => {
    write();
    return walSequence(walFile);
  })();

  const writes: Array<{ startedAt: number; tookMs: number }> = [];
  const sizesMb: number[] = [];
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const ends = performance.now() + SECONDS * 1000;
  const sampler = setInterval(
    () => sizesMb.push(statSync(walFile).size / 1024 / 1024),
    SAMPLE_EVERY_S * 1000,
  );
  delay.enable();
  const desk = async () => {
    const meanGapMs = (DESKS * 1000) / WRITES_PER_SECOND;
    while (performance.now() < ends) {
      await sleep(Math.random() * 2 * meanGapMs);
      const started = performance.now();
      write();
      writes.push({
        startedAt: performance.timeOrigin + started,
        tookMs: performance.now() - started,
      });
    }
  };
  await Promise.all(Array.from({ length: DESKS }, desk));
  delay.disable();
  clearInterval(sampler);
  const restarts = walSequence(walFile) - firstSequence;
  db.sqlite.close();
  await checkpoints.stop();
  rmSync(dir, { recursive: true, force: true });
  return {
    label,
    sizesMb,
    restarts,
    held,
    writes: writes.map((w) => w.tookMs),
    writesDuringRestarts: writes
      .filter((w) =>
        held.some(
          (r) => w.startedAt < r.startedAt + r.heldMs && r.startedAt < w.startedAt + w.tookMs,
        ),
      )
      .map((w) => w.tookMs),
    loopDelayMaxMs: delay.max / 1e6,
    loopDelayP99Ms: delay.percentile(99) / 1e6,
  };
}

const worst = (values: number[]) => values.reduce((a, b) => Math.max(a, b), 0);

function print(run: Run): void {
  const sorted = [...run.writes].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  console.log(`  ${run.label}:`);
  console.log(
    `    WAL file every ${SAMPLE_EVERY_S} s (MB): ${run.sizesMb.map((mb) => fmt(mb, 0)).join(' ')}; started over ${fmt(run.restarts)} times`,
  );
  console.log(
    `    ${fmt(sorted.length)} writes: p50 ${fmt(at(0.5), 2)} ms, p99 ${fmt(at(0.99), 2)} ms, p99.9 ${fmt(at(0.999), 2)} ms, worst ${fmt(sorted.at(-1) ?? 0, 2)} ms; event-loop delay p99 ${fmt(run.loopDelayP99Ms, 1)} ms, max ${fmt(run.loopDelayMaxMs, 1)} ms`,
  );
  if (run.held.length > 0) {
    console.log(
      `    ${fmt(run.held.length)} RESTART checkpoints held the writers' lock ${run.held.map((r) => fmt(r.heldMs, 2)).join(', ')} ms (after ${run.held.map((r) => r.attempts).join(', ')} attempts); the ${fmt(run.writesDuringRestarts.length)} writes under way meanwhile took at worst ${fmt(worst(run.writesDuringRestarts), 2)} ms`,
    );
  }
}

export async function benchWalUnderSustainedWrites(): Promise<void> {
  console.log(
    `\nthe WAL under sustained writes: ${DESKS} desks, ${fmt(WRITES_PER_SECOND)} writes a second of about ${fmt((BODY_BYTES + 4096) / 1024, 0)} KB each, for ${fmt(SECONDS)} s, checkpoints in the background every second:`,
  );
  print(await sustainedWrites('PASSIVE checkpoints only (before)', Number.POSITIVE_INFINITY));
  print(await sustainedWrites('PASSIVE, then RESTART once the WAL passes 64 MB (now)'));
}

if (process.argv[1]?.endsWith('wal.ts')) await benchWalUnderSustainedWrites();
