/**
 * One upload run of a station's database, in a process of its own, printing as JSON the outcome, how
 * long it took and the process's peak memory: the restart test kills it mid-upload and runs it again,
 * and the benchmark measures the worker alone with it.
 *
 *   PPV_DB=file PPV_KEY=hex [PPV_NOW=epochMs] [PPV_CHUNK=n] node --import tsx scripts/myvas/upload-once.ts
 *
 * With PPV_NOW its clock stands still there and waits move it; without, it runs on the system clock.
 */
import { openDatabase } from '../../db/open';
import { createConsole } from '../../electron/core/app';
import { manualClock, systemClock } from '../../electron/core/shared/clock';
import { silentLogger } from '../../electron/core/shared/log';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const fixedNow = process.env['PPV_NOW'];
const chunkSize = process.env['PPV_CHUNK'];
const manual = fixedNow ? manualClock(Number(fixedNow)) : null;
const db = openDatabase({ file: required('PPV_DB'), key: Buffer.from(required('PPV_KEY'), 'hex') });
const app = createConsole({
  db,
  clock: manual ?? systemClock,
  stationId: 'upload-once',
  hashCost: { N: 2 ** 10, r: 8, p: 1 },
  log: silentLogger,
  upload: {
    ...(manual
      ? {
          wait: (ms: number) => {
            manual.advance(ms);
            return Promise.resolve();
          },
        }
      : {}),
    ...(chunkSize ? { chunkSize: Number(chunkSize) } : {}),
  },
});

let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
};
sample();
const sampler = setInterval(sample, 10);
const started = performance.now();
const outcome = await app.upload();
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
sample();
process.stdout.write(`${JSON.stringify({ outcome, seconds, peakRss, peakHeap })}\n`);
await app.close();
