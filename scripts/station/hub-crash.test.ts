// The hub as a real process (`npm start -- --lan`), killed with SIGKILL right after a desk sends a
// dose: whatever the kill interrupted, the dose is in the hub's database whole or not at all, and
// the desk, reconnected to the restarted hub, says which — and what it says is what the database holds.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { openDatabase } from '../../db/open';
import type { EventName } from '../../electron/contract';
import { silentLogger } from '../../electron/core/shared/log';
import { GTIN, nthRecipient } from '../../electron/core/testing/scenario';
import { createDeskClient, pairWithHub, type DeskClient } from '../../electron/station/desk-client';

const waitMs = 30_000;
const root = path.resolve(import.meta.dirname, '..', '..');
const SECRET = 'kata-laluan-2026';

let folder: string;
let hub: ChildProcess | undefined;
let desk: DeskClient | undefined;

afterEach(() => {
  desk?.close();
  if (hub?.exitCode === null) hub.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

interface Started {
  link: string;
  hubAddress: string;
  fingerprint: string;
  code: string;
}

/** Browser mode with `--lan 127.0.0.7:PORT`; resolves with what it prints. */
function startHub(port: number): Promise<Started> {
  const rendererDir = path.join(folder, 'renderer');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/station/index.ts',
      '--renderer',
      rendererDir,
      '--browser',
      path.join(folder, 'no-browser'),
      '--lan',
      `127.0.0.7:${port}`,
      '--no-mdns',
    ],
    {
      cwd: root,
      env: { ...process.env, PPV_DATA_DIR: path.join(folder, 'data'), DISPLAY: '' },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  hub = child;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not start: ${output}`)), waitMs);
    child.once('exit', (code) => reject(new Error(`the hub exited with ${code}: ${output}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const [link, hubAddress, fingerprint, code] = [
        /\(browser mode\): (\S+)\n/,
        /network: https:\/\/(\S+)\n/,
        /\(SHA-256\): (\S+)\n/,
        /Pairing code for a desk: (\S+) /,
      ].map((pattern) => pattern.exec(output)?.[1]);
      if (!link || !hubAddress || !fingerprint || !code) return;
      clearTimeout(timer);
      resolve({ link, hubAddress, fingerprint, code });
    });
  });
}

