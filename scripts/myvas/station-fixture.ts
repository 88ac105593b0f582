/**
 * A PPV station wired to a reference MyVAS on loopback, for the upload worker's tests: the station's
 * manual clock drives both sides (MyVAS runs `skewMs` behind a PC clock set wrong), and the worker's
 * waits move that clock instead of sleeping.
 */
import type { ChannelOutput } from '../../electron/contract';
import { defaultCatalogue } from '../../electron/core/catalogue';
import {
  createHarness,
  DAY,
  type Harness,
  HOUR,
  TEST_PIN,
} from '../../electron/core/testing/harness';
import {
  arrive,
  closeDay,
  openVial,
  openWalkIn,
  recordDose,
  setUpStation,
  type ProductCode,
} from '../../electron/core/testing/scenario';
import {
  seededRandom,
  startMyvasServer,
  type FaultPlan,
  type MyvasServerOptions,
  type RunningMyvas,
} from './server';

export const PPV_CODE = 'PPV-WPKL-0001';
export const PPV_TOKEN = 'dev-token-ppv-wpkl-0001-for-tests';

export interface UploadStation {
  h: Harness;
  myvas: RunningMyvas;
  /** Every wait the worker asked for, in milliseconds. */
  waits: number[];
  /** MyVAS time: the station's clock less the skew. */
  myvasNow(): number;
  /** Steps MyVAS's clock: from now on it runs `skewMs` behind the station's PC clock. */
  setSkew(skewMs: number): void;
  close(): Promise<void>;
}

export interface UploadStationOptions {
  /** How far the station's PC clock runs ahead of MyVAS (negative: behind). */
  skewMs?: number;
  faults?: FaultPlan;
  productCodes?: string[];
  chunkSize?: number;
  file?: string;
  afterApply?: (request: { method: string; path: string }) => void;
  onRequest?: MyvasServerOptions['onRequest'];
  /** Stands between the worker and MyVAS, to give answers the reference server never gives. */
  fetch?: typeof fetch;
}

export async function createUploadStation(
  options: UploadStationOptions = {},
): Promise<UploadStation> {
  const waits: number[] = [];
  let skewMs = options.skewMs ?? 0;
  const holder: { h?: Harness } = {};
  const h = createHarness({
    ...(options.file ? { file: options.file } : {}),
    upload: {
      wait: (ms) => {
        waits.push(ms);
        holder.h?.clock.advance(ms);
        return Promise.resolve();
      },
      random: seededRandom(11),
      ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    },
  });
  holder.h = h;
  const myvasNow = () => h.clock.now() - skewMs;
  const myvas = await startMyvasServer({
    ppvs: { [PPV_CODE]: PPV_TOKEN },
    now: myvasNow,
    seed: 5,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.productCodes ? { productCodes: options.productCodes } : {}),
    ...(options.afterApply ? { afterApply: options.afterApply } : {}),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  });
  await setUpStation(h);
  await connect(h, myvas.url, PPV_TOKEN);
  return {
    h,
    myvas,
    waits,
    myvasNow,
    setSkew(ms) {
      skewMs = ms;
    },
    async close() {
      await myvas.close();
      h.close();
    },
  };
}

/**
 * The admin points the station at MyVAS with its token (and a long idle lock, for long days), the
 * manager MGR01 approving.
 */
export async function connect(h: Harness, url: string, token: string): Promise<void> {
  const current = h.ok('admin', 'ppv.settings', {});
  await h.okAsync('admin', 'ppv.updateSettings', {
    name: current.name,
    state: current.state,
    district: current.district,
    myvasEndpoint: url,
    myvasToken: token,
    idleLockMinutes: 60,
    exportRowLimit: current.exportRowLimit,
    retentionDays: current.retentionDays,
    approval: { staffId: 'MGR01', secret: TEST_PIN },
  });
}

/**
 * A walk-in day, opened now, on which recipients `from` .. `from + count - 1` each get a first dose
 * half a minute apart; closed and sealed at the end. Returns the batch and the doses.
 */
export function vaccinationDay(
  h: Harness,
  from: number,
  count: number,
  product: ProductCode = 'COMIRNATY',
): { batch: ChannelOutput<'day.close'>; doseIds: string[] } {
  openWalkIn(h);
  const perVial = defaultCatalogue.products.find((p) => p.code === product)?.dosesPerVial ?? 1;
  let vialId = '';
  const doseIds: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % perVial === 0) vialId = openVial(h, product, { lot: `LOT-${from + i}` }).vialId;
    const visitor = arrive(h, from + i);
    h.clock.advance(30_000);
    doseIds.push(recordDose(h, visitor, vialId).doseId);
  }
  h.clock.advance(60_000);
  return { batch: closeDay(h), doseIds };
}

/** Moves the station's clock on and unlocks the desks' idle-locked sessions. */
export async function later(h: Harness, ms: number): Promise<void> {
  h.clock.advance(ms);
  for (const desk of ['admin', 'mgr', 'desk', 'vax']) {
    await h.callAsync(desk, 'auth.unlock', { secret: TEST_PIN });
  }
}

export { DAY, HOUR };
