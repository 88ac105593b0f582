/**
 * A whole console for one end-to-end test: a fresh encrypted database in a temporary folder, the
 * core, and the station server serving the real renderer build on 127.0.0.1 — what `npm start` runs
 * in browser mode.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open';
import type { MyKadIdentity } from '../electron/contract/devices';
import { createConsole } from '../electron/core/app';
import { systemClock } from '../electron/core/shared/clock';
import { silentLogger } from '../electron/core/shared/log';
import { createUploadStore } from '../electron/core/upload/store';
import { classifyScanNow } from '../electron/devices/scan/classify';
import { startStationServer } from '../electron/station/server';

export interface ConsoleStation {
  /**
   * A fresh one-time link each time it is read, as `npm start` prints: every page (each browser
   * context) opens the console with its own code, which leaves the key in its cookie.
   */
  readonly url: string;
  /**
   * Stands in for MyVAS's answers to a sealed batch (no MyVAS runs in these tests): every record
   * accepted but those listed, which are rejected with their code and message.
   */
  myvasJudged(batchId: string, rejected: ReadonlyArray<{ recordId: string; code: string }>): void;
  /** One round of anchoring the audit chain at the MyVAS the settings name, as the scheduler runs. */
  anchor(): Promise<void>;
  /** A MyKad read at the station's reader, as the PC/SC adapter reports one (no reader runs here). */
  readCard(identity: MyKadIdentity): void;
  /** A scan from a serial or USB HID scanner at the station, as its adapter reports one. */
  scan(text: string): void;
  close(): Promise<void>;
}

export async function startConsoleStation(): Promise<ConsoleStation> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ppv-e2e-'));
  const db = openDatabase({ file: path.join(dir, 'ppv.db'), key: randomBytes(32) });
  const app = createConsole({
    db,
    clock: systemClock,
    stationId: 'e2e-station',
    // Cheap key stretching: sign-ins in tests need not cost what they cost at a PPV.
    hashCost: { N: 2 ** 10, r: 8, p: 1 },
    log: silentLogger,
    classifyScan: classifyScanNow,
  });
  const server = await startStationServer({
    app,
    rendererDir: path.resolve(import.meta.dirname, '..', 'out', 'renderer'),
    stationId: 'e2e-station',
    log: silentLogger,
  });
  const uploads = createUploadStore(db);
  return {
    get url() {
      return server.issuePageUrl();
    },
    myvasJudged(batchId, rejected) {
      const batch = uploads.get(batchId);
      if (!batch) throw new Error(`no batch ${batchId}`);
      uploads.plan(batch, 0, 500);
      uploads.declarationSent(batchId, Date.now());
      const records = db.sqlite
        .prepare<[string], { record_id: string }>(
          'SELECT record_id FROM batch_records WHERE batch_id = ? ORDER BY position',
        )
        .all(batchId);
      uploads.saveResults(
        batchId,
        records.map(({ record_id: recordId }) => {
          const rejection = rejected.find((r) => r.recordId === recordId);
          return rejection
            ? {
                recordId,
                status: 'rejected' as const,
                code: rejection.code,
                message: rejection.code,
              }
            : { recordId, status: 'accepted' as const };
        }),
        Date.now(),
      );
    },
    async anchor() {
      await app.anchor();
    },
    readCard(identity) {
      app.devices.cardListener.reading('e2e-reader');
      app.devices.cardListener.read({ ok: true, readerId: 'e2e-reader', identity });
    },
    scan(text) {
      app.devices.scannerListener.scan('e2e-scanner', text);
    },
    async close() {
      await server.close();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
