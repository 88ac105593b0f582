/**
 * Issue 11's rules tried by a determined insider: each test reaches for the same data or the same
 * power through another channel, spelling or sequence, and asserts the safe outcome.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_PIN, type Harness } from './testing/harness';
import { createStation, nthRecipient } from './testing/scenario';
import { syntheticMyKad } from './testing/synthetic';

let h: Harness;
afterEach(() => h.close());

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
  it('buys no more guesses from more addresses: the approver waits everywhere after three stations’ worth', async () => {
    h = await createStation();
    const settings = {
      name: 'PPV Dewan Komuniti Ujian',
      state: 'W.P. Kuala Lumpur',
      district: 'Kepong',
      myvasEndpoint: 'https://myvas.example.gov.my',
      myvasToken: 'token-ujian-yang-panjang',
      idleLockMinutes: 5,
      exportRowLimit: 50,
      retentionDays: 365,
    };
    /** The admin, signed in at a socket from `address`, tries `secret` as MGR01's approval. */
    const approveFrom = async (address: string, secret: string) => {
      const call = {
        connectionId: `admin@${address}`,
        stationId: `station/${address}`,
        countedAs: `station@${address}`,
      };
      if (!(await h.app.dispatch('auth.session', {}, call)).ok) {
        await h.app.dispatch('auth.signIn', { staffId: 'ADMIN01', secret: TEST_PIN }, call);
      }
      const result = await h.app.dispatch(
        'ppv.updateSettings',
        { ...settings, approval: { staffId: 'MGR01', secret } },
        call,
      );
      return result.ok ? 'ok' : result.error.code;
    };
    const codes: string[] = [];
    for (const address of ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']) {
      for (let guess = 0; guess < 4; guess += 1) {
        codes.push(await approveFrom(address, `90${address.slice(-1)}00${guess}`));
      }
    }
    // Four addresses, four wrong PINs each, none a station's fifth: from the fifteenth on, they wait.
    expect(codes.slice(0, 14)).toEqual(Array(14).fill('APPROVAL_FAILED'));
    expect(codes.slice(14)).toEqual(['APPROVAL_DELAYED', 'APPROVAL_DELAYED']);
    // The right PIN waits too, at a fresh address; the manager's own sign-in does not.
    expect(await approveFrom('127.0.0.6', TEST_PIN)).toBe('APPROVAL_DELAYED');
    expect(
      (await h.callAsync('mgr2', 'auth.signIn', { staffId: 'MGR01', secret: TEST_PIN })).ok,
    ).toBe(true);
  });
});
