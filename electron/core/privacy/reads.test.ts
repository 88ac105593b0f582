/**
 * Personal data one person at a time (SPEC.md, Security and privacy), tried as an insider would:
 * through the real dispatcher over a real database, with the clock injected.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, MINUTE, TEST_PIN, type Harness } from '../testing/harness';
import {
  confirm,
  createStation,
  newRecipient,
  nthRecipient,
  openWalkIn,
  setUpStation,
  vaccinate,
  UNKNOWN_ID,
  type Visitor,
} from '../testing/scenario';
import { dashed, syntheticMyKad } from '../testing/synthetic';

let h: Harness;
afterEach(() => h.close());

function register(index: number, connectionId = 'desk'): Visitor {
  const input = nthRecipient(index);
  const { recipient, registration } = h.ok(connectionId, 'recipient.register', input);
  return {
    index,
    docNumber: input.document.docNumber,
    recipientId: recipient.recipientId,
    registrationId: registration.registrationId,
  };
}

function readRows(): Array<{
  user_id: string;
  entity_id: string;
  detail: Record<string, unknown>;
}> {
  return h.db.sqlite
    .prepare<[], { user_id: string; entity_id: string; detail: string }>(
      "SELECT user_id, entity_id, detail FROM audit_log WHERE action = 'recipient.read' ORDER BY seq",
    )
    .all()
    .map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}

describe('a clerk reads the recipients they found or registered, in this session', () => {
  beforeEach(async () => {
    h = await createStation();
  });

  it('reads the one registered here, not one another desk registered, not after signing in again', async () => {
    const mine = register(1);
    expect(h.ok('desk', 'recipient.get', { recipientId: mine.recipientId }).recipientId).toBe(
      mine.recipientId,
    );
    await h.staff('desk2', ['clerk']);
    const theirs = register(2, 'desk2');
    expect(h.refused('desk', 'recipient.get', { recipientId: theirs.recipientId })).toBe(
      'RECIPIENT_NOT_IN_WORK',
    );
    // Every id in the queue is one call away; none of them opens.
    for (const entry of h.ok('desk2', 'queue.list', { cursor: null, limit: 100 }).items) {
      if (entry.recipientId === theirs.recipientId) continue;
      expect(h.refused('desk2', 'recipient.get', { recipientId: entry.recipientId })).toBe(
        'RECIPIENT_NOT_IN_WORK',
      );
    }
    h.ok('desk', 'auth.signOut', {});
    await h.okAsync('desk', 'auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN });
    expect(h.refused('desk', 'recipient.get', { recipientId: mine.recipientId })).toBe(
      'RECIPIENT_NOT_IN_WORK',
    );
  });

  it('reads one found by document, or named by the refusal of a known document', async () => {
    const known = register(1);
    await h.staff('desk2', ['clerk']);
    expect(h.refused('desk2', 'recipient.get', { recipientId: known.recipientId })).toBe(
      'RECIPIENT_NOT_IN_WORK',
    );
    const found = h.ok('desk2', 'recipient.findByDocument', {
      docType: 'MYKAD',
      docNumber: dashed(known.docNumber),
    });
    expect(found?.recipientId).toBe(known.recipientId);
    h.ok('desk2', 'recipient.get', { recipientId: known.recipientId });

    await h.staff('desk3', ['clerk']);
    expect(h.refusal('desk3', 'recipient.register', nthRecipient(1)).details).toMatchObject({
      recipientId: known.recipientId,
    });
    h.ok('desk3', 'recipient.get', { recipientId: known.recipientId });
  });

  it('cannot open a possible duplicate’s candidates, nor queue someone outside their work', async () => {
    const first = h.ok('desk', 'recipient.register', newRecipient()).recipient;
    await h.staff('desk2', ['clerk']);
    const otherDocument = {
      docType: 'MYKAD' as const,
      docNumber: syntheticMyKad({ birthDate: '1990-01-01', sex: 'F', nth: 7 }),
      docCountry: null,
    };
    const refusal = h.refusal(
      'desk2',
      'recipient.register',
      newRecipient({ document: otherDocument }),
    );
    expect(refusal.code).toBe('POSSIBLE_DUPLICATE');
    expect(h.refused('desk2', 'recipient.get', { recipientId: first.recipientId })).toBe(
      'RECIPIENT_NOT_IN_WORK',
    );
    // Already in today's queue, but the refusal says no more than that it is not theirs.
    expect(
      h.refused('desk2', 'registration.create', {
        recipientId: first.recipientId,
        phone: '+60123456789',
        consent: true,
      }),
    ).toBe('RECIPIENT_NOT_IN_WORK');
  });
});

describe('a vaccinator reads the recipients present at their station, in this session', () => {
  beforeEach(async () => {
    h = await createStation();
  });

  it('reads a queued recipient only once they confirmed presence', async () => {
    const waiting = register(1);
    expect(h.refused('vax', 'recipient.get', { recipientId: waiting.recipientId })).toBe(
      'RECIPIENT_NOT_IN_WORK',
    );
    expect(
      h.refused('vax', 'recipient.findByDocument', {
        docType: 'MYKAD',
        docNumber: waiting.docNumber,
      }),
    ).toBe('RECIPIENT_NOT_IN_WORK');
    confirm(h, waiting);
    expect(h.ok('vax', 'recipient.get', { recipientId: waiting.recipientId }).recipientId).toBe(
      waiting.recipientId,
    );
    await h.staff('vax2', ['vaccinator']);
    expect(h.refused('vax2', 'recipient.get', { recipientId: waiting.recipientId })).toBe(
      'RECIPIENT_NOT_IN_WORK',
    );
  });
});

describe('a manager reads a recipient found by document', () => {
  beforeEach(async () => {
    h = await createStation();
  });

  it('and no other', () => {
    const visitor = register(1);
    const other = register(2);
    h.ok('mgr', 'recipient.findByDocument', { docType: 'MYKAD', docNumber: visitor.docNumber });
    h.ok('mgr', 'recipient.get', { recipientId: visitor.recipientId });
    expect(h.refused('mgr', 'recipient.get', { recipientId: other.recipientId })).toBe(
      'RECIPIENT_NOT_IN_WORK',
    );
    // Correcting a card type answers with the recipient: the same rule.
    const correction = { recipientId: other.recipientId, docType: 'MYPR', reason: 'Kad MyPR' };
    expect(h.refused('mgr', 'recipient.correctDocType', correction)).toBe('RECIPIENT_NOT_IN_WORK');
  });
});

describe('the hourly read quota', () => {
  beforeEach(async () => {
    h = await createStation();
  });

  /** Registers recipients 1…count: what a clerk registers is no read, and outside the quota. */
  function registerMany(count: number): Visitor[] {
    return Array.from({ length: count }, (_, at) => register(at + 1));
  }

  it('refuses the 301st distinct recipient within the hour, alerts the manager, and not after', async () => {
    const visitors = registerMany(301);
    await h.staff('mgr2', ['manager']);
    const find = (visitor: Visitor) =>
      h.call('mgr2', 'recipient.findByDocument', {
        docType: 'MYKAD',
        docNumber: visitor.docNumber,
      });
    for (const visitor of visitors.slice(0, 300)) expect(find(visitor).ok).toBe(true);
    h.clock.advance(30 * MINUTE);
    await h.okAsync('mgr2', 'auth.unlock', { secret: TEST_PIN });
    const last = visitors[300] as Visitor;
    const refusal = h.refusal('mgr2', 'recipient.findByDocument', {
      docType: 'MYKAD',
      docNumber: last.docNumber,
    });
    expect(refusal.code).toBe('READ_QUOTA_EXCEEDED');
    expect(refusal.message.ms).toContain('300');
    expect(refusal.message.en).toContain('300');
    expect(h.events.filter((e) => e.event === 'privacy.readQuotaReached')).toEqual([
      {
        event: 'privacy.readQuotaReached',
        payload: expect.objectContaining({ staffId: expect.any(String), limit: 300 }),
      },
    ]);
    const alerts = h.db.sqlite
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'privacy.readQuotaReached'")
      .get() as { n: number };
    expect(alerts.n).toBe(1);
    // One already read this hour may be read again.
    expect(h.ok('mgr2', 'recipient.get', { recipientId: visitors[0]?.recipientId ?? '' })).toEqual(
      expect.objectContaining({ recipientId: visitors[0]?.recipientId }),
    );
    // An hour after the first reads, they have left the window.
    h.clock.advance(31 * MINUTE);
    await h.okAsync('mgr2', 'auth.unlock', { secret: TEST_PIN });
    expect(find(last).ok).toBe(true);
  });

  it('counts lookups that find nobody: findByDocument is throttled the same way', () => {
    h.ok('admin', 'ppv.setRecipientReadQuota', { recipientReadsPerHour: 20 });
    for (let index = 1; index <= 20; index += 1) {
      expect(
        h.ok('desk', 'recipient.findByDocument', {
          docType: 'MYKAD',
          docNumber: syntheticMyKad(index),
        }),
      ).toBeNull();
    }
    expect(
      h.refused('desk', 'identity.check', { docType: 'MYKAD', docNumber: syntheticMyKad(21) }),
    ).toBe('READ_QUOTA_EXCEEDED');
    expect(
      h.refused('desk', 'recipient.findByDocument', {
        docType: 'MYKAD',
        docNumber: syntheticMyKad(21),
      }),
    ).toBe('READ_QUOTA_EXCEEDED');
  });

  it('is a PPV setting only the admin changes, within bounds', () => {
    expect(h.ok('admin', 'ppv.settings', {}).recipientReadsPerHour).toBe(300);
    expect(h.refused('mgr', 'ppv.setRecipientReadQuota', { recipientReadsPerHour: 50 })).toBe(
      'FORBIDDEN',
    );
    for (const outOfBounds of [19, 1001, 0]) {
      expect(
        h.refused('admin', 'ppv.setRecipientReadQuota', { recipientReadsPerHour: outOfBounds }),
      ).toBe('INVALID_INPUT');
    }
    expect(
      h.ok('admin', 'ppv.setRecipientReadQuota', { recipientReadsPerHour: 50 })
        .recipientReadsPerHour,
    ).toBe(50);
  });

  it('survives a restart of the console: the reads of the hour are in the audit log', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ppv-quota-'));
    try {
      h.close();
      h = createHarness({ file: path.join(dir, 'ppv.db') });
      await setUpStation(h);
      openWalkIn(h);
      h.ok('admin', 'ppv.setRecipientReadQuota', { recipientReadsPerHour: 20 });
      for (let index = 1; index <= 20; index += 1) {
        h.ok('desk', 'recipient.get', { recipientId: register(index).recipientId });
      }
      h.clock.advance(MINUTE);
      h.app.auditReads();
      const start = h.clock.now();
      h.db.close();
      rmSync(h.dir, { recursive: true, force: true });

      h = createHarness({ file: path.join(dir, 'ppv.db'), start });
      await h.okAsync('desk', 'auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN });
      expect(
        h.refused('desk', 'recipient.findByDocument', {
          docType: 'MYKAD',
          docNumber: syntheticMyKad(21),
        }),
      ).toBe('READ_QUOTA_EXCEEDED');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reads are audited per session and minute', () => {
  beforeEach(async () => {
    h = await createStation();
  });

  it('one row per session and minute, naming the recipients and the calls', () => {
    const a = register(1);
    const b = register(2);
    for (let i = 0; i < 5; i += 1) {
      h.ok('desk', 'recipient.get', { recipientId: a.recipientId });
      h.ok('desk', 'recipient.get', { recipientId: b.recipientId });
    }
    expect(h.refused('desk', 'recipient.get', { recipientId: UNKNOWN_ID })).toBe(
      'RECIPIENT_NOT_IN_WORK',
    );
    h.app.auditReads();
    expect(readRows()).toEqual([]);
    h.clock.advance(MINUTE);
    h.ok('desk', 'recipient.get', { recipientId: a.recipientId });
    h.app.auditReads();
    const [first, ...rest] = readRows();
    expect(rest).toEqual([]);
    expect(first?.detail).toEqual({
      minuteFrom: expect.any(Number),
      recipients: [a.recipientId, b.recipientId],
      lookupsNotFound: 0,
      refusedOutsideWork: 1,
      calls: { 'recipient.get': 11 },
    });
    h.clock.advance(MINUTE);
    h.app.auditReads();
    const rows = readRows();
    expect(rows).toHaveLength(2);
    expect(rows[1]?.entity_id).toBe(first?.entity_id);
    expect(rows[1]?.detail['recipients']).toEqual([a.recipientId]);
  });
});

describe('lists carry masked document numbers', () => {
  beforeEach(async () => {
    h = await createStation();
  });

  it('queue, observation, doses, close-out blockers', () => {
    const visitors = [register(1), register(2)];
    for (const visitor of visitors) confirm(h, visitor);
    vaccinate(h, visitors[0] as Visitor);
    const shown = JSON.stringify([
      h.ok('vax', 'queue.list', { cursor: null, limit: 100 }),
      h.ok('vax', 'queue.list', { cursor: null, limit: 100, status: 'vaccinated' }),
      h.ok('vax', 'observation.list', { cursor: null, limit: 100 }),
      h.ok('mgr', 'dose.list', { cursor: null, limit: 100 }),
      h.ok('mgr', 'day.closeOutSummary', {}),
      h.ok('mgr', 'batch.rejections', { cursor: null, limit: 100 }),
    ]);
    for (const visitor of visitors) {
      expect(shown).not.toContain(visitor.docNumber);
      expect(shown).not.toContain(dashed(visitor.docNumber));
      expect(shown).toContain(`********${visitor.docNumber.slice(-4)}`);
    }
  });
});
