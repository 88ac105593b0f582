/**
 * A desk app's token is replaced each time its device link opens, so a copy of its identity used
 * while the desk is away is caught when either of the two comes back with a token the hub had
 * replaced. Through a real hub over TLS on 127.0.0.1, desks on their own loopback addresses, the
 * real console and database.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NEW_TOKENS_PER_HOUR } from '../core/desks/registry';
import { TEST_PIN, type Harness } from '../core/testing/harness';
import { createStation } from '../core/testing/scenario';
import type { DeskIdentity } from './desk-client';
import { deskLinkPath, type HubNotice } from './desk-link';
import { ioTimeoutMs, linkOpen, startHubFixture, windowOf, type HubFixture } from './hub-fixture';
import { socketPath } from './server';

let h: Harness;
let hub: HubFixture;

beforeEach(async () => {
  h = await createStation({ openDay: true });
  hub = await startHubFixture(h);
});

afterEach(async () => {
  await hub.stop();
  h.close();
});

const signIn = (staffId: string) => ({ staffId, secret: TEST_PIN });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The desk app at `address` with a window; the identity object is what its key store holds. */
async function deskApp(identity: DeskIdentity, address: string, windowName: string) {
  const client = hub.connect(identity, address);
  const link = linkOpen(client);
  const window = windowOf(client, windowName);
  await link;
  return { client, window };
}