/** The hub's own screen, as a socket: set-up calls on the loopback server, with its key cookie. */
async function hubScreen(link: string) {
  const answer = await fetch(link, { redirect: 'manual', signal: AbortSignal.timeout(waitMs) });
  const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const origin = new URL(link).origin;
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/socket`, {
    headers: { Cookie: cookie, Origin: origin },
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let nextId = 1;
  const call = (channel: string, input: unknown): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const onMessage = (data: Buffer) => {
        const reply = JSON.parse(String(data)) as {
          id?: number;
          result?: { ok: boolean; value?: unknown; error?: { code: string } };
        };
        if (reply.id !== id) return;
        socket.off('message', onMessage);
        if (reply.result?.ok) resolve(reply.result.value as Record<string, unknown>);
        else reject(new Error(`${channel}: ${reply.result?.error?.code}`));
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, channel, input }));
    });
  return { call, close: () => socket.close() };
}

it('a dose in flight when the hub is killed is whole or absent, and the desk says which', async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'ppv-hub-crash-'));
  mkdirSync(path.join(folder, 'renderer'));
  writeFileSync(path.join(folder, 'renderer', 'index.html'), '<!doctype html><title>PPV</title>');
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const started = await startHub(port);

  // At the hub: the PPV, a clerk and a vaccinator, the day, a walk-in present, a vial open.
  const screen = await hubScreen(started.link);
  await screen.call('ppv.setUp', {
    ppvCode: 'PPV-WPKL-0001',
    name: 'PPV Ujian',
    state: 'W.P. Kuala Lumpur',
    district: 'Kepong',
    admin: { staffId: 'ADM01', fullName: 'Pentadbir Ujian', secret: SECRET },
  });
  await screen.call('auth.signIn', { staffId: 'ADM01', secret: SECRET });
  const firstPins = new Map<string, string>();
  for (const [staffId, role] of [
    ['MGR01', 'manager'],
    ['CLERK01', 'clerk'],
    ['VAX01', 'vaccinator'],
  ] as const) {
    const created = await screen.call('user.create', {
      staffId,
      fullName: `Staf ${staffId}`,
      roles: [role],
    });
    firstPins.set(staffId, String(created['firstPin']));
  }
  await screen.call('auth.signOut', {});
  for (const staffId of ['MGR01', 'CLERK01', 'VAX01']) {
    const firstPin = firstPins.get(staffId) ?? '';
    await screen.call('auth.signIn', { staffId, secret: firstPin });
    await screen.call('auth.changeSecret', { currentSecret: firstPin, newSecret: SECRET });
    if (staffId === 'MGR01') {
      const clock = await screen.call('clock.status', {});
      await screen.call('day.open', { channel: 'walk-in', confirmedTime: clock['correctedNow'] });
    }
    if (staffId === 'CLERK01') {
      const registered = await screen.call('recipient.register', nthRecipient(1));
      const registration = registered['registration'] as { registrationId: string };
      await screen.call('auth.signOut', {});
      const vaccinatorPin = firstPins.get('VAX01') ?? '';
      await screen.call('auth.signIn', { staffId: 'VAX01', secret: vaccinatorPin });
      await screen.call('auth.changeSecret', { currentSecret: vaccinatorPin, newSecret: SECRET });
      await screen.call('presence.confirm', {
        registrationId: registration.registrationId,
        method: 'MYKAD_TYPED',
        scanned: nthRecipient(1).document.docNumber,
        reason: 'Pembaca kad tiada di meja ini',
      });
      const vial = await screen.call('vial.open', {
        gtin: GTIN.COMIRNATY,
        lot: 'LOT-KRASH-1',
        expiry: '2030-12-31',
        serial: null,
        // No lot was recorded as delivered: the vaccinator checked the lot shown on the label.
        lotConfirmed: true,
      });
      Object.assign(started, { registrationId: registration.registrationId, vial });
      break;
    }
    await screen.call('auth.signOut', {});
  }
  screen.close();
  const { registrationId, vial } = started as Started & {
    registrationId: string;
    vial: { vialId: string };
  };

  // The vaccinator's table pairs and signs in.
  const identity = await pairWithHub({
    hubAddress: started.hubAddress,
    caFingerprint: started.fingerprint,
    code: started.code,
    deskName: 'Meja vaksin 2',
    localAddress: '127.0.0.8',
  });
  desk = createDeskClient({
    identity,
    localAddress: '127.0.0.8',
    backoff: { firstMs: 50, maxMs: 200 },
    log: silentLogger,
  });
  const told: Array<{ event: EventName; payload: unknown }> = [];
  let wake = (): void => undefined;
  desk.onEventFor('vax', (event, payload) => {
    told.push({ event, payload });
    wake();
  });
  const linkTold = (connected: boolean) =>
    new Promise<{ settled: Array<{ channel: string; saved: boolean }> }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no station.link')), waitMs);
      wake = () => {
        const found = told.find(
          (e) =>
            e.event === 'station.link' &&
            (e.payload as { connected: boolean }).connected === connected,
        );
        if (!found) return;
        clearTimeout(timer);
        told.splice(told.indexOf(found), 1);
        resolve(found.payload as { settled: Array<{ channel: string; saved: boolean }> });
      };
      wake();
    });
  const signIn = await desk.dispatch(
    'auth.signIn',
    { staffId: 'VAX01', secret: SECRET },
    {
      connectionId: 'vax',
    },
  );
  expect(signIn.ok).toBe(true);

  // The dose goes out, and the hub is killed at once.
  const lost = linkTold(false);
  const inFlight = desk.dispatch(
    'dose.record',
    { registrationId, vialId: vial.vialId, administeredAt: Date.now(), site: 'L_DELTOID' },
    { connectionId: 'vax' },
  );
  const killed = hub;
  killed?.kill('SIGKILL');
  await new Promise((resolve) => killed?.once('exit', resolve));
  const answer = await inFlight;
  await lost;

  // The hub comes back on the same address; the desk reconnects and says what became of the dose.
  const back = linkTold(true);
  await startHub(port);
  const { settled } = await back;

  const key = readFileSync(path.join(folder, 'data', 'db.key'));
  const db = openDatabase({ file: path.join(folder, 'data', 'ppv-dev.db'), key });
  const stored = db.sqlite
    .prepare<[string], { n: number }>('SELECT count(*) AS n FROM doses WHERE registration_id = ?')
    .get(registrationId)?.n;
  const audited = db.sqlite
    .prepare<[], { n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'dose.record'")
    .get()?.n;
  await db.close();

  if (answer.ok) {
    // The answer beat the kill: nothing was in doubt.
    expect(stored).toBe(1);
    expect(settled).toEqual([]);
  } else {
    expect(answer.error.code).toBe('STATION_DISCONNECTED');
    expect(settled).toEqual([{ channel: 'dose.record', saved: stored === 1 }]);
  }
  // Whole or absent: the dose and its audit entry together, or neither.
  expect(audited).toBe(stored);
}, 120_000);
