/**
 * Issue 11's rules tried by a determined insider: each test reaches for the same data or the same
 * power through another channel, spelling or sequence, and asserts the safe outcome.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DispatchResult } from '../contract';
import { MAX_DELAY_MS } from './auth/attempts';
import type { CallContext } from './dispatch/types';
import { TEST_PIN, type Harness } from './testing/harness';
import { createStation, newRecipient, nthRecipient, PPV_SETTINGS } from './testing/scenario';
import { syntheticMyKad } from './testing/synthetic';

let h: Harness;
afterEach(() => h.close());

const SECOND = 1000;

describe('personal data through a refused registration', () => {
  it('counts the duplicate candidates a POSSIBLE_DUPLICATE refusal shows against the hourly quota', async () => {
    h = await createStation();
    h.ok('admin', 'ppv.setRecipientReadQuota', { recipientReadsPerHour: 20 });
    await h.staff('desk2', ['clerk']);
    for (let index = 1; index <= 25; index += 1) {
      h.ok('desk2', 'recipient.register', nthRecipient(index));
    }
    // The clerk types each JPN number as a MyTentera card: the refusal names its MyKad holder.
    const shown: string[] = [];
    let refusedAt: number | null = null;
    for (let index = 1; index <= 25; index += 1) {
      const probe = nthRecipient(index, {
        document: { docType: 'MYTENTERA', docNumber: syntheticMyKad(index), docCountry: null },
        fullName: 'Nama Rekaan',
      });
      const error = h.refusal('desk', 'recipient.register', probe);
      if (error.code === 'READ_QUOTA_EXCEEDED') {
        refusedAt = index;
        break;
      }
      expect(error.code).toBe('POSSIBLE_DUPLICATE');
      const { candidates } = error.details as { candidates: Array<{ fullName: string }> };
      shown.push(...candidates.map((candidate) => candidate.fullName));
    }
    expect(shown).toHaveLength(20);
    expect(refusedAt).toBe(21);
  });
});

describe('a vaccinator probing document numbers', () => {
  it('pays the quota for each registered number outside their work, as for one not found', async () => {
    h = await createStation();
    h.ok('admin', 'ppv.setRecipientReadQuota', { recipientReadsPerHour: 20 });
    for (let index = 1; index <= 25; index += 1) {
      h.ok('desk', 'recipient.register', nthRecipient(index));
    }
    // "Not in your work" says the number is registered here: it is a lookup like any other.
    const codes = [];
    for (let index = 1; index <= 21; index += 1) {
      codes.push(
        h.refused('vax', 'recipient.findByDocument', {
          docType: 'MYKAD',
          docNumber: syntheticMyKad(index),
        }),
      );
    }
    expect(codes.slice(0, 20)).toEqual(Array(20).fill('RECIPIENT_NOT_IN_WORK'));
    expect(codes[20]).toBe('READ_QUOTA_EXCEEDED');
  });

  it('pays the quota for each number typed as presence that does not match', async () => {
    h = await createStation();
    h.ok('admin', 'ppv.setRecipientReadQuota', { recipientReadsPerHour: 20 });
    const { registration } = h.ok('desk', 'recipient.register', nthRecipient(1));
    // Guessing the number of a queued person by "typing their card": each miss is a lookup.
    const codes = [];
    for (let index = 2; index <= 22; index += 1) {
      codes.push(
        h.refused('vax', 'presence.confirm', {
          registrationId: registration.registrationId,
          method: 'MYKAD_TYPED',
          scanned: syntheticMyKad(index),
          reason: 'Pembaca kad rosak',
        }),
      );
    }
    expect(codes.slice(0, 20)).toEqual(Array(20).fill('PRESENCE_MISMATCH'));
    expect(codes[20]).toBe('READ_QUOTA_EXCEEDED');
  });
});

describe('the MyVAS address in another spelling', () => {
  it('still needs a manager beside the admin', async () => {
    h = await createStation();
    const base = {
      name: 'PPV Dewan Komuniti Ujian',
      state: 'W.P. Kuala Lumpur',
      district: 'Kepong',
      idleLockMinutes: 5,
      exportRowLimit: 50,
      retentionDays: 365,
    };
    await h.okAsync('admin', 'ppv.updateSettings', {
      ...base,
      myvasEndpoint: 'https://myvas.example.gov.my',
      approval: { staffId: 'MGR01', secret: TEST_PIN },
    });
    for (const spelling of ['https://myvas.example.gov.my/', 'https://MYVAS.example.gov.my']) {
      expect(
        await h.refusedAsync('admin', 'ppv.updateSettings', {
          ...base,
          myvasEndpoint: spelling,
          approval: null,
        }),
      ).toBe('MYVAS_CHANGE_NEEDS_MANAGER');
    }
  });
});

describe("a manager's PIN guessed through approvals", () => {
  /** A possible duplicate of `newRecipient()`: the same passport number under another country. */
  const duplicateOf = (secret: string) =>
    newRecipient({
      document: { docType: 'PASSPORT', docNumber: 'A7654321', docCountry: 'SGP' },
      nationality: 'SGP',
      duplicateApproval: { managerStaffId: 'MGR01', managerSecret: secret, reason: 'Orang lain' },
    });
  let sockets = 0;
  /** `staffId` signed in on a fresh socket of `station`: what a desk opening another window has. */
  const signedInAt = async (station: string, staffId: string): Promise<CallContext> => {
    sockets += 1;
    const call = {
      connectionId: `${staffId}-${sockets}@${station}`,
      stationId: `${station}/${sockets}`,
      countedAs: station,
    };
    const signIn = await h.app.dispatch('auth.signIn', { staffId, secret: TEST_PIN }, call);
    expect(signIn.ok).toBe(true);
    return call;
  };
  const codeOf = (result: DispatchResult<unknown>) => (result.ok ? 'ok' : result.error.code);
  /** Every kind of call that takes MGR01's approval, tried with `secret` at `station`. */
  const approvals: Array<(station: string, secret: string) => Promise<string>> = [
    async (station, secret) =>
      codeOf(
        await h.app.dispatch(
          'ppv.updateSettings',
          { ...PPV_SETTINGS, approval: { staffId: 'MGR01', secret } },
          await signedInAt(station, 'ADMIN01'),
        ),
      ),
    async (station, secret) =>
      codeOf(
        await h.app.dispatch(
          'recipient.register',
          duplicateOf(secret),
          await signedInAt(station, 'CLERK01'),
        ),
      ),
    async (station, secret) =>
      codeOf(
        await h.app.dispatch(
          'user.create',
          {
            staffId: `MGR9${sockets}`,
            fullName: 'Pengurus Rekaan',
            roles: ['manager'],
            approval: { staffId: 'MGR01', secret },
          },
          await signedInAt(station, 'ADMIN01'),
        ),
      ),
  ];
  const approveAt = (station: string, secret: string, channel = 0) =>
    approvals[channel % approvals.length]!(station, secret);
  const wrongPin = (guess: number) => `90${String(guess).padStart(4, '0')}`;
  const failedApprovals = () =>
    h.db.sqlite
      .prepare<[], { n: number }>(
        "SELECT count(*) AS n FROM audit_log WHERE action LIKE '%pprovalFailed'",
      )
      .get()?.n;

  beforeEach(async () => {
    h = await createStation();
    h.ok('desk', 'recipient.register', newRecipient());
  });

  it('buys five guesses at each station: the stations that guessed wait on the approver’s wait, a clean one does not', async () => {
    const stations = ['kaunter-2', 'kaunter-3', 'kaunter-4', 'kaunter-5'];
    for (const [index, station] of stations.entries()) {
      const codes: string[] = [];
      for (let guess = 0; guess < 5; guess += 1) {
        codes.push(await approveAt(station, wrongPin(index * 10 + guess)));
      }
      expect(codes).toEqual([...Array(4).fill('APPROVAL_FAILED'), 'APPROVAL_DELAYED']);
    }
    expect(failedApprovals()).toBe(20);
    // Each station's own wait is over; the approver's, after twenty failures, is five minutes.
    h.clock.advance(30 * SECOND);
    for (const station of stations) {
      expect(await approveAt(station, TEST_PIN)).toBe('APPROVAL_DELAYED');
    }
    // A station that has not guessed is not held: the manager approves there, and signs in.
    expect(await approveAt('kaunter-6', TEST_PIN)).toBe('ok');
    expect(
      (await h.callAsync('mgr2', 'auth.signIn', { staffId: 'MGR01', secret: TEST_PIN })).ok,
    ).toBe(true);
  });

  it('never waits at another station, however long one station keeps failing, through any channel', async () => {
    const codes: string[] = [];
    for (let guess = 0; guess < 6; guess += 1) {
      codes.push(await approveAt('rogue', wrongPin(guess), guess));
    }
    // Another channel buys the station no more guesses: its fifth wrong approval waits.
    expect(codes).toEqual([
      ...Array(4).fill('APPROVAL_FAILED'),
      'APPROVAL_DELAYED',
      'APPROVAL_DELAYED',
    ]);
    // Again and again, the moment its wait is over, for well over an hour.
    for (let round = 0; round < 16; round += 1) {
      h.clock.advance(MAX_DELAY_MS);
      expect(await approveAt('rogue', wrongPin(100 + round), round)).toBe('APPROVAL_DELAYED');
    }
    expect(failedApprovals()).toBe(21);
    expect(await approveAt('rogue', TEST_PIN)).toBe('APPROVAL_DELAYED');
    for (const channel of approvals.keys()) {
      expect(await approveAt(`kaunter-${channel + 2}`, TEST_PIN, channel)).toBe('ok');
    }
  });
});
