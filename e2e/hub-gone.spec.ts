/**
 * The hub gone, on a desk's screen: the hub runs as its own process (`npm start -- --lan`, on
 * 127.0.0.2 over its own TLS) and a browser desk is paired with it. The hub is frozen while the
 * clerk presses "register", then killed: every screen says in Malay and English that the hub is
 * gone, the desk's buttons are disabled and a call answers HUB_GONE. The hub is started again on
 * the same address: the desk reconnects by itself, asks for the sign-in again and says the
 * registration in flight was not saved — which is what the hub's database holds.
 */
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open';
import type { PpvApi } from '../electron/contract';
import { spkiHashOf } from '../electron/station/pki';
import { en, ms, type MessageKey } from '../renderer/i18n/messages';
import { checkScreen, ppvWithStaff } from './screens';

/** Synthetic: born 14 May 1990, Selangor (14), male (odd last digit). */
const AHMAD = { mykad: '900514145001', name: 'Ahmad bin Ujian' };
const SECRET = 'kata-laluan-2026';
const HOST = '127.0.0.2';
const root = path.resolve(import.meta.dirname, '..');
const t = (key: MessageKey, params: Record<string, string> = {}) =>
  ms[key].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
const inEnglish = (key: MessageKey, params: Record<string, string> = {}) =>
  en[key].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');

interface Started {
  /** The one-time link to the hub's own screens (on 127.0.0.1). */
  link: string;
  /** `https://127.0.0.2:PORT`, where desks reach it. */
  origin: string;
  code: string;
}

let folder: string;
let hub: ChildProcess | undefined;
let browser: Browser | undefined;

