import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelOutput } from '../../contract';
import { DAY, TEST_PIN, type Harness } from '../testing/harness';
import {
  advance,
  arrive,
  batchRows,
  closeDay,
  createStation,
  openWalkIn,
  returns,
  vaccinate,
  type Visitor,
} from '../testing/scenario';
import { createUploadStore } from '../upload/store';
import type { HeldAtMyvas } from './purge';

let h: Harness;
afterEach(() => h.close());

type Batch = ChannelOutput<'day.close'>;

/**
 * MyVAS judges every record of the batch now: accepted, unless listed as rejected; the batch is
 * committed unless told otherwise.
 */
function judge(batch: Batch, rejected: readonly string[] = [], committed = true): void {
  const store = createUploadStore(h.db);
  const results = batchRows(h, batch.batchId).map((row) =>
    rejected.includes(row.record_id)
      ? {
          recordId: row.record_id,
          status: 'rejected' as const,
          code: 'INTERVAL',
          message: 'interval',
        }
      : { recordId: row.record_id, status: 'accepted' as const },
  );
  store.saveResults(batch.batchId, results, h.clock.now());
  if (!committed) return;
  store.plan(store.get(batch.batchId)!, 0, 500);
  store.declarationSent(batch.batchId, h.clock.now());
  store.committed(batch.batchId, h.clock.now());
}

/** MyVAS, asked before the purge, holds every batch as `judge` left it. */
const asJudged: HeldAtMyvas = (batches) => Promise.resolve(new Set(batches.map((b) => b.batchId)));

async function vaccinationDay(visitors: number[]): Promise<{ batch: Batch; visitors: Visitor[] }> {
  const arrived = visitors.map((index) => arrive(h, index));
  const doseIds = arrived.map((visitor) => vaccinate(h, visitor).doseId);
  await advance(h, 60_000);
  return { batch: closeDay(h), visitors: arrived.map((v, i) => ({ ...v, doseId: doseIds[i] })) };
}

function snapshot(): Record<string, unknown[]> {
  const tables = h.db.sqlite
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' ORDER BY name",
    )
    .all();
  return Object.fromEntries(
    tables.map(({ name }) => [name, h.db.sqlite.prepare(`SELECT * FROM "${name}"`).all()]),
  );
}

function recipient(id: string) {
  return h.db.sqlite.prepare('SELECT * FROM recipients WHERE id = ?').get(id) as Record<
    string,
    unknown
  >;
}

