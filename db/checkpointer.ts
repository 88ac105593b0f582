import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Past this much WAL since it last started over, the worker makes the next writer start it over. */
export const DEFAULT_RESTART_WAL_ABOVE_BYTES = 64 * 1024 * 1024;

/**
 * Moves WAL checkpoints off the writers' path. With SQLite's automatic checkpoint, the commit that
 * crosses the WAL threshold copies the WAL into the database and syncs it before it returns, so one
 * dose in a thousand waits for it. Here a worker thread with its own connection runs a PASSIVE
 * checkpoint on a timer, concurrently with the writers (WAL allows both), and a final TRUNCATE on stop.
 *
 * A PASSIVE checkpoint never takes the writers' lock, so under sustained writes each one finds new
 * frames appended while it copied, and no writer ever finds the WAL wholly copied, which is what lets
 * it write the WAL again from its start: the WAL only grows. So once the WAL holds more than
 * `restartWalAboveBytes`, the worker runs PASSIVE again until one run finds nothing new to copy, and
 * right then a RESTART with no busy wait: it takes the writers' lock only if no write is under way,
 * has nothing to copy or sync, and the next writer starts the WAL over (over the file kept, up to
 * `journal_size_limit`; the file is never removed). A writer that comes meanwhile waits in its busy
 * handler (1 ms) for a hold of microseconds. Past twice that size (writers that hardly ever pause),
 * the RESTART follows a PASSIVE run that copied at most a few hundred frames, and copies and syncs
 * what came meanwhile holding the lock (milliseconds). If a write is under way or a reader still
 * reads from the WAL, the attempt gives up at once and is tried again shortly; the worker never
 * holds the lock while it waits for anything. Writers that add frames faster than a checkpoint copies
 * them (a bulk load) still outgrow it: only stopping them would bound the WAL then.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file);
db.pragma("cipher = 'chacha20'");
db.pragma("hexkey = '" + workerData.keyHex + "'");
db.pragma('busy_timeout = 0');
const frameBytes = db.pragma('page_size', { simple: true }) + 24;
const restartAboveFrames = Math.ceil(workerData.restartWalAboveBytes / frameBytes);
const attempts = 50;
const pressedFrames = 256;
const pause = new Int32Array(new SharedArrayBuffer(4));
const checkpoint = (mode) => db.pragma('wal_checkpoint(' + mode + ')')[0];
const report = (error) => parentPort.postMessage({ error: String(error) });
const now = () => performance.timeOrigin + performance.now();
// busy: another connection checkpoints; checkpointed < log: a reader holds frames back.
const worthRestarting = (run) =>
  !run.busy && run.log >= restartAboveFrames && run.checkpointed === run.log;
const restartIfLong = (first) => {
  let last = first;
  for (let attempt = 1; attempt <= attempts && worthRestarting(last); attempt += 1) {
    const next = checkpoint('PASSIVE');
    if (!worthRestarting(next)) return;
    const copied = next.checkpointed - last.checkpointed;
    last = next;
    // Nothing written since the last run began: RESTART finds nothing to copy, nor to sync. Past
    // twice the bound the writers never paused that long, so RESTART follows a run that copied
    // little, and copies and syncs what came meanwhile holding the writers' lock.
    const pressed = next.log >= 2 * restartAboveFrames && copied <= pressedFrames;
    if (copied !== 0 && !pressed) continue;
    const startedAt = now();
    const restart = checkpoint('RESTART');
    if (!restart.busy) {
      const heldMs = now() - startedAt;
      parentPort.postMessage({ restarted: { startedAt, heldMs, attempts: attempt, frames: restart.log } });
      return;
    }
    Atomics.wait(pause, 0, 0, 0.5);
    last = checkpoint('PASSIVE');
  }
};
const tick = () => {
  try {
    restartIfLong(checkpoint('PASSIVE'));
  } catch (error) {
    report(error);
  }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try {
    db.pragma('busy_timeout = 1000');
    checkpoint('TRUNCATE');
  } catch (error) {
    report(error);
  }
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

/** A RESTART checkpoint that found the WAL wholly copied and no reader in it: the next writer starts it over. */
export interface WalRestart {
  /** When the RESTART began, in ms since the epoch (`performance.timeOrigin + performance.now()`). */
  startedAt: number;
  /** How long it ran, holding the writers' lock for most of it. */
  heldMs: number;
  /** RESTART attempts it took: each one before gave up at once because a write was under way. */
  attempts: number;
  /** The frames the WAL held. */
  frames: number;
}

export interface BackgroundCheckpoints {
  stop(): Promise<void>;
}

export function startBackgroundCheckpoints(options: {
  file: string;
  key: Buffer;
  intervalMs: number;
  restartWalAboveBytes?: number;
  onError: (message: string) => void;
  onWalRestart?: (restart: WalRestart) => void;
}): BackgroundCheckpoints {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: {
      driverPath,
      file: options.file,
      keyHex: options.key.toString('hex'),
      intervalMs: options.intervalMs,
      restartWalAboveBytes: options.restartWalAboveBytes ?? DEFAULT_RESTART_WAL_ABOVE_BYTES,
    },
  });
  worker.unref();
  const stopped = new Promise<void>((resolve) => {
    worker.on(
      'message',
      (message: { error?: string; restarted?: WalRestart; stopped?: boolean }) => {
        if (message.error) options.onError(message.error);
        if (message.restarted) options.onWalRestart?.(message.restarted);
        if (message.stopped) resolve();
      },
    );
    worker.on('error', (error) => {
      options.onError(String(error));
      resolve();
    });
    worker.on('exit', () => resolve());
  });
  return {
    async stop() {
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
    },
  };
}