/** Resolves once `done` holds at the hub: checked now and whenever its desks change. */
function until(done: () => boolean): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error('the hub did not get there'));
    }, ioTimeoutMs);
    const stop = h.app.onEvent((event) => {
      if (event !== 'hub.desksChanged' || !done()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

const listed = (deskId: string) => h.app.desks.list().find((desk) => desk.deskId === deskId);
const connected = (deskId: string) => listed(deskId)?.connected === true;

/** A device link opened by hand: the token the hub answers it with, which nobody stores. */
async function rawLink(token: string, address: string) {
  const opened = await hub.socket(deskLinkPath, bearer(token), address);
  const socket = opened.socket;
  if (socket === null) throw new Error(`the link was refused (${opened.status})`);
  const issued = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no token on the link')), ioTimeoutMs);
    socket.once('message', (data) => {
      clearTimeout(timer);
      const notice = JSON.parse(String(data)) as HubNotice;
      if (notice.type === 'token') resolve(notice.token);
      else reject(new Error(`the link began with ${notice.type}`));
    });
  });
  return { socket, issued };
}

function copyAudits() {
  return h.db.sqlite
    .prepare<[], { station: string; detail: string; entity_id: string }>(
      "SELECT station, detail, entity_id FROM audit_log WHERE action = 'desk.copyDetected'",
    )
    .all();
}

describe('a desk identity copied and used while the desk is away', () => {
  it('is caught when the desk comes back: the desk is revoked, both are refused, the audit and the desk list say why', async () => {
    const identity = await hub.pair('Kaunter 2', '127.0.0.2');
    const desk = await deskApp(identity, '127.0.0.2', 'clerk');
    expect(await desk.window.code('auth.signIn', signIn('CLERK01'))).toBe('ok');
    // Evening: the desk PC is switched off; its key store is copied to another PC.
    desk.client.close();
    await until(() => !connected(identity.deskId));
    const copied: DeskIdentity = { ...identity };

    const copy = await deskApp(copied, '127.0.0.7', 'intruder');
    expect(await copy.window.code('auth.signIn', signIn('VAX01'))).toBe('ok');
    copy.client.close();
    await until(() => !connected(identity.deskId));
    expect(listed(identity.deskId)).toMatchObject({ revokedAt: null });

    // Morning: the desk comes back with the token the copy's use replaced.
    const back = hub.connect(identity, '127.0.0.2');
    const backWindow = windowOf(back, 'morning');
    const refused = backWindow.next('station.link', (link: { refused: boolean }) => link.refused);
    void backWindow.call('queue.list', {});
    await refused;
    expect(await backWindow.code('queue.list', {})).toBe('HUB_GONE');

    // Neither holder gets anything, not even the page: the desk's token nor the copy's newer one.
    for (const token of [identity.token, copied.token]) {
      for (const address of ['127.0.0.2', '127.0.0.7']) {
        const page = await hub.fetch('/', { headers: bearer(token), localAddress: address });
        expect(page.status).toBe(403);
        expect(page.body).not.toContain('PPV Console');
        expect((await hub.socket(deskLinkPath, bearer(token), address)).status).toBe(403);
        expect((await hub.socket(socketPath, bearer(token), address)).status).toBe(403);
      }
    }
    // The manager's list, through the dispatcher, says why.
    expect(h.ok('mgr', 'hub.desks', {})).toEqual([
      expect.objectContaining({ name: 'Kaunter 2', revokedAsCopied: true, connected: false }),
    ]);
    const [audit, ...more] = copyAudits();
    expect(more).toEqual([]);
    expect(audit?.entity_id).toBe(identity.deskId);
    expect(audit?.station).toContain('Kaunter 2@127.0.0.2');
    expect(JSON.parse(audit?.detail ?? '{}')).toEqual({ name: 'Kaunter 2', address: '127.0.0.2' });

    // The manager pairs the desk again: its name is free, and the new identity works.
    const again = await hub.pair('Kaunter 2', '127.0.0.2');
    const repaired = await deskApp(again, '127.0.0.2', 'repaired');
    expect(await repaired.window.code('auth.signIn', signIn('CLERK01'))).toBe('ok');
  });

  it('is caught even when the copy never says it stored its token, once it has used it for a session', async () => {
    const identity = await hub.pair('Kaunter 2', '127.0.0.2');
    const desk = await deskApp(identity, '127.0.0.2', 'clerk');
    desk.client.close();
    await until(() => !connected(identity.deskId));

    const copyLink = await rawLink(identity.token, '127.0.0.7');
    const session = await hub.socket(socketPath, bearer(copyLink.issued), '127.0.0.7');
    expect(session.status).toBe(101);
    session.socket?.terminate();
    copyLink.socket.terminate();
    await until(() => !connected(identity.deskId));

    const back = await hub.socket(deskLinkPath, bearer(identity.token), '127.0.0.2');
    expect(back.status).toBe(403);
    expect(listed(identity.deskId)).toMatchObject({ revokedAsCopied: true });
    expect(copyAudits()).toHaveLength(1);
  });
});

describe('a copy that only runs the desk’s device link (its card reader), no window', () => {
  it('is caught when the desk comes back: the copy said it stored the token its link was given', async () => {
    const identity = await hub.pair('Kaunter 2', '127.0.0.2');
    const desk = await deskApp(identity, '127.0.0.2', 'clerk');
    desk.client.close();
    await until(() => !connected(identity.deskId));

    const copy = hub.connect({ ...identity }, '127.0.0.7');
    await linkOpen(copy);
    copy.close();
    await until(() => !connected(identity.deskId));

    expect((await hub.socket(deskLinkPath, bearer(identity.token), '127.0.0.2')).status).toBe(403);
    expect(listed(identity.deskId)).toMatchObject({ revokedAsCopied: true });
  });

  it('is not believed when it says it stored a token its link was not given', async () => {
    const identity = await hub.pair('Kaunter 2', '127.0.0.2');
    const link = await rawLink(identity.token, '127.0.0.2');
    link.socket.send(JSON.stringify({ type: 'tokenStored', token: `${identity.deskId}.made-up` }));
    link.socket.close();
    await until(() => !connected(identity.deskId));
    // The token before is still the desk's way in: nothing was stored.
    const desk = await deskApp(identity, '127.0.0.2', 'clerk');
    expect(await desk.window.code('auth.signIn', signIn('CLERK01'))).toBe('ok');
    expect(copyAudits()).toEqual([]);
  });
});

describe('a copy that stays off the device link', () => {
  it('gets no session with the desk’s token while the desk is away, by header or cookie, and no page', async () => {
    const identity = await hub.pair('Kaunter 2', '127.0.0.2');
    const desk = await deskApp(identity, '127.0.0.2', 'clerk');
    desk.client.close();
    await until(() => !connected(identity.deskId));

    const cookie = { Cookie: `ppv-desk-${hub.port}=${identity.token}` };
    expect((await hub.socket(socketPath, bearer(identity.token), '127.0.0.7')).status).toBe(409);
    const fromPage = { ...cookie, Origin: `https://127.0.0.1:${hub.port}` };
    expect((await hub.socket(socketPath, fromPage, '127.0.0.7')).status).toBe(403);
    for (const headers of [bearer(identity.token), cookie]) {
      const page = await hub.fetch('/', { headers, localAddress: '127.0.0.7' });
      expect(page.status).toBe(403);
      expect(page.body).not.toContain('PPV Console');
    }
    // The desk itself comes back as before.
    const back = await deskApp(identity, '127.0.0.2', 'morning');
    expect(await back.window.code('auth.signIn', signIn('CLERK01'))).toBe('ok');
  });
});

describe('an honest desk whose new token never reached its key store', () => {
  it('gets in with the token before it when the link dropped before the answer was stored, once', async () => {
    const identity = await hub.pair('Kaunter 2', '127.0.0.2');
    const lost = await rawLink(identity.token, '127.0.0.2');
    lost.socket.terminate();
    await until(() => !connected(identity.deskId));

    const desk = await deskApp(identity, '127.0.0.2', 'clerk');
    expect(await desk.window.code('auth.signIn', signIn('CLERK01'))).toBe('ok');
    expect(identity.token).not.toBe(lost.issued);
    expect(listed(identity.deskId)).toMatchObject({ revokedAt: null });
    expect(copyAudits()).toEqual([]);
  });

  it('gets in with the token before it when the hub restarted after replacing it, before the desk stored the new one', async () => {
    const identity = await hub.pair('Kaunter 2', '127.0.0.2');
    const lost = await rawLink(identity.token, '127.0.0.2');
    await hub.stopServer();
    lost.socket.terminate();
    await hub.restartServer();

    const desk = await deskApp(identity, '127.0.0.2', 'clerk');
    expect(await desk.window.code('auth.signIn', signIn('CLERK01'))).toBe('ok');
    expect(listed(identity.deskId)).toMatchObject({ revokedAt: null });
  });

  it('gets a session only with the new token once stored: the token before opens the link only', async () => {
    const identity = await hub.pair('Kaunter 2', '127.0.0.2');
    const link = await rawLink(identity.token, '127.0.0.2');
    expect((await hub.socket(socketPath, bearer(identity.token), '127.0.0.2')).status).toBe(409);
    const session = await hub.socket(socketPath, bearer(link.issued), '127.0.0.2');
    expect(session.status).toBe(101);
    // The new token used: the one before is a copy's from now on.
    link.socket.terminate();
    session.socket?.terminate();
    await until(() => !connected(identity.deskId));
    expect((await hub.socket(deskLinkPath, bearer(identity.token), '127.0.0.2')).status).toBe(403);
    expect(listed(identity.deskId)).toMatchObject({ revokedAsCopied: true });
  });
});

describe('a desk whose key store cannot store its new token', () => {
  it('goes on with the token it has: not taken for a copy, and its windows open once a new token is stored', async () => {
    const identity = await hub.pair('Kaunter 2', '127.0.0.2');
    const paired = identity.token;
    let storeWorks = false;
    const client = hub.connect(identity, '127.0.0.2', () => {
      if (!storeWorks) throw new Error('the key store is locked');
    });
    await linkOpen(client);
    const window = windowOf(client, 'clerk');
    const waiting = window.code('auth.signIn', signIn('CLERK01'));
    expect(identity.token).toBe(paired);

    // The key store works again; the link reopens (here: the hub restarts) and stores a new token.
    storeWorks = true;
    const reconnected = window.next(
      'station.link',
      (link: { connected: boolean }) => link.connected,
    );
    await hub.stopServer();
    await hub.restartServer();
    expect(await waiting).toBe('HUB_GONE');
    await reconnected;
    expect(await window.code('auth.signIn', signIn('CLERK01'))).toBe('ok');
    expect(identity.token).not.toBe(paired);
    expect(listed(identity.deskId)).toMatchObject({ revokedAt: null });
    expect(copyAudits()).toEqual([]);
  });
});

describe('two device links opened at once with the same token', () => {
  it('both open (the later replaces the earlier), the later one’s token is the desk’s, and the earlier one’s is retired', async () => {
    const identity = await hub.pair('Kaunter 2', '127.0.0.2');
    const [first, second] = await Promise.all([
      rawLink(identity.token, '127.0.0.2'),
      rawLink(identity.token, '127.0.0.2'),
    ]);
    // Asked of the database: authenticating the retired one would revoke the desk here and now.
    const { token_hash: current } = h.db.sqlite
      .prepare<[string], { token_hash: string }>('SELECT token_hash FROM desks WHERE id = ?')
      .get(identity.deskId) ?? { token_hash: '' };
    const hashOf = (token: string) =>
      createHash('sha256')
        .update(token.split('.')[1] ?? '')
        .digest('hex');
    const later = hashOf(first.issued) === current ? first : second;
    const earlier = later === first ? second : first;
    expect(hashOf(later.issued)).toBe(current);
    first.socket.terminate();
    second.socket.terminate();
    await until(() => !connected(identity.deskId));

    // The desk stored neither answer: the token it has still opens its link, and it carries on.
    const desk = await deskApp(identity, '127.0.0.2', 'clerk');
    expect(await desk.window.code('auth.signIn', signIn('CLERK01'))).toBe('ok');
    desk.client.close();
    await until(() => !connected(identity.deskId));
    // A token handed out and then replaced before any use is never the desk's again.
    expect((await hub.socket(deskLinkPath, bearer(earlier.issued), '127.0.0.2')).status).toBe(403);
    expect(listed(identity.deskId)).toMatchObject({ revokedAsCopied: true });
  });
});

describe('a desk revoked as copied', () => {
  it('stays refused with every token it ever had, and the manager cannot revoke it again', async () => {
    const identity = await hub.pair('Kaunter 2', '127.0.0.2');
    const first = identity.token;
    const desk = await deskApp(identity, '127.0.0.2', 'clerk');
    desk.client.close();
    await until(() => !connected(identity.deskId));
    expect((await hub.socket(deskLinkPath, bearer(first), '127.0.0.7')).status).toBe(403);
    expect(listed(identity.deskId)).toMatchObject({ revokedAsCopied: true });

    for (const token of [first, identity.token]) {
      expect((await hub.socket(deskLinkPath, bearer(token), '127.0.0.2')).status).toBe(403);
      expect(h.app.desks.authenticate(token, '127.0.0.2').kind).toBe('unknown');
    }
    expect(
      h.refused('mgr', 'hub.revokeDesk', { deskId: identity.deskId, reason: 'Sekali lagi' }),
    ).toBe('DESK_NOT_FOUND');
    expect(copyAudits()).toHaveLength(1);
  });
});

describe('a desk reopening its device link over and over', () => {
  it('is given its last token again past the hourly budget of new ones: no more rows, no more commits, and still its own way in', async () => {
    const identity = await hub.pair('Kaunter 2', '127.0.0.2');
    const retired = () =>
      h.db.sqlite.prepare('SELECT count(*) AS n FROM desk_retired_tokens').get() as { n: number };
    let token = identity.token;
    for (let opened = 0; opened < NEW_TOKENS_PER_HOUR; opened += 1) {
      const link = await rawLink(token, '127.0.0.2');
      expect(link.issued).not.toBe(token);
      token = link.issued;
      link.socket.close();
      await until(() => !connected(identity.deskId));
    }
    expect(retired().n).toBe(NEW_TOKENS_PER_HOUR - 1);

    // Twice past the budget: the same token each time, audited once (a copy used meanwhile would
    // not replace the desk's token, so the manager is told).
    for (let opened = 0; opened < 2; opened += 1) {
      const again = await rawLink(token, '127.0.0.2');
      expect(again.issued).toBe(token);
      again.socket.close();
      await until(() => !connected(identity.deskId));
    }
    expect(retired().n).toBe(NEW_TOKENS_PER_HOUR - 1);
    const throttled = h.db.sqlite
      .prepare<[], { detail: string }>(
        "SELECT detail FROM audit_log WHERE action = 'desk.tokensThrottled'",
      )
      .all();
    expect(throttled.map((row) => JSON.parse(row.detail) as unknown)).toEqual([
      { name: 'Kaunter 2', address: '127.0.0.2', newTokensPerHour: NEW_TOKENS_PER_HOUR },
    ]);

    h.clock.advance(60 * 60_000);
    identity.token = token;
    const desk = await deskApp(identity, '127.0.0.2', 'clerk');
    expect(identity.token).not.toBe(token);
    expect(await desk.window.code('auth.signIn', signIn('CLERK01'))).toBe('ok');
    expect(copyAudits()).toEqual([]);
  });
});