describe('the retention purge', () => {
  it('removes the personal fields of records MyVAS accepted past the period, and nothing else', async () => {
    h = await createStation();
    const { batch, visitors } = await vaccinationDay([1, 2, 3]);
    const [kept, purged1, purged2] = visitors as [Visitor, Visitor, Visitor];
    const rejectedDose = h.db.sqlite
      .prepare<[string], { id: string }>('SELECT id FROM doses WHERE recipient_id = ?')
      .get(kept.recipientId)!.id;
    judge(batch, [rejectedDose]);

    await advance(h, 89 * DAY);
    expect(await h.app.retention.purgeDue(asJudged)).toEqual({ recipients: 0, records: 0 });

    await advance(h, 2 * DAY);
    const before = snapshot();
    expect(await h.app.retention.purgeDue(asJudged)).toEqual({ recipients: 2, records: 2 });
    const after = snapshot();

    for (const table of Object.keys(before)) {
      const purgedTables = ['recipients', 'recipient_names', 'registrations', 'batch_records'];
      if ([...purgedTables, 'audit_log'].includes(table)) continue;
      expect(after[table], table).toEqual(before[table]);
    }
    // The names the duplicate search finds people by go with the rest.
    const names = after['recipient_names'] as Array<{ recipient_id: string }>;
    expect(names.map((row) => row.recipient_id)).toEqual([kept.recipientId]);
    const personal = [
      'doc_number',
      'full_name',
      'name_key',
      'birth_date',
      'address_line',
      'postcode',
      'duplicate_reason',
    ];
    for (const { recipientId } of [purged1, purged2]) {
      const row = recipient(recipientId);
      for (const field of personal) expect(row[field], field).toBeNull();
      expect(row['purged_at']).toBe(h.clock.now());
      expect(row).toMatchObject({ doc_type: 'MYKAD', sex: 'M', nationality: 'MYS' });
    }
    expect(recipient(kept.recipientId)['full_name']).toBe('Penerima Ujian C');
    const registrations = h.db.sqlite
      .prepare<[], { recipient_id: string; phone: string | null }>(
        'SELECT recipient_id, phone FROM registrations ORDER BY registered_at',
      )
      .all();
    expect(registrations.map((r) => r.phone === null)).toEqual([false, true, true]);

    const records = batchRows(h, batch.batchId).map(
      (row) => JSON.parse(row.canonical) as Record<string, unknown>,
    );
    expect(records.filter((record) => 'recipient' in record)).toHaveLength(1);
    expect(records.every((record) => 'dose' in record)).toBe(true);
    expect(h.db.sqlite.prepare('SELECT count(*) AS n FROM doses').get()).toEqual({ n: 3 });

    await h.okAsync('admin', 'auth.unlock', { secret: TEST_PIN });
    const entry = h
      .ok('admin', 'audit.list', { limit: 5 })
      .items.find((item) => item.action === 'retention.purged');
    expect(entry).toMatchObject({
      action: 'retention.purged',
      detail: { recipients: 2, records: 2 },
    });
    const logged = JSON.stringify(entry);
    for (const { docNumber } of visitors)
      expect(logged).not.toContain(docNumber.replaceAll('-', ''));
    expect(logged).not.toContain('Penerima');
    expect(h.ok('admin', 'audit.verify', {}).intact).toBe(true);
  });

  it('holds for 7 days after the MyVAS address or token changed', async () => {
    h = await createStation();
    const { batch } = await vaccinationDay([1]);
    judge(batch);
    await advance(h, 95 * DAY);
    await h.okAsync('admin', 'auth.unlock', { secret: TEST_PIN });
    const settings = h.ok('admin', 'ppv.settings', {});
    await h.okAsync('admin', 'ppv.updateSettings', {
      ...settings,
      myvasEndpoint: 'https://myvas-lain.example.invalid/v1',
      approval: { staffId: 'MGR01', secret: TEST_PIN },
    });
    await advance(h, 7 * DAY - 1);
    expect(await h.app.retention.purgeDue(asJudged)).toEqual({ recipients: 0, records: 0 });
    await advance(h, 1);
    expect(await h.app.retention.purgeDue(asJudged)).toEqual({ recipients: 1, records: 1 });
  });

  it('waits for the last of a recipient’s records to pass the period', async () => {
    h = await createStation();
    const first = await vaccinationDay([1]);
    judge(first.batch);
    await advance(h, 21 * DAY);
    openWalkIn(h);
    const again = returns(h, first.visitors[0]!);
    vaccinate(h, again);
    await advance(h, 60_000);
    const second = closeDay(h);
    judge(second);

    await advance(h, 74 * DAY);
    expect(await h.app.retention.purgeDue(asJudged)).toEqual({ recipients: 0, records: 0 });
    await advance(h, 17 * DAY);
    expect(await h.app.retention.purgeDue(asJudged)).toEqual({ recipients: 1, records: 2 });
  });

  it('keeps a recipient who is at the PPV today, or whose records MyVAS has not judged', async () => {
    h = await createStation();
    const judged = await vaccinationDay([1, 2]);
    judge(judged.batch);
    openWalkIn(h);
    const unjudged = await vaccinationDay([3]);
    openWalkIn(h);
    returns(h, judged.visitors[0]!);

    await advance(h, 100 * DAY);
    expect(await h.app.retention.purgeDue(asJudged)).toEqual({ recipients: 1, records: 1 });
    expect(recipient(judged.visitors[1]!.recipientId)['purged_at']).not.toBeNull();
    expect(recipient(judged.visitors[0]!.recipientId)['purged_at']).toBeNull();
    expect(recipient(unjudged.visitors[0]!.recipientId)['purged_at']).toBeNull();
  });

  it('keeps a recipient whose batch MyVAS has not committed, or whose void MyVAS refused', async () => {
    h = await createStation();
    const uncommitted = await vaccinationDay([1]);
    judge(uncommitted.batch, [], false);
    openWalkIn(h);
    const voided = await vaccinationDay([2]);
    judge(voided.batch);
    await advance(h, DAY);
    openWalkIn(h);
    const dose = h.db.sqlite
      .prepare<[string], { id: string }>('SELECT id FROM doses WHERE recipient_id = ?')
      .get(voided.visitors[0]!.recipientId)!;
    h.ok('mgr', 'dose.void', { doseId: dose.id, reason: 'Penerima salah' });
    await advance(h, 60_000);
    const voids = closeDay(h);
    judge(
      voids,
      batchRows(h, voids.batchId).map((row) => row.record_id),
    );

    await advance(h, 100 * DAY);
    expect(await h.app.retention.purgeDue(asJudged)).toEqual({ recipients: 0, records: 0 });
  });

  it('a purged recipient can no longer be found by document number', async () => {
    h = await createStation();
    const { batch, visitors } = await vaccinationDay([1]);
    judge(batch);
    await advance(h, 91 * DAY);
    await h.app.retention.purgeDue(asJudged);
    openWalkIn(h);
    const found = h.ok('desk', 'recipient.findByDocument', {
      docType: 'MYKAD',
      docNumber: visitors[0]!.docNumber,
      docCountry: null,
    });
    expect(found).toBeNull();
    expect(h.refused('desk', 'recipient.get', { recipientId: visitors[0]!.recipientId })).toBe(
      'RECIPIENT_NOT_FOUND',
    );
  });
});
