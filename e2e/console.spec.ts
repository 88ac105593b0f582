/**
 * The console in Chromium through the station server, on a fresh database: the PPV is set up, the
 * admin signs in and adds a clerk, the clerk changes the first PIN the console generated — each screen checked for what it
 * shows, saved as a screenshot (test-results/screens/) and scanned for accessibility (axe: no serious
 * or critical violation). Once in Malay, once in English. Then a keyboard-wedge scanner on the
 * device screen: a vial code at scanner speed is a scan, at a person's speed it is typing.
 */
import { expect, test, type Page } from '@playwright/test';
import { startConsoleStation, type ConsoleStation } from './console-station';
import { countKeys } from './desk-keys';
import { checkScreen, ppvWithStaff, setUpPpvOnScreen, signInOnScreen } from './screens';
const VIAL = '0109506000134352172712311' + '0AB-123';

let station: ConsoleStation;
test.beforeEach(async () => {
  station = await startConsoleStation();
});
test.afterEach(async () => station.close());

const words = {
  ms: {
    setUpTitle: 'Sediakan PPV ini',
    ppvCode: 'Kod PPV',
    ppvName: 'Nama PPV',
    state: 'Negeri',
    district: 'Daerah',
    adminStaffId: 'ID staf pentadbir',
    adminName: 'Nama penuh pentadbir',
    adminSecret: 'Kata laluan pentadbir',
    setUp: 'Sediakan PPV',
    signInTitle: 'Log masuk',
    staffId: 'ID staf',
    secret: 'Kata laluan atau PIN',
    signIn: 'Log masuk',
    wrongSecret: /tidak sah|salah/i,
    adminTab: 'Pentadbir',
    usersTitle: 'Pengguna staf',
    fullName: 'Nama penuh',
    clerkRole: 'kerani pendaftaran',
    addUser: 'Tambah pengguna',
    added: 'Pengguna CLERK01 ditambah.',
    signOut: 'Log keluar',
    changeTitle: 'Tukar kata laluan',
    current: 'PIN sementara',
    newSecret: 'Kata laluan baharu',
    change: 'Tukar',
    clerkTab: 'Kaunter pendaftaran',
    statusUser: 'Pengguna: Kerani Ujian',
    statusDay: 'Hari: tiada hari dibuka',
  },
  en: {
    setUpTitle: 'Set up this PPV',
    ppvCode: 'PPV code',
    ppvName: 'PPV name',
    state: 'State',
    district: 'District',
    adminStaffId: 'Admin staff ID',
    adminName: "Admin's full name",
    adminSecret: "Admin's password",
    setUp: 'Set up the PPV',
    signInTitle: 'Sign in',
    staffId: 'Staff ID',
    secret: 'Password or PIN',
    signIn: 'Sign in',
    wrongSecret: /not valid|wrong|incorrect/i,
    adminTab: 'Admin',
    usersTitle: 'Staff users',
    fullName: 'Full name',
    clerkRole: 'registration clerk',
    addUser: 'Add user',
    added: 'User CLERK01 added.',
    signOut: 'Sign out',
    changeTitle: 'Change your password',
    current: 'Temporary PIN',
    newSecret: 'New password',
    change: 'Change',
    clerkTab: 'Registration desk',
    statusUser: 'User: Kerani Ujian',
    statusDay: 'Day: no day open',
  },
} as const;

for (const language of ['ms', 'en'] as const) {
  const w = words[language];
  test(`set-up, sign-in, staff and a first PIN, in ${language === 'ms' ? 'Malay' : 'English'}`, async ({
    page,
  }) => {
    await page.goto(station.url);
    await expect(page.getByRole('heading', { name: words.ms.setUpTitle })).toBeVisible();
    if (language === 'en') await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: w.setUpTitle })).toBeVisible();
    await checkScreen(page, `${language}-1-set-up`);

    await page.getByLabel(w.ppvCode).fill('PPV-WPKL-0001');
    await page.getByLabel(w.ppvName).fill('PPV Dewan Ujian');
    await page.getByLabel(w.state).fill('W.P. Kuala Lumpur');
    await page.getByLabel(w.district).fill('Kuala Lumpur');
    await page.getByLabel(w.adminStaffId).fill('ADM01');
    await page.getByLabel(w.adminName).fill('Pentadbir Ujian');
    await page.getByLabel(w.adminSecret).fill('rahsia-pentadbir-2026');
    await page.getByRole('button', { name: w.setUp }).click();

    await expect(page.getByRole('heading', { name: w.signInTitle })).toBeVisible();
    await checkScreen(page, `${language}-2-sign-in`);
    await page.getByLabel(w.staffId, { exact: true }).fill('ADM01');
    await page.getByLabel(w.secret).fill('bukan-kata-laluan');
    await page.getByLabel(w.secret).press('Enter');
    await expect(page.getByRole('alert')).toHaveText(w.wrongSecret);
    await page.getByLabel(w.secret).fill('rahsia-pentadbir-2026');
    await page.getByLabel(w.secret).press('Enter');

    await expect(page.getByRole('button', { name: w.adminTab })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(page.getByRole('heading', { name: w.usersTitle })).toBeVisible();
    await page.getByLabel(w.staffId, { exact: true }).fill('CLERK01');
    await page.getByLabel(w.fullName, { exact: true }).fill('Kerani Ujian');
    await page.getByLabel(w.clerkRole).check();
    await page.getByRole('button', { name: w.addUser }).click();
    await expect(page.getByRole('status').filter({ hasText: w.added })).toBeVisible();
    const firstPin = (await page.getByTestId('first-pin').textContent()) ?? '';
    await expect(page.getByRole('cell', { name: 'Kerani Ujian' })).toBeVisible();
    await checkScreen(page, `${language}-3-admin`);
    await page.getByRole('button', { name: w.signOut }).click();

    await expect(page.getByRole('heading', { name: w.signInTitle })).toBeVisible();
    await page.getByLabel(w.staffId, { exact: true }).fill('CLERK01');
    await page.getByLabel(w.secret).fill(firstPin);
    await page.getByLabel(w.secret).press('Enter');
    await expect(page.getByRole('heading', { name: w.changeTitle })).toBeVisible();
    await checkScreen(page, `${language}-4-change-pin`);
    await page.getByLabel(w.current).fill(firstPin);
    await page.getByLabel(w.newSecret).fill('kata-laluan-kerani-2026');
    await page.getByRole('button', { name: w.change }).click();

    await expect(page.getByRole('button', { name: w.clerkTab })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(page.getByText(w.statusUser)).toBeVisible();
    await expect(page.getByTestId('status-day')).toHaveText(w.statusDay);
    await checkScreen(page, `${language}-5-clerk`);
  });
}

