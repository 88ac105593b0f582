/**
 * The hub's desks through the real dispatcher and database: pairing codes (who may issue them,
 * where, for how long, how often), desk identities and their revocation, each station's devices
 * kept to itself, and the outcome of a write a desk lost its link in the middle of.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput, DispatchResult } from '../../contract';
import type { MyKadIdentity } from '../../contract/devices';
import type { CallContext } from '../dispatch/types';
import { createHarness, MINUTE, TEST_PIN, type Harness } from '../testing/harness';
import { createStation, nthRecipient } from '../testing/scenario';
import {
  HUB_STATION,
  PAIRING_CODE_LIFETIME_MS,
  PAIRING_THROTTLE_MS,
  WRONG_CODES_BEFORE_WITHDRAWAL,
  WRONG_CODES_PER_ADDRESS,
  type DeskIdentity,
} from './registry';

let h: Harness;
afterEach(() => h.close());

const network = { hubUrls: ['https://127.0.0.2:8443'], caFingerprint: 'AB:'.repeat(31) + 'AB' };

async function hub(options: { network?: boolean } = {}) {
  h = await createStation({ openDay: true });
  if (options.network !== false) h.app.desks.setNetwork(network);
  return h;
}

/** A call from a paired desk's connection, as the station server makes it. */
function atDesk<C extends ChannelName>(
  desk: { id: string; name: string },
  connectionId: string,
  channel: C,
  input: ChannelInput<C>,
  extra: Partial<CallContext> = {},
) {
  return h.app.dispatchSync(channel, input, {
    connectionId,
    stationId: `desk:${desk.id}`,
    desk: { id: desk.id, name: desk.name },
    ...extra,
  }) as DispatchResult<ChannelOutput<C>>;
}

/** Signs a person in at a paired desk's connection: a secret check, so through `dispatch`. */
async function signInAtDesk(
  desk: { id: string; name: string },
  connectionId: string,
  input: ChannelInput<'auth.signIn'>,
) {
  return h.app.dispatch('auth.signIn', input, {
    connectionId,
    stationId: `desk:${desk.id}`,
    desk: { id: desk.id, name: desk.name },
  });
}

function code(): string {
  return h.ok('mgr', 'hub.issuePairingCode', {}).code;
}

function pair(name: string, pairingCode = code()): DeskIdentity {
  return h.app.desks.pair({ code: pairingCode, deskName: name, address: '127.0.0.3', app: true });
}

function pairingRefusal(input: { code: string; deskName: string }, address = '127.0.0.9'): string {
  try {
    h.app.desks.pair({ ...input, address, app: true });
  } catch (error) {
    return (error as { code: string }).code;
  }
  throw new Error('the pairing was expected to be refused');
}

