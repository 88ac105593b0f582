/**
 * A hub for one end-to-end test: a fresh encrypted database, the core, the station server for the
 * hub's own screens on 127.0.0.1, and the server for paired desks over TLS on 127.0.0.2 with the
 * hub's own authority — what `npm start -- --lan 127.0.0.2:0` runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open';
import { createConsole } from '../electron/core/app';
import { systemClock } from '../electron/core/shared/clock';
import { silentLogger } from '../electron/core/shared/log';
import { classifyScanNow } from '../electron/devices/scan/classify';
import { loadHubTls } from '../electron/station/pki';
import { fileSecretStore } from '../electron/station/secret-files';
import { startStationServer } from '../electron/station/server';

export interface HubStation {
  /** A fresh one-time link to the hub's own screens. */
  readonly url: string;
  /** Where desks reach the hub: `https://127.0.0.2:PORT`. */
  desksOrigin: string;
  /** base64 SHA-256 of the authority's public key, for Chromium to trust it by. */
  caSpkiHash: string;
  /** The authority's fingerprint, as the hub shows it for a desk app to check. */
  caFingerprint: string;
  /** A pairing code, as the hub's operator is shown one. */
  pairingCode(): string;
  /** The stations of the audit entries of `action`, oldest first. */
  auditStations(action: string): string[];
  close(): Promise<void>;
}

export async function startHubStation(): Promise<HubStation> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ppv-e2e-hub-'));
  const db = openDatabase({ file: path.join(dir, 'ppv.db'), key: randomBytes(32) });
  const app = createConsole({
    db,
    clock: systemClock,
    stationId: 'e2e-hub',
    // Cheap key stretching: sign-ins in tests need not cost what they cost at a PPV.
    hashCost: { N: 2 ** 10, r: 8, p: 1 },
    log: silentLogger,
    classifyScan: classifyScanNow,
  });
  const rendererDir = path.resolve(import.meta.dirname, '..', 'out', 'renderer');
  const own = await startStationServer({
    app,
    rendererDir,
    stationId: 'e2e-hub',
    log: silentLogger,
  });
  const tls = await loadHubTls(fileSecretStore(path.join(dir, 'secrets')), {
    addresses: ['127.0.0.2'],
    hostnames: [],
  });
  const desks = await startStationServer({
    app,
    desks: app,
    rendererDir,
    host: '127.0.0.2',
    tls: { key: tls.keyPem, cert: tls.certChainPem },
    stationId: 'e2e-hub',
    log: silentLogger,
  });
  app.desks.setNetwork({ hubUrls: [desks.origin], caFingerprint: tls.caFingerprint });
  return {
    get url() {
      return own.issuePageUrl();
    },
    desksOrigin: desks.origin,
    caSpkiHash: tls.caSpkiHash,
    caFingerprint: tls.caFingerprint,
    pairingCode: () => app.desks.issueOperatorCode().code,
    auditStations(action) {
      return db.sqlite
        .prepare<[string], { station: string }>(
          'SELECT station FROM audit_log WHERE action = ? ORDER BY seq',
        )
        .all(action)
        .map((row) => row.station);
    },
    async close() {
      await desks.close();
      await own.close();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
