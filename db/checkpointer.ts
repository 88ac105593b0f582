import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Moves WAL checkpoints off the writers' path. With SQLite's automatic checkpoint, the commit that
 * crosses the WAL threshold copies the WAL into the database and syncs it before it returns, so one
 * dose in a thousand waits for it. Here a worker thread with its own connection runs a PASSIVE
 * checkpoint on a timer, concurrently with the writers (WAL allows both), and a final TRUNCATE on stop.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file);
db.pragma("cipher = 'chacha20'");
db.pragma("hexkey = '" + workerData.keyHex + "'");
db.pragma('busy_timeout = 1000');
const checkpoint = (mode) => {
  try {
    db.pragma('wal_checkpoint(' + mode + ')');
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
};
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint('TRUNCATE');
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

export interface BackgroundCheckpoints {
  stop(): Promise<void>;
}

export function startBackgroundCheckpoints(options: {
  file: string;
  key: Buffer;
  intervalMs: number;
  onError: (message: string) => void;
}): BackgroundCheckpoints {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: {
      driverPath,
      file: options.file,
      keyHex: options.key.toString('hex'),
      intervalMs: options.intervalMs,
    },
  });
  worker.unref();
  const stopped = new Promise<void>((resolve) => {
    worker.on('message', (message: { error?: string; stopped?: boolean }) => {
      if (message.error) options.onError(message.error);
      if (message.stopped) resolve();
    });
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