/**
 * Holds the console's replies on the page's socket for the channels named while `holding` is on, so
 * a test can look at the screen while an answer is still on its way.
 */
async function holdReplies(page: Page, channels: ReadonlySet<string>) {
  const held: Array<() => void> = [];
  const control = {
    holding: false,
    release() {
      control.holding = false;
      for (const send of held.splice(0)) send();
    },
  };
  await page.routeWebSocket(/\/socket/, (socket) => {
    const server = socket.connectToServer();
    const channelOf = new Map<unknown, string>();
    socket.onMessage((message) => {
      const { id, channel } = JSON.parse(String(message)) as { id: unknown; channel: string };
      channelOf.set(id, channel);
      server.send(message);
    });
    server.onMessage((message) => {
      const { id } = JSON.parse(String(message)) as { id?: unknown };
      if (control.holding && channels.has(channelOf.get(id) ?? ''))
        held.push(() => socket.send(message));
      else socket.send(message);
    });
  });
  return control;
}

test('the sign-in form a person reaches is never replaced while they type', async ({ page }) => {
  const replies = await holdReplies(page, new Set(['ppv.status', 'auth.session', 'auth.signOut']));
  await page.goto(station.url);
  await expect(page.getByRole('heading', { name: 'Sediakan PPV ini' })).toBeVisible();
  replies.holding = true;
  await setUpPpvOnScreen(page, 'ms', 'rahsia-pentadbir-2026');

  // Set up: the sign-in form is there at once, and what is typed into it stays.
  await expect(page.getByRole('heading', { name: 'Log masuk' })).toBeVisible();
  await page.getByLabel('ID staf', { exact: true }).fill('ADM01');
  replies.release();
  await page.getByLabel('Kata laluan atau PIN').fill('rahsia-pentadbir-2026');
  await page.getByLabel('Kata laluan atau PIN').press('Enter');
  await expect(page.getByRole('button', { name: 'Log keluar' })).toBeVisible();

  // Signed out while the server has not answered yet: the desk is gone and the next person types.
  replies.holding = true;
  await page.getByRole('button', { name: 'Log keluar' }).click();
  await expect(page.getByRole('heading', { name: 'Log masuk' })).toBeVisible();
  await page.getByLabel('ID staf', { exact: true }).fill('ADM01');
  replies.release();
  await expect(page.getByLabel('ID staf', { exact: true })).toHaveValue('ADM01');
  await page.getByLabel('Kata laluan atau PIN').fill('rahsia-pentadbir-2026');
  await page.getByLabel('Kata laluan atau PIN').press('Enter');
  await expect(page.getByRole('button', { name: 'Log keluar' })).toBeVisible();
});

test('the staff form appears with the staff list, so the list arriving never moves it', async ({
  page,
}) => {
  await page.goto(station.url);
  await ppvWithStaff(page, [], { secret: 'rahsia-pentadbir-2026', openDay: false });
  const replies = await holdReplies(page, new Set(['user.list']));
  await page.reload();
  replies.holding = true;
  await signInOnScreen(page, 'ms', 'ADM01', 'rahsia-pentadbir-2026');
  await expect(page.getByRole('heading', { name: 'Pengguna staf' })).toBeVisible();
  await expect(page.getByText('Memuatkan…')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Tambah pengguna' })).toHaveCount(0);

  replies.release();
  await expect(page.getByRole('cell', { name: 'Pentadbir Ujian' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Tambah pengguna' })).toBeVisible();
});

test('a keyboard-wedge scan is told from typing on the device screen', async ({ page }) => {
  await page.goto(station.url);
  await setUpPpvOnScreen(page, 'ms', 'rahsia-pentadbir-2026');
  await expect(page.getByRole('heading', { name: 'Log masuk' })).toBeVisible();
  await signInOnScreen(page, 'ms', 'ADM01', 'rahsia-pentadbir-2026');

  const field = page.getByLabel('Imbas kod, atau taip dan tekan Enter');
  await field.focus();
  await countKeys(page).scan(VIAL);
  await expect(page.getByTestId('scan-outcome')).toHaveText('Imbasan: kod vial');
  await expect(field).toHaveValue('');

  await page.keyboard.type(VIAL, { delay: 90 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('scan-outcome')).toHaveText(`Ditaip: ${VIAL}`);
  await expect(field).toHaveValue(VIAL);
  await checkScreen(page, 'ms-6-devices');
});