describe('pairing codes', () => {
  it('are issued by a manager or admin at the hub, audited without the code itself', async () => {
    await hub();
    const issued = h.ok('mgr', 'hub.issuePairingCode', {});
    expect(issued.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(issued.expiresAt - h.clock.now()).toBe(PAIRING_CODE_LIFETIME_MS);
    expect(issued.pairingLink).toBe(
      `https://127.0.0.2:8443/pair?code=${issued.code}#${'AB'.repeat(32)}`,
    );
    expect(h.ok('admin', 'hub.issuePairingCode', {}).code).not.toBe(issued.code);
    expect(h.refused('desk', 'hub.issuePairingCode', {})).toBe('FORBIDDEN');
    const audit = JSON.stringify(h.db.sqlite.prepare('SELECT * FROM audit_log').all());
    expect(audit).toContain('hub.issuePairingCode');
    expect(audit).not.toContain(issued.code);
    expect(audit).not.toContain(issued.code.replace('-', ''));
  });

  it('are not issued while the hub is not on the network, nor by a manager at a desk', async () => {
    await hub({ network: false });
    expect(h.refused('mgr', 'hub.issuePairingCode', {})).toBe('HUB_NOT_ON_NETWORK');
    h.app.desks.setNetwork(network);
    const desk = pair('Kaunter 2');
    const manager = h.db.sqlite.prepare("SELECT id FROM users WHERE staff_id = 'MGR01'").get();
    expect(manager).toBeDefined();
    // The manager signs in again at the desk: still no code from there.
    await signInAtDesk(desk, 'mgr-at-desk', { staffId: 'MGR01', secret: TEST_PIN });
    const refused = atDesk(desk, 'mgr-at-desk', 'hub.issuePairingCode', {});
    expect(refused.ok ? null : refused.error.code).toBe('HUB_ONLY');
  });
});

describe('pairing a desk', () => {
  it('trades a live code and a name for an identity that proves the desk, audited', async () => {
    await hub();
    const desk = pair('Kaunter 2');
    expect(desk.name).toBe('Kaunter 2');
    expect(h.app.desks.authenticate(desk.token, '127.0.0.3')).toEqual({
      kind: 'current',
      desk: { id: desk.id, name: 'Kaunter 2' },
      rotates: true,
    });
    expect(h.app.desks.authenticate(`${desk.id}.wrong`, '127.0.0.3')).toEqual({ kind: 'unknown' });
    expect(h.app.desks.authenticate(desk.token.split('.')[1] ?? '', '127.0.0.3')).toEqual({
      kind: 'unknown',
    });
    const stored = JSON.stringify(h.db.sqlite.prepare('SELECT * FROM desks').all());
    expect(stored).not.toContain(desk.token.split('.')[1]);
    const entry = h.db.sqlite
      .prepare<[], { station: string; user_id: string | null }>(
        "SELECT station, user_id FROM audit_log WHERE action = 'desk.paired'",
      )
      .get();
    expect(entry).toEqual({ station: `desk:${desk.id} Kaunter 2@127.0.0.3`, user_id: null });
    expect(h.events.some((e) => e.event === 'hub.desksChanged')).toBe(true);
  });

  it('refuses a wrong, an expired and a reused code, and a name another desk has', async () => {
    await hub();
    const before = h.counts();
    expect(pairingRefusal({ code: 'ZZZZ-ZZZZ', deskName: 'Kaunter 2' })).toBe('PAIRING_CODE_WRONG');
    const late = code();
    h.clock.advance(PAIRING_CODE_LIFETIME_MS);
    expect(pairingRefusal({ code: late, deskName: 'Kaunter 2' })).toBe('PAIRING_CODE_EXPIRED');
    await h.okAsync('mgr', 'auth.unlock', { secret: TEST_PIN });
    expect(h.counts()['desks']).toBe(before['desks']);

    const once = code();
    pair('Kaunter 2', once.toLowerCase());
    expect(pairingRefusal({ code: once, deskName: 'Kaunter 3' })).toBe('PAIRING_CODE_USED');
    expect(pairingRefusal({ code: code(), deskName: 'KAUNTER 2' })).toBe('DESK_NAME_TAKEN');
    expect(h.counts()['desks']).toBe(1);
  });

  it('withdraws every live code after twenty wrong ones in a row, from any addresses', async () => {
    await hub();
    const live = code();
    for (let i = 0; i < WRONG_CODES_BEFORE_WITHDRAWAL; i += 1) {
      const guess = { code: `ZZZZ-ZZ${String(i).padStart(2, '0')}`, deskName: 'X1' };
      const address = `127.0.1.${Math.floor(i / WRONG_CODES_PER_ADDRESS)}`;
      expect(pairingRefusal(guess, address)).toBe('PAIRING_CODE_WRONG');
    }
    expect(pairingRefusal({ code: live, deskName: 'Kaunter 2' })).toBe('PAIRING_CODE_WITHDRAWN');
    expect(pair('Kaunter 2').name).toBe('Kaunter 2');
  });
});

describe('wrong codes from one address', () => {
  it('stop that address for ten minutes, audited once; other addresses pair meanwhile', async () => {
    await hub();
    const live = code();
    for (let i = 0; i < WRONG_CODES_PER_ADDRESS; i += 1) {
      const guess = { code: `ZZZZ-ZZ${String(i).padStart(2, '0')}`, deskName: 'X1' };
      expect(pairingRefusal(guess)).toBe('PAIRING_CODE_WRONG');
    }
    expect(pairingRefusal({ code: live, deskName: 'Kaunter 2' })).toBe('PAIRING_THROTTLED');
    const throttled = h.db.sqlite
      .prepare<[], { detail: string }>(
        "SELECT detail FROM audit_log WHERE action = 'desk.pairingThrottled'",
      )
      .all();
    expect(throttled.map((row) => JSON.parse(row.detail) as unknown)).toEqual([
      { address: '127.0.0.9', wrongCodes: WRONG_CODES_PER_ADDRESS },
    ]);
    expect(
      h.app.desks.pair({ code: live, deskName: 'Kaunter 2', address: '127.0.0.2', app: true }).name,
    ).toBe('Kaunter 2');
    h.clock.advance(PAIRING_THROTTLE_MS - 1);
    const next = h.app.desks.issueOperatorCode().code;
    expect(pairingRefusal({ code: next, deskName: 'Kaunter 3' })).toBe('PAIRING_THROTTLED');
    h.clock.advance(1);
    expect(pair('Kaunter 3', next).name).toBe('Kaunter 3');
  });
});

describe('revoking a desk', () => {
  it('stops its token at once; only at the hub, by a manager or admin, with a reason', async () => {
    await hub();
    const desk = pair('Kaunter 2');
    expect(h.refused('desk', 'hub.revokeDesk', { deskId: desk.id, reason: 'Laptop hilang' })).toBe(
      'FORBIDDEN',
    );
    await signInAtDesk(desk, 'm', { staffId: 'MGR01', secret: TEST_PIN });
    const fromDesk = atDesk(desk, 'm', 'hub.revokeDesk', { deskId: desk.id, reason: 'Laptop' });
    expect(fromDesk.ok ? null : fromDesk.error.code).toBe('HUB_ONLY');

    h.ok('mgr', 'hub.revokeDesk', { deskId: desk.id, reason: 'Laptop hilang' });
    expect(h.app.desks.authenticate(desk.token, '127.0.0.3')).toEqual({ kind: 'unknown' });
    expect(h.refused('mgr', 'hub.revokeDesk', { deskId: desk.id, reason: 'Sekali lagi' })).toBe(
      'DESK_NOT_FOUND',
    );
    const [listed] = h.ok('admin', 'hub.desks', {});
    expect(listed).toMatchObject({ name: 'Kaunter 2', revokedAt: h.clock.now() });
    // Its name is free again for the desk that replaces it.
    expect(pair('Kaunter 2').id).not.toBe(desk.id);
  });

  it('lists each desk with when it was last seen and whether it is connected now', async () => {
    await hub();
    const desk = pair('Meja vaksin 4');
    h.clock.advance(5 * MINUTE);
    const close = h.app.desks.connected(desk.id, '127.0.0.4', false);
    expect(h.ok('mgr', 'hub.desks', {})).toEqual([
      {
        deskId: desk.id,
        name: 'Meja vaksin 4',
        pairedAt: h.clock.now() - 5 * MINUTE,
        lastSeenAt: h.clock.now(),
        connected: true,
        revokedAt: null,
        revokedAsCopied: false,
      },
    ]);
    h.clock.advance(MINUTE);
    close();
    expect(h.ok('mgr', 'hub.desks', {})[0]).toMatchObject({
      connected: false,
      lastSeenAt: h.clock.now(),
    });
  });
});

describe('a desk’s last sighting', () => {
  it('is listed at each ping, and written to the database at most once a minute while connected', async () => {
    await hub();
    const desk = pair('Kaunter 7');
    const close = h.app.desks.connected(desk.id, '127.0.0.2', false);
    const connectedAt = h.clock.now();
    const written = () =>
      h.db.sqlite
        .prepare<[string], { at: number }>('SELECT last_seen_at AS at FROM desks WHERE id = ?')
        .get(desk.id)?.at;
    const listed = () => h.ok('mgr', 'hub.desks', {})[0]?.lastSeenAt;

    h.clock.advance(30_000);
    h.app.desks.seen(desk.id);
    expect(listed()).toBe(h.clock.now());
    expect(written()).toBe(connectedAt);
    h.clock.advance(30_000);
    h.app.desks.seen(desk.id);
    expect(written()).toBe(h.clock.now());

    // Its last connection closing is written at once, whatever the minute.
    h.clock.advance(10_000);
    close();
    expect(written()).toBe(h.clock.now());
    expect(listed()).toBe(h.clock.now());
  });
});

describe('a desk’s coming and going', () => {
  it('is written in the group commit: the hub’s event loop never waits for the disk for it', async () => {
    await hub();
    const desk = pair('Kaunter 7');
    const synchronousAtCommit: number[] = [];
    const noteCommit = h.db.commits.noteCommit.bind(h.db.commits);
    h.db.commits.noteCommit = () => {
      synchronousAtCommit.push(h.db.sqlite.pragma('synchronous', { simple: true }) as number);
      noteCommit();
    };
    const close = h.app.desks.connected(desk.id, '127.0.0.2', false);
    h.clock.advance(MINUTE);
    h.app.desks.seen(desk.id);
    close();
    expect(synchronousAtCommit).toEqual([1, 1, 1]);
    expect(h.db.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    await h.db.commits.durable();
  });
});

describe('the hub’s own work', () => {
  it('cannot be done from a desk: not the PPV’s set-up, not pairing, not revoking', () => {
    h = createHarness();
    h.app.desks.setNetwork(network);
    const desk = { id: '01900000-0000-7000-8000-00000000d001', name: 'Kaunter 2' };
    const setUp = atDesk(desk, 'x', 'ppv.setUp', {
      ppvCode: 'PPV-WPKL-0001',
      name: 'PPV Ujian',
      state: 'W.P. Kuala Lumpur',
      district: 'Kepong',
      admin: { staffId: 'ADMIN01', fullName: 'Pentadbir Ujian', secret: TEST_PIN },
    });
    expect(setUp.ok ? null : setUp.error.code).toBe('HUB_ONLY');
    expect(h.ok('nobody', 'ppv.status', {}).setUp).toBe(false);
  });
});

describe('station identity', () => {
  it('tells the hub’s screens from a desk’s, which learns its own name', async () => {
    await hub();
    const desk = pair('Kaunter 2');
    expect(h.ok('nobody', 'station.identity', {})).toEqual({ role: 'hub', deskName: null });
    expect(atDesk(desk, 'x', 'station.identity', {})).toEqual({
      ok: true,
      value: { role: 'desk', deskName: 'Kaunter 2' },
    });
    const joining = {
      hubAddress: '127.0.0.2:8443',
      caFingerprint: network.caFingerprint,
      code: 'ABCD-EFGH',
      deskName: 'Kaunter 9',
    };
    expect(h.refused('nobody', 'station.pairWithHub', joining)).toBe('STATION_ALREADY_SET_UP');
    expect(h.refused('nobody', 'station.becomeHub', {})).toBe('STATION_ALREADY_SET_UP');
  });
});

const chip: MyKadIdentity = {
  name: 'AHMAD BIN UJIAN',
  docNumber: '900514145001',
  sex: 'M',
  birthDate: '1990-05-14',
  citizenship: 'WARGANEGARA',
  address: { lines: ['NO 1 JALAN UJIAN'], postcode: '50450', city: 'KL', state: 'W.P.' },
};

describe('each station’s devices', () => {
  it('send a card read only to the screens of the desk whose reader read it', async () => {
    await hub();
    const two = pair('Kaunter 2');
    const three = pair('Kaunter 3');
    for (const desk of [two, three]) {
      await signInAtDesk(desk, `clerk@${desk.name}`, { staffId: 'CLERK01', secret: TEST_PIN });
    }
    const seen: Record<string, string[]> = { two: [], three: [], hub: [] };
    h.app.onEventFor('clerk@Kaunter 2', (event) => seen['two']?.push(event), two.id);
    h.app.onEventFor('clerk@Kaunter 3', (event) => seen['three']?.push(event), three.id);
    h.app.onEventFor('desk', (event) => seen['hub']?.push(event));

    h.app
      .stationDevices(two.id)
      .cardListener.read({ ok: true, readerId: 'pcsc:A', identity: chip });
    const read = h.events.filter((e) => e.event === 'card.changed').at(-1);
    expect(seen).toEqual({ two: ['card.changed'], three: [], hub: [] });
    const readId = String((read?.payload as { readId: string }).readId);

    const fromThree = atDesk(three, 'clerk@Kaunter 3', 'card.take', { readId });
    expect(fromThree.ok ? null : fromThree.error.code).toBe('CARD_READ_GONE');
    expect(h.refused('desk', 'card.take', { readId })).toBe('CARD_READ_GONE');
    const taken = atDesk(two, 'clerk@Kaunter 2', 'card.take', { readId });
    expect(taken.ok && taken.value.docNumber).toBe('900514145001');
  });

  it('keep an untaken read at one reader when another reader reads a card', async () => {
    await hub();
    const devices = h.app.stationDevices(HUB_STATION);
    const readIds = ['pcsc:A', 'pcsc:B'].map((readerId) => {
      devices.cardListener.read({ ok: true, readerId, identity: chip });
      const event = h.events.filter((e) => e.event === 'card.changed').at(-1);
      return String((event?.payload as { readId: string }).readId);
    });
    for (const readId of readIds) expect(h.ok('desk', 'card.take', { readId }).sex).toBe('M');
  });

  it('keep each desk’s device settings, telling only that desk’s devices', async () => {
    await hub();
    const desk = pair('Kaunter 2');
    await signInAtDesk(desk, 'a', { staffId: 'ADMIN01', secret: TEST_PIN });
    const changed: unknown[] = [];
    h.app.stationDevices(desk.id).onSettingsChanged((settings) => changed.push(settings));
    const hubChanged: unknown[] = [];
    h.app.stationDevices(HUB_STATION).onSettingsChanged((settings) => hubChanged.push(settings));
    const settings = {
      cardReader: 'Kaunter 2 reader',
      serialPath: null,
      serialBaudRate: 9600,
      serialTerminator: 'CR' as const,
      hid: null,
    };
    expect(atDesk(desk, 'a', 'device.updateSettings', settings).ok).toBe(true);
    expect(changed).toEqual([settings]);
    expect(hubChanged).toEqual([]);
    expect(h.app.stationDevices(desk.id).settings()).toEqual(settings);
    expect(h.ok('admin', 'device.settings', {}).cardReader).toBeNull();
    expect(h.events.find((e) => e.event === 'device.settingsChanged')).toBeDefined();
  });

  it('keep each desk’s wedge GS key: a desk sets and reads its own only', async () => {
    await hub();
    const desk = pair('Kaunter 2');
    await signInAtDesk(desk, 'm', { staffId: 'MGR01', secret: TEST_PIN });
    const set = atDesk(desk, 'm', 'device.setWedgeGsKey', { groupSeparatorKey: 'F8' });
    expect(set.ok).toBe(true);
    expect(atDesk(desk, 'm', 'device.wedgeSettings', {})).toEqual({
      ok: true,
      value: { groupSeparatorKey: 'F8' },
    });
    expect(h.ok('mgr', 'device.wedgeSettings', {})).toEqual({ groupSeparatorKey: null });
    expect(h.events.filter((e) => e.event === 'device.wedgeChanged')).toHaveLength(1);
  });
});

describe('the outcome of a write in flight when the link dropped', () => {
  it('is saved exactly when the write is at the hub, and final either way', async () => {
    await hub();
    const desk = pair('Kaunter 2');
    await signInAtDesk(desk, 'c', { staffId: 'CLERK01', secret: TEST_PIN });
    const saved = atDesk(desk, 'c', 'recipient.register', nthRecipient(1), { requestId: 'r-1' });
    expect(saved.ok).toBe(true);

    const before = h.counts();
    expect(await h.app.settleRequests(desk.id, ['r-1', 'r-2'])).toEqual([
      { requestId: 'r-1', saved: true },
      { requestId: 'r-2', saved: false },
    ]);
    // The write settled as not saved arrives late: refused, nothing written.
    const late = atDesk(desk, 'c', 'recipient.register', nthRecipient(2), { requestId: 'r-2' });
    expect(late.ok ? null : late.error.code).toBe('REQUEST_ALREADY_SETTLED');
    const again = atDesk(desk, 'c', 'recipient.register', nthRecipient(3), { requestId: 'r-1' });
    expect(again.ok ? null : again.error.code).toBe('REQUEST_ALREADY_SETTLED');
    expect(h.counts()['recipients']).toBe(before['recipients']);
    // Another station learns nothing of this desk's requests.
    expect(await h.app.settleRequests(HUB_STATION, ['r-1'])).toEqual([
      { requestId: 'r-1', saved: false },
    ]);
  });

  it('is told only once the write is on disk', async () => {
    await hub();
    const desk = pair('Kaunter 2');
    await signInAtDesk(desk, 'c', { staffId: 'CLERK01', secret: TEST_PIN });
    atDesk(desk, 'c', 'recipient.register', nthRecipient(1), { requestId: 'r-1' });
    let syncDone = () => undefined as void;
    h.db.commits.durable = () => new Promise<void>((resolve) => (syncDone = resolve));
    let answered = false;
    const settled = h.app.settleRequests(desk.id, ['r-1']).then((answer) => {
      answered = true;
      return answer;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    syncDone();
    expect(await settled).toEqual([{ requestId: 'r-1', saved: true }]);
  });

  it('is "the hub’s disk failed" when the disk cannot be synced', async () => {
    await hub();
    const desk = pair('Kaunter 2');
    h.db.commits.durable = () => Promise.reject(new Error('EIO'));
    await expect(h.app.settleRequests(desk.id, ['r-1'])).rejects.toMatchObject({
      code: 'STORAGE_SYNC_FAILED',
    });
  });
});