test.afterEach(async () => {
  await browser?.close();
  if (hub?.exitCode === null && hub.signalCode === null) hub.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

/** A port free on the hub's address, for it to come back on after the kill. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Browser mode as the PPV's hub, with its data in the test's folder; resolves with what it prints. */
function startHub(port: number): Promise<Started> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/station/index.ts',
      '--browser',
      path.join(folder, 'no-browser'),
      '--lan',
      `${HOST}:${port}`,
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
    child.once('exit', (code) => reject(new Error(`the hub exited with ${code}: ${output}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const [link, origin, code] = [
        /\(browser mode\): (\S+)\n/,
        /network: (https:\/\/\S+)\n/,
        /Pairing code for a desk: (\S+) /,
      ].map((pattern) => pattern.exec(output)?.[1]);
      if (link && origin && code) resolve({ link, origin, code });
    });
  });
}

/** Kills the hub, as a power cut or a crash would, and waits until it is gone. */
async function killHub(): Promise<void> {
  const dying = hub;
  if (!dying) return;
  const gone = new Promise((resolve) => dying.once('exit', resolve));
  dying.kill('SIGKILL');
  await gone;
}

/** What the hub's database holds of `action` and of recipients, read once it is stopped. */
async function heldAtHub(action: string): Promise<{ audited: number; recipients: number }> {
  const key = readFileSync(path.join(folder, 'data', 'db.key'));
  const db = openDatabase({ file: path.join(folder, 'data', 'ppv-dev.db'), key });
  const count = (sql: string, ...params: string[]) =>
    db.sqlite.prepare<string[], { n: number }>(sql).get(...params)?.n ?? -1;
  const held = {
    audited: count('SELECT count(*) AS n FROM audit_log WHERE action = ?', action),
    recipients: count('SELECT count(*) AS n FROM recipients'),
  };
  await db.close();
  return held;
}

async function signIn(page: Page, staffId: string): Promise<void> {
  await expect(page.getByRole('heading', { name: t('signIn.title') })).toBeVisible();
  await page.getByLabel(t('signIn.staffId'), { exact: true }).fill(staffId);
  await page.getByLabel(t('signIn.secret')).fill(SECRET);
  await page.getByLabel(t('signIn.secret')).press('Enter');
}

/** The clerk's new-recipient form, filled for Ahmad, its submit button not yet pressed. */
async function fillWalkIn(clerk: Page): Promise<void> {
  const documentField = clerk.getByLabel(t('desk.find.docNumber'));
  await documentField.fill(AHMAD.mykad);
  await documentField.press('Enter');
  await clerk.getByLabel(t('desk.new.fullName')).fill(AHMAD.name);
  await clerk.getByLabel(t('desk.new.postcode')).fill('43000');
  await clerk.getByLabel(t('desk.new.state')).fill('Selangor');
  await clerk.getByLabel(t('desk.visit.phone')).fill('+60123456789');
}

/**
 * The hub started on a free port of 127.0.0.2, its own screen set up with a manager and a clerk
 * and the day open, and a browser desk paired ("Kaunter 3") with the clerk signed in. `beforeDesk`
 * runs on the desk's page before it opens anything (Playwright's clock is installed there).
 */
async function hubWithClerkAtDesk(
  beforeDesk: (page: Page) => Promise<void> = async () => undefined,
): Promise<{ port: number; atHub: Page; clerk: Page }> {
  folder = mkdtempSync(path.join(tmpdir(), 'ppv-e2e-hub-gone-'));
  const port = await freePort();
  const started = await startHub(port);
  const caSpkiHash = spkiHashOf(readFileSync(path.join(folder, 'data', 'hub-ca.crt'), 'utf8'));
  browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', `--ignore-certificate-errors-spki-list=${caSpkiHash}`],
  });

  // At the hub's own screen: the PPV, a manager who opens the day, and a clerk.
  const atHub = await (await browser.newContext()).newPage();
  await atHub.goto(started.link);
  await ppvWithStaff(
    atHub,
    [
      { staffId: 'MGR01', fullName: 'Pengurus Ujian', roles: ['manager'] },
      { staffId: 'CLERK01', fullName: 'Kerani Ujian', roles: ['clerk'] },
    ],
    { secret: SECRET, openDay: true },
  );

  // The registration counter pairs over TLS and the clerk signs in.
  const clerk = await (await browser.newContext()).newPage();
  await beforeDesk(clerk);
  await clerk.goto(`${started.origin}/pair?code=${started.code}`);
  await clerk.getByLabel(/Nama meja/).fill('Kaunter 3');
  await clerk.getByRole('button', { name: /Pasangkan/ }).click();
  await signIn(clerk, 'CLERK01');
  await expect(clerk.getByTestId('status-desk')).toHaveText(
    t('status.desk', { name: 'Kaunter 3' }),
  );
  await expect(clerk.getByTestId('hub-link')).toHaveCount(0);
  return { port, atHub, clerk };
}

/** Every screen of the desk disabled under the banner, and the bridge answering HUB_GONE. */
async function expectDeskGone(clerk: Page): Promise<void> {
  const banner = clerk.getByTestId('hub-link');
  await expect(banner).toContainText(t('link.gone'));
  await expect(banner).toContainText(inEnglish('link.gone'));
  await expect(clerk.getByRole('button', { name: t('desk.new.submit') })).toBeDisabled();
  await expect(clerk.getByLabel(t('desk.new.fullName'))).toBeDisabled();
  await expect(clerk.getByRole('button', { name: t('nav.signOut') })).toBeDisabled();
  // Past the screen, straight at the bridge: refused at once, with its code, nothing sent.
  const refused = await clerk.evaluate(async () => {
    const { ppv } = globalThis as unknown as { ppv: PpvApi };
    const answer = await ppv.invoke('queue.list', {});
    return answer.ok ? null : answer.error;
  });
  expect(refused?.code).toBe('HUB_GONE');
  expect(refused?.message.en).toBe(
    'The hub cannot be reached. Nothing is saved at this desk; reconnecting.',
  );
}

test('the hub killed mid-session: the desk says so, writes nothing, and signs in again when it is back', async () => {
  test.setTimeout(180_000);
  const { port, atHub, clerk } = await hubWithClerkAtDesk();

  // The hub freezes as the clerk presses "register", and dies with the registration unread.
  await fillWalkIn(clerk);
  hub?.kill('SIGSTOP');
  const submit = clerk.getByRole('button', { name: t('desk.new.submit') });
  await submit.click();
  await expect(submit).toBeDisabled();
  await killHub();

  // Every screen says so at once, in both languages, and nothing can be done.
  const banner = clerk.getByTestId('hub-link');
  await expectDeskGone(clerk);
  await expect(atHub.getByTestId('hub-link')).toContainText(inEnglish('link.gone'));
  await expect(submit).toBeDisabled();
  await checkScreen(clerk, 'hub-gone-1-banner');

  // The hub comes back on its address: the desk reconnects, asks for the sign-in, and says the
  // registration it was sending was not saved.
  await startHub(port);
  await expect(banner).toContainText(t('link.back'), { timeout: 60_000 });
  await expect(banner).toContainText(inEnglish('link.back'));
  const settled = clerk.getByTestId('hub-link-settled');
  await expect(settled).toHaveCount(1);
  await expect(settled).toContainText(
    t('link.notSaved', { action: t('link.action.recipient.register') }),
  );
  await expect(settled).toContainText(
    inEnglish('link.notSaved', { action: inEnglish('link.action.recipient.register') }),
  );
  await expect(clerk.getByRole('heading', { name: t('signIn.title') })).toBeVisible();
  await checkScreen(clerk, 'hub-gone-2-back');

  // Signed in again, the clerk registers Ahmad: once, and the hub holds exactly that.
  await clerk.getByRole('button', { name: t('link.dismiss') }).click();
  await expect(banner).toHaveCount(0);
  await signIn(clerk, 'CLERK01');
  await fillWalkIn(clerk);
  await clerk.getByRole('button', { name: t('desk.new.submit') }).click();
  await expect(clerk.getByText(t('desk.registered', { name: AHMAD.name }))).toBeVisible();
  await killHub();
  expect(await heldAtHub('recipient.register')).toEqual({ audited: 1, recipients: 1 });
});

test('the hub frozen with the desk’s socket open: the heartbeat notices, and the desk says the registration was saved once the hub answers again', async () => {
  test.setTimeout(180_000);
  // The desk's timers run on Playwright's clock: its heartbeat is moved on, never waited for.
  const { clerk } = await hubWithClerkAtDesk((page) => page.clock.install());

  // The hub freezes (a hung PC: its port open, its process answering nothing) as the clerk
  // presses "register". No socket closes: nothing but the heartbeat can tell.
  await fillWalkIn(clerk);
  hub?.kill('SIGSTOP');
  const submit = clerk.getByRole('button', { name: t('desk.new.submit') });
  await submit.click();
  await expect(submit).toBeDisabled();
  await expect(clerk.getByTestId('hub-link')).toHaveCount(0);

  // Three pings' time (two unanswered, then given up): the banner, and the screen disabled.
  await clerk.clock.runFor(16_000);
  await expectDeskGone(clerk);
  await checkScreen(clerk, 'hub-silent-1-banner');

  // The hub wakes: it runs the registration it was holding, the desk reconnects, asks for the
  // sign-in and says the registration was saved — which is what the hub's database holds.
  hub?.kill('SIGCONT');
  const banner = clerk.getByTestId('hub-link');
  await expect(banner).toContainText(t('link.back'), { timeout: 60_000 });
  await expect(banner).toContainText(inEnglish('link.back'));
  const settled = clerk.getByTestId('hub-link-settled');
  await expect(settled).toContainText(
    t('link.saved', { action: t('link.action.recipient.register') }),
  );
  await expect(settled).toContainText(
    inEnglish('link.saved', { action: inEnglish('link.action.recipient.register') }),
  );
  await expect(clerk.getByRole('heading', { name: t('signIn.title') })).toBeVisible();
  await checkScreen(clerk, 'hub-silent-2-back');
  await killHub();
  expect(await heldAtHub('recipient.register')).toEqual({ audited: 1, recipients: 1 });
});
