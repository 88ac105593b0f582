/**
 * The reference MyVAS against MYVAS-API.md, spoken to with bare HTTP: authentication, the batch
 * calls and their idempotency, every rejection code (the national history across PPVs included),
 * the fault switches, and a store that outlives a restart. Identities are synthetic.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../electron/core/shared/canonical';
import { startMyvasServer, type MyvasServerOptions, type RunningMyvas } from './server';

const KL = { code: 'PPV-WPKL-0001', token: 'token-kl' };
const PENANG = { code: 'PPV-PNG-0002', token: 'token-penang' };
const DAY = '2026-03-02';
const MYVAS_NOW = Date.parse('2026-03-02T18:00:00+08:00');

let server: RunningMyvas | null = null;
let now = MYVAS_NOW;
afterEach(async () => {
  await server?.close();
  server = null;
  now = MYVAS_NOW;
});

async function start(options: Partial<MyvasServerOptions> = {}): Promise<RunningMyvas> {
  server = await startMyvasServer({
    ppvs: { [KL.code]: KL.token, [PENANG.code]: PENANG.token },
    now: () => now,
    ...options,
  });
  return server;
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function call(
  method: string,
  route: string,
  body?: unknown,
  ppv: { code: string; token: string } = KL,
): Promise<Reply> {
  const response = await fetch(`${server!.url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${ppv.token}`,
      'x-ppv-code': ppv.code,
      'content-type': 'application/json; charset=utf-8',
    },
    body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: JSON.parse(text) as Record<string, unknown>,
    headers: response.headers,
  };
}

/** A synthetic MyKad holder: the number's date is the birth date and its odd last digit says male. */
function person(serial: number) {
  return {
    docType: 'MYKAD',
    docNumber: `900514${String(14_000 + serial).padStart(5, '0')}1`,
    docCountry: 'MYS',
    name: `PESAKIT UJIAN ${serial}`,
    birthDate: '1990-05-14',
    sex: 'M',
    nationality: 'MYS',
    phone: '+60123456789',
    state: 'W.P. Kuala Lumpur',
    postcode: '50450',
  };
}

type Rec = Record<string, unknown>;

function dose(
  serial: number,
  overrides: {
    doseNumber?: number;
    series?: 'primary' | 'booster';
    productCode?: string;
    at?: string;
    expiry?: string;
    ppv?: string;
    sessionDate?: string;
  } = {},
): Rec {
  const at = overrides.at ?? `${DAY}T10:00:00+08:00`;
  return {
    recordId: randomUUID(),
    recordType: 'dose',
    recipient: person(serial),
    dose: {
      productCode: overrides.productCode ?? 'COMIRNATY',
      gtin: '00200000000011',
      lot: 'LOT-UJIAN-1',
      expiry: overrides.expiry ?? '2026-12-31',
      doseNumber: overrides.doseNumber ?? 1,
      series: overrides.series ?? 'primary',
      administeredAt: at,
      site: 'L_DELTOID',
      vaccinatorId: 'VAX-001',
      presence: 'MYKAD',
    },
    registration: { channel: 'walk-in', registeredAt: at, outreachLocation: null },
    ppvCode: overrides.ppv ?? KL.code,
    sessionDate: overrides.sessionDate ?? at.slice(0, 10),
    deviceRecordedAt: at,
    recordedAt: at,
  };
}

function voidOf(target: Rec, ppv = KL.code, sessionDate = DAY): Rec {
  return {
    recordId: randomUUID(),
    recordType: 'void',
    amends: target['recordId'],
    reason: 'Direkod pada penerima yang salah',
    ppvCode: ppv,
    sessionDate,
    deviceRecordedAt: `${sessionDate}T16:00:00+08:00`,
    recordedAt: `${sessionDate}T16:00:00+08:00`,
  };
}

function amendmentOf(target: Rec, changes: Rec, sessionDate = DAY): Rec {
  return {
    ...target,
    ...changes,
    recordId: randomUUID(),
    recordType: 'amendment',
    amends: target['recordId'],
    reason: 'Nombor lot salah dibaca',
    sessionDate,
  };
}

function contentHash(records: readonly Rec[]): string {
  const hash = createHash('sha256');
  const sorted = [...records].sort((a, b) =>
    String(a['recordId']).localeCompare(String(b['recordId'])),
  );
  for (const record of sorted) hash.update(`${canonicalJson(record)}\n`);
  return hash.digest('hex');
}

interface Batch {
  batchId: string;
  declaration: Rec;
  chunks: Rec[][];
}

function batch(
  records: readonly Rec[],
  options: { ppv?: string; day?: string; chunkSize?: number } = {},
): Batch {
  const day = options.day ?? DAY;
  const chunkSize = options.chunkSize ?? 500;
  const sorted = [...records].sort((a, b) =>
    String(a['recordId']).localeCompare(String(b['recordId'])),
  );
  const chunks: Rec[][] = [];
  for (let i = 0; i < sorted.length; i += chunkSize) chunks.push(sorted.slice(i, i + chunkSize));
  const batchId = randomUUID();
  return {
    batchId,
    chunks,
    declaration: {
      batchId,
      ppvCode: options.ppv ?? KL.code,
      sessionDate: day,
      openedAt: `${day}T08:00:00+08:00`,
      closedAt: `${day}T17:00:00+08:00`,
      recordCount: records.length,
      contentHash: contentHash(records),
      auditHead: 'a'.repeat(64),
      chunkSize,
    },
  };
}

/** Declares, puts every chunk and commits; the results of every record, in chunk order. */
async function upload(b: Batch, ppv = KL) {
  expect((await call('POST', '/v1/batches', b.declaration, ppv)).status).toBe(201);
  const results: Rec[] = [];
  for (const [seq, records] of b.chunks.entries()) {
    const reply = await call('PUT', `/v1/batches/${b.batchId}/chunks/${seq}`, { records }, ppv);
    expect(reply.status).toBe(200);
    results.push(...(reply.body['results'] as Rec[]));
  }
  const commit = await call('POST', `/v1/batches/${b.batchId}/commit`, {}, ppv);
  expect(commit.status).toBe(200);
  return { results, commit: commit.body };
}

/** MyVAS's clock at the evening of `day`, after that day's batch closed. */
function eveningOf(day: string): void {
  now = Date.parse(`${day}T18:00:00+08:00`);
}

/** The code MyVAS gives one record uploaded alone in a batch (`accepted` when it takes it). */
async function judged(record: Rec, ppv = KL, day = DAY): Promise<string> {
  const { results } = await upload(batch([record], { ppv: ppv.code, day }), ppv);
  const result = results[0]!;
  return result['status'] === 'rejected' ? String(result['code']) : String(result['status']);
}

describe('reference MyVAS: authentication and time', () => {
  it('answers the time to a known token, with serverTime and a Date header', async () => {
    await start();
    const reply = await call('GET', '/v1/time');
    expect(reply.status).toBe(200);
    expect(reply.body['serverTime']).toBe(new Date(MYVAS_NOW).toISOString());
    expect(Date.parse(reply.headers.get('date')!)).toBe(MYVAS_NOW);
  });

  it('refuses a missing or unknown token with 401 and another PPV’s token with 403, on every call', async () => {
    await start();
    expect(
      (await call('GET', '/v1/time', undefined, { code: KL.code, token: 'never-issued' })).status,
    ).toBe(401);
    expect((await call('GET', '/v1/time', undefined, { code: KL.code, token: '' })).status).toBe(
      401,
    );
    expect(
      (await call('GET', '/v1/time', undefined, { code: KL.code, token: PENANG.token })).status,
    ).toBe(403);
    const b = batch([dose(1)]);
    const stolen = { code: KL.code, token: PENANG.token };
    expect((await call('POST', '/v1/batches', b.declaration, stolen)).status).toBe(403);
    expect((await call('POST', '/v1/batches', b.declaration, PENANG)).status).toBe(403);
  });
});

describe('reference MyVAS: declaring a batch', () => {
  it('creates with 201, repeats with 200, and refuses another hash under the same id with 409', async () => {
    await start();
    const b = batch([dose(1)]);
    expect((await call('POST', '/v1/batches', b.declaration)).status).toBe(201);
    expect((await call('POST', '/v1/batches', b.declaration)).status).toBe(200);
    const other = { ...b.declaration, contentHash: 'b'.repeat(64) };
    const conflict = await call('POST', '/v1/batches', other);
    expect(conflict).toMatchObject({ status: 409, body: { code: 'BATCH_CONFLICT' } });
  });

  it('refuses with 422 CLOSED_IN_FUTURE a batch closed after MyVAS time: the client retries later', async () => {
    await start();
    const d = batch([dose(1)]).declaration;
    now = Date.parse(`${DAY}T16:59:59+08:00`);
    expect(await call('POST', '/v1/batches', d)).toMatchObject({
      status: 422,
      body: { code: 'CLOSED_IN_FUTURE' },
    });
    now = MYVAS_NOW;
    expect((await call('POST', '/v1/batches', d)).status).toBe(201);
  });

  it.each([
    ['opened after it closed', { openedAt: `${DAY}T17:30:00+08:00` }],
    ['opened on another day than its session date', { openedAt: '2026-03-01T23:30:00+08:00' }],
    ['over 100,000 records', { recordCount: 100_001 }],
  ])('refuses with 422 BATCH_INVALID a batch %s, for good', async (_name, change) => {
    await start();
    const d = { ...batch([dose(1)]).declaration, ...change };
    expect(await call('POST', '/v1/batches', d)).toMatchObject({
      status: 422,
      body: { code: 'BATCH_INVALID' },
    });
    // Invalid whatever the clock says: the same declaration closed in MyVAS's future is still invalid.
    now = Date.parse(`${DAY}T16:00:00+08:00`);
    expect((await call('POST', '/v1/batches', d)).body['code']).toBe('BATCH_INVALID');
  });

  it('takes up to 100,000 records, opened at midnight of the session date', async () => {
    await start();
    const d = batch([dose(1)]).declaration;
    const full = { ...d, recordCount: 100_000, openedAt: `${DAY}T00:00:00+08:00` };
    expect((await call('POST', '/v1/batches', full)).status).toBe(201);
  });

  it('shows the declaration it holds, so a client that lost the answer sees what it declared', async () => {
    await start();
    const b = batch([dose(1), dose(2)], { chunkSize: 1 });
    expect((await call('POST', '/v1/batches', b.declaration)).status).toBe(201);
    expect((await call('GET', `/v1/batches/${b.batchId}`)).body).toMatchObject({
      batchId: b.batchId,
      status: 'open',
      contentHash: b.declaration['contentHash'],
      recordCount: 2,
      chunkSize: 1,
      auditHead: b.declaration['auditHead'],
    });
    const otherHead = { ...b.declaration, auditHead: 'd'.repeat(64) };
    expect((await call('POST', '/v1/batches', otherHead)).status).toBe(409);
  });

  it('refuses to declare the same batch id again with another chunk size or count', async () => {
    await start();
    const d = batch([dose(1)]).declaration;
    expect((await call('POST', '/v1/batches', d)).status).toBe(201);
    expect((await call('POST', '/v1/batches', { ...d, chunkSize: 2 })).status).toBe(409);
    expect((await call('POST', '/v1/batches', { ...d, recordCount: 2 })).status).toBe(409);
    const leap = { ...d, batchId: randomUUID(), closedAt: `${DAY}T16:59:60+08:00` };
    expect((await call('POST', '/v1/batches', leap)).status).toBe(400);
  });

  it('answers a stranger 401 without reading the body, however large', async () => {
    await start();
    const huge = `{"x":"${'a'.repeat(33 * 1024 * 1024)}"}`;
    const stranger = { code: KL.code, token: 'never-issued' };
    expect((await call('POST', '/v1/batches', huge, stranger)).status).toBe(401);
    expect((await call('POST', '/v1/batches', huge)).status).toBe(413);
  });

  it('answers 400 to a body that is not JSON or not a declaration', async () => {
    await start();
    expect(await call('POST', '/v1/batches', '{"batchId":')).toMatchObject({
      status: 400,
      body: { code: 'MALFORMED_JSON' },
    });
    const d = batch([dose(1)]).declaration;
    expect((await call('POST', '/v1/batches', { ...d, contentHash: 'not hex' })).status).toBe(400);
    expect((await call('POST', '/v1/batches', { ...d, extra: 1 })).status).toBe(400);
  });
});

describe('reference MyVAS: chunks and commit', () => {
  it('judges each chunk once: the same content gets the same results, other content 409', async () => {
    await start();
    const records = [dose(1), dose(2), dose(3)];
    const b = batch(records, { chunkSize: 2 });
    await call('POST', '/v1/batches', b.declaration);
    const first = await call('PUT', `/v1/batches/${b.batchId}/chunks/0`, { records: b.chunks[0] });
    expect(first.status).toBe(200);
    expect((first.body['results'] as Rec[]).map((r) => r['recordId'])).toEqual(
      b.chunks[0]!.map((r) => r['recordId']),
    );
    const again = await call('PUT', `/v1/batches/${b.batchId}/chunks/0`, { records: b.chunks[0] });
    expect(again.body['results']).toEqual(first.body['results']);
    expect(server!.heldCount()).toBe(2);

    const other = await call('PUT', `/v1/batches/${b.batchId}/chunks/0`, { records: b.chunks[1] });
    expect(other).toMatchObject({ status: 409, body: { code: 'CHUNK_CONFLICT' } });
  });

  it('refuses a chunk above the declared size (413), an unknown batch or chunk (404)', async () => {
    await start();
    const b = batch([dose(1), dose(2), dose(3)], { chunkSize: 2 });
    await call('POST', '/v1/batches', b.declaration);
    const all = b.chunks.flat();
    expect((await call('PUT', `/v1/batches/${b.batchId}/chunks/0`, { records: all })).status).toBe(
      413,
    );
    expect(
      (await call('PUT', `/v1/batches/${randomUUID()}/chunks/0`, { records: [] })).status,
    ).toBe(404);
    expect((await call('PUT', `/v1/batches/${b.batchId}/chunks/2`, { records: [] })).status).toBe(
      404,
    );
    expect(
      (await call('PUT', `/v1/batches/${b.batchId}/chunks/0`, { records: b.chunks[0] }, PENANG))
        .status,
    ).toBe(404);
    expect((await call('POST', `/v1/batches/${randomUUID()}/commit`, {})).status).toBe(404);
  });

  it('commits only when every chunk arrived and the records hash to the declared hash', async () => {
    await start();
    const b = batch([dose(1), dose(2), dose(3), dose(4), dose(5)], { chunkSize: 2 });
    await call('POST', '/v1/batches', b.declaration);
    await call('PUT', `/v1/batches/${b.batchId}/chunks/1`, { records: b.chunks[1] });
    expect(await call('POST', `/v1/batches/${b.batchId}/commit`, {})).toMatchObject({
      status: 409,
      body: { code: 'BATCH_INCOMPLETE', missingChunks: [0, 2] },
    });
    await call('PUT', `/v1/batches/${b.batchId}/chunks/2`, { records: b.chunks[2] });
    await call('PUT', `/v1/batches/${b.batchId}/chunks/0`, { records: b.chunks[0] });
    const commit = await call('POST', `/v1/batches/${b.batchId}/commit`, {});
    expect(commit).toMatchObject({
      status: 200,
      body: { status: 'committed', accepted: 5, duplicate: 0, rejected: 0 },
    });
    expect((await call('POST', `/v1/batches/${b.batchId}/commit`, {})).body).toEqual(commit.body);
    expect((await call('GET', `/v1/batches/${b.batchId}`)).body).toMatchObject({
      batchId: b.batchId,
      status: 'committed',
      accepted: 5,
      rejections: [],
    });
  });

  it('refuses to commit chunks not cut in recordId order, even when they hash as declared', async () => {
    await start();
    const records = [dose(1), dose(2), dose(3), dose(4)];
    const b = batch(records, { chunkSize: 2 });
    const reversed = [...b.chunks.flat()].reverse();
    const hash = createHash('sha256');
    for (const record of reversed) hash.update(`${canonicalJson(record)}\n`);
    await call('POST', '/v1/batches', { ...b.declaration, contentHash: hash.digest('hex') });
    await call('PUT', `/v1/batches/${b.batchId}/chunks/0`, { records: reversed.slice(0, 2) });
    await call('PUT', `/v1/batches/${b.batchId}/chunks/1`, { records: reversed.slice(2) });
    expect(await call('POST', `/v1/batches/${b.batchId}/commit`, {})).toMatchObject({
      status: 409,
      body: { code: 'HASH_MISMATCH' },
    });
  });

  it('answers 400 to records nested too deeply to read, and stays up', async () => {
    await start();
    const b = batch([dose(1)]);
    await call('POST', '/v1/batches', b.declaration);
    const deep = `{"records":[{"recordId":"x","n":${'['.repeat(20_000)}${']'.repeat(20_000)}}]}`;
    expect((await call('PUT', `/v1/batches/${b.batchId}/chunks/0`, deep)).status).toBe(400);
    expect((await call('GET', '/v1/time')).status).toBe(200);
  });

  it('refuses to commit records that do not hash to the declared hash', async () => {
    await start();
    const b = batch([dose(1)]);
    await call('POST', '/v1/batches', { ...b.declaration, contentHash: 'c'.repeat(64) });
    await call('PUT', `/v1/batches/${b.batchId}/chunks/0`, { records: b.chunks[0] });
    expect(await call('POST', `/v1/batches/${b.batchId}/commit`, {})).toMatchObject({
      status: 409,
      body: { code: 'HASH_MISMATCH' },
    });
  });
});

describe('reference MyVAS: judging records', () => {
  it('takes a held record again as a duplicate, and the same id with other content as RECORD_CONFLICT', async () => {
    await start();
    const record = dose(1);
    expect(await judged(record)).toBe('accepted');
    expect(await judged(record)).toBe('duplicate');
    expect(await judged({ ...record, recordedAt: `${DAY}T11:00:00+08:00` })).toBe(
      'RECORD_CONFLICT',
    );
    expect(server!.heldCount()).toBe(1);
  });

  it.each<[string, () => Rec]>([
    ['a missing field', () => ({ ...dose(1), recipient: { ...person(1), name: undefined } })],
    ['a field the contract lacks', () => ({ ...dose(1), note: 'x' })],
    [
      'a MyKad number whose date is not the birth date',
      () => ({ ...dose(1), recipient: { ...person(1), birthDate: '1990-05-15' } }),
    ],
    [
      'a MyKad number whose parity is not the sex',
      () => ({ ...dose(1), recipient: { ...person(1), sex: 'F' } }),
    ],
    [
      'a phone not in E.164',
      () => ({ ...dose(1), recipient: { ...person(1), phone: '0123456789' } }),
    ],
    [
      'a postcode of four digits',
      () => ({ ...dose(1), recipient: { ...person(1), postcode: '5045' } }),
    ],
    [
      'a GTIN with a wrong check digit',
      () => {
        const record = dose(1);
        return { ...record, dose: { ...(record['dose'] as Rec), gtin: '00200000000012' } };
      },
    ],
    ['another PPV’s code in the record', () => dose(1, { ppv: PENANG.code })],
  ])('rejects %s as INCOMPLETE', async (_name, make) => {
    await start();
    expect(await judged(JSON.parse(JSON.stringify(make())) as Rec)).toBe('INCOMPLETE');
    expect(server!.heldCount()).toBe(0);
  });

  it('rejects a dose given after the upload reached it, after close, or outside the session date', async () => {
    await start();
    now = Date.parse(`${DAY}T17:30:00+08:00`);
    expect(await judged(dose(1, { at: `${DAY}T17:31:59+08:00` }))).toBe('AFTER_CLOSURE');
    expect(await judged(dose(2, { at: `${DAY}T17:32:01+08:00` }))).toBe('ADMINISTERED_IN_FUTURE');
    expect(await judged(dose(3, { at: `${DAY}T17:00:01+08:00` }))).toBe('AFTER_CLOSURE');
    expect(await judged(dose(4, { at: '2026-03-01T10:00:00+08:00', sessionDate: DAY }))).toBe(
      'AFTER_CLOSURE',
    );
    expect(await judged(dose(5, { at: `${DAY}T16:59:59+08:00` }))).toBe('accepted');
  });

  it('says a record from the future is ADMINISTERED_IN_FUTURE before any batch-consistency INCOMPLETE', async () => {
    await start();
    now = Date.parse(`${DAY}T17:30:00+08:00`);
    const ahead = dose(21, { at: `${DAY}T17:40:00+08:00`, ppv: PENANG.code });
    expect(await judged(ahead)).toBe('ADMINISTERED_IN_FUTURE');
    const otherDay = dose(22, { at: `${DAY}T17:40:00+08:00`, sessionDate: '2026-03-03' });
    expect(await judged(otherDay)).toBe('ADMINISTERED_IN_FUTURE');
  });

  it('checks batch consistency right after AFTER_CLOSURE, before the product, lot and lateness', async () => {
    await start({ productCodes: ['COMIRNATY'] });
    // After closedAt and not of the batch's PPV: the closure is said first.
    const afterClose = dose(23, { at: `${DAY}T17:10:00+08:00`, ppv: PENANG.code });
    expect(await judged(afterClose)).toBe('AFTER_CLOSURE');
    // Of another PPV with an unknown product and an expired lot: the batch's consistency first.
    const foreign = dose(24, { ppv: PENANG.code, productCode: 'VAXZEVRIA', expiry: '2026-01-01' });
    expect(await judged(foreign)).toBe('INCOMPLETE');
    // An amendment made on another day than its batch's session date.
    const first = dose(25);
    expect(await judged(first)).toBe('accepted');
    const misdated = amendmentOf(
      first,
      { dose: { ...(first['dose'] as Rec), productCode: 'VAXZEVRIA' } },
      '2026-03-01',
    );
    expect(await judged(misdated)).toBe('INCOMPLETE');
    // A void naming nothing is UNKNOWN_RECORD even when it is also not of the batch's PPV.
    expect(await judged(voidOf(dose(26), PENANG.code))).toBe('UNKNOWN_RECORD');
  });

  it('rejects an unknown product, an expired lot, and a late record without a reason', async () => {
    await start({ productCodes: ['COMIRNATY', 'CORONAVAC'] });
    expect(await judged(dose(1, { productCode: 'VAXZEVRIA' }))).toBe('UNKNOWN_PRODUCT');
    expect(await judged(dose(2, { expiry: '2026-03-01' }))).toBe('EXPIRED_LOT');
    expect(await judged(dose(3, { expiry: DAY }))).toBe('accepted');
    now = Date.parse(`${DAY}T10:00:00+08:00`) + 72 * 3_600_000 + 1000;
    expect(await judged(dose(4))).toBe('LATE_UPLOAD_NO_REASON');
    expect(await judged({ ...dose(5), lateReason: 'Talian terputus' })).toBe('accepted');
  });

  it('judges against the recipient’s national history across PPVs', async () => {
    await start();
    eveningOf('2026-02-02');
    const first = dose(7, { at: '2026-02-02T10:00:00+08:00' });
    expect(await judged(first, KL, '2026-02-02')).toBe('accepted');

    eveningOf(DAY);
    expect(await judged(dose(7, { ppv: PENANG.code }), PENANG)).toBe('DUPLICATE_DOSE');
    expect(await judged(dose(7, { doseNumber: 3, ppv: PENANG.code }), PENANG)).toBe(
      'DOSE_SEQUENCE',
    );
    const asBooster = dose(7, { doseNumber: 2, series: 'booster', ppv: PENANG.code });
    expect(await judged(asBooster, PENANG)).toBe('DOSE_SEQUENCE');
    const otherProduct = dose(7, { doseNumber: 2, productCode: 'CORONAVAC', ppv: PENANG.code });
    expect(await judged(otherProduct, PENANG)).toBe('PRODUCT_MISMATCH');

    // Comirnaty's second dose waits 21 days: 2026-02-23 is the first day allowed.
    eveningOf('2026-02-22');
    const early = dose(7, { doseNumber: 2, ppv: PENANG.code, at: '2026-02-22T10:00:00+08:00' });
    expect(await judged(early, PENANG, '2026-02-22')).toBe('INTERVAL');
    eveningOf('2026-02-23');
    const second = dose(7, { doseNumber: 2, ppv: PENANG.code, at: '2026-02-23T10:00:00+08:00' });
    expect(await judged(second, PENANG, '2026-02-23')).toBe('accepted');

    // A booster waits three months after the primary series (the rule in force since 2021-12-28).
    eveningOf(DAY);
    const booster = dose(7, { doseNumber: 3, series: 'booster', productCode: 'VAXZEVRIA' });
    expect(await judged(booster)).toBe('INTERVAL');
  });

  it('takes voids and amendments of this PPV’s standing records only', async () => {
    await start();
    eveningOf('2026-02-02');
    const first = dose(8, { at: '2026-02-02T10:00:00+08:00' });
    await judged(first, KL, '2026-02-02');
    eveningOf('2026-02-23');
    const second = dose(8, { doseNumber: 2, at: '2026-02-23T10:00:00+08:00' });
    await judged(second, KL, '2026-02-23');

    const day = '2026-02-24';
    eveningOf(day);
    const judgedOn = (record: Rec, ppv = KL) => judged(record, ppv, day);
    expect(await judgedOn(voidOf(first, PENANG.code, day), PENANG)).toBe('UNKNOWN_RECORD');
    expect(await judgedOn(voidOf(dose(9), KL.code, day))).toBe('UNKNOWN_RECORD');
    expect(await judgedOn(voidOf(first, KL.code, day))).toBe('DOSE_SEQUENCE');

    const secondDose = second['dose'] as Rec;
    const corrected = amendmentOf(second, { dose: { ...secondDose, lot: 'LOT-BETUL' } }, day);
    expect(await judgedOn(corrected)).toBe('accepted');
    expect(await judgedOn(amendmentOf(second, {}, day))).toBe('UNKNOWN_RECORD');
    expect(await judgedOn(voidOf(corrected, KL.code, day))).toBe('accepted');
    expect(await judgedOn(voidOf(corrected, KL.code, day))).toBe('UNKNOWN_RECORD');
    expect(await judgedOn(voidOf(first, KL.code, day))).toBe('accepted');

    // With both doses voided, the recipient starts again at dose 1.
    eveningOf(DAY);
    expect(await judged(dose(8))).toBe('accepted');
  });

  it('lets an amendment correct a record it rejected, from a later day, and only once', async () => {
    await start({ productCodes: ['COMIRNATY'] });
    const wrong = dose(10, { productCode: 'CONVIDECIA', at: '2026-03-01T10:00:00+08:00' });
    expect(await judged(wrong, KL, '2026-03-01')).toBe('UNKNOWN_PRODUCT');
    const fix = amendmentOf(wrong, {
      dose: { ...(wrong['dose'] as Rec), productCode: 'COMIRNATY' },
    });
    expect(await judged(fix)).toBe('accepted');
    expect(await judged(amendmentOf(wrong, {}))).toBe('UNKNOWN_RECORD');
    expect(server!.heldRecords(KL.code)).toEqual([
      expect.objectContaining({ recordId: fix['recordId'] }),
    ]);
  });

  it('takes a void of a record it rejected, after which nothing more may correct it', async () => {
    await start();
    const wrong = dose(13, { expiry: '2026-01-31' });
    expect(await judged(wrong)).toBe('EXPIRED_LOT');
    expect(await judged(voidOf(wrong))).toBe('accepted');
    expect(await judged(amendmentOf(wrong, {}))).toBe('UNKNOWN_RECORD');
    expect(await judged(voidOf(wrong))).toBe('UNKNOWN_RECORD');
  });

  it('takes a void of a rejected record as closing the rejection only: the history stays', async () => {
    await start();
    eveningOf('2026-02-02');
    const first = dose(31, { at: '2026-02-02T10:00:00+08:00' });
    expect(await judged(first, KL, '2026-02-02')).toBe('accepted');
    eveningOf(DAY);
    // Eight days after Comirnaty's first dose: below the 21-day interval.
    eveningOf('2026-02-10');
    const early = dose(31, { doseNumber: 2, at: '2026-02-10T10:00:00+08:00' });
    expect(await judged(early, KL, '2026-02-10')).toBe('INTERVAL');
    expect(await judged(voidOf(early, KL.code, '2026-02-10'), KL, '2026-02-10')).toBe('accepted');
    // The first dose still stands; dose 2 is still free.
    expect(await judged(dose(31, { at: '2026-02-10T11:00:00+08:00' }), KL, '2026-02-10')).toBe(
      'DUPLICATE_DOSE',
    );
    eveningOf('2026-02-23');
    const second = dose(31, { doseNumber: 2, at: '2026-02-23T10:00:00+08:00' });
    expect(await judged(second, KL, '2026-02-23')).toBe('accepted');
  });

  it('judges an amendment of a rejected record afresh; rejected in turn, it is itself correctable, once', async () => {
    await start({ productCodes: ['COMIRNATY'] });
    const wrong = dose(32, { productCode: 'CONVIDECIA', at: '2026-03-01T10:00:00+08:00' });
    expect(await judged(wrong, KL, '2026-03-01')).toBe('UNKNOWN_PRODUCT');
    const wrongDose = wrong['dose'] as Rec;
    const stillWrong = amendmentOf(wrong, { dose: { ...wrongDose, productCode: 'VAXZEVRIA' } });
    expect(await judged(stillWrong)).toBe('UNKNOWN_PRODUCT');
    // The rejected amendment corrected the rejection: naming the first record again is refused.
    const again = amendmentOf(wrong, { dose: { ...wrongDose, productCode: 'COMIRNATY' } });
    expect(await judged(again)).toBe('UNKNOWN_RECORD');
    expect(await judged(voidOf(wrong))).toBe('UNKNOWN_RECORD');
    // The rejected amendment is a rejected record of its own, corrected by naming it.
    const right = amendmentOf(stillWrong, { dose: { ...wrongDose, productCode: 'COMIRNATY' } });
    expect(await judged(right)).toBe('accepted');
    expect(await judged(amendmentOf(stillWrong, {}))).toBe('UNKNOWN_RECORD');
    expect(server!.heldRecords(KL.code)).toEqual([
      expect.objectContaining({ recordId: right['recordId'], amends: stillWrong['recordId'] }),
    ]);
  });

  it('judges an amendment of a rejected record in full, all but the session-date part of AFTER_CLOSURE', async () => {
    await start();
    const wrong = dose(33, { expiry: '2026-02-28', at: '2026-03-01T10:00:00+08:00' });
    expect(await judged(wrong, KL, '2026-03-01')).toBe('EXPIRED_LOT');
    // Still expired when the dose was given, though the amendment was made a day later.
    const sameLot = amendmentOf(wrong, {});
    expect(await judged(sameLot)).toBe('EXPIRED_LOT');
    const fixed = amendmentOf(sameLot, {
      dose: { ...(wrong['dose'] as Rec), lot: 'LOT-BAHARU', expiry: '2026-12-31' },
    });
    expect(await judged(fixed)).toBe('accepted');
  });

  it('lets a correction in the same chunk name the record rejected just before it', async () => {
    await start({ productCodes: ['COMIRNATY'] });
    const wrong: Rec = {
      ...dose(14, { productCode: 'CONVIDECIA' }),
      recordId: '00000000-0000-4000-8000-000000000001',
    };
    const fix = {
      ...amendmentOf(wrong, { dose: { ...(wrong['dose'] as Rec), productCode: 'COMIRNATY' } }),
      recordId: '00000000-0000-4000-8000-000000000002',
    };
    const { results } = await upload(batch([wrong, fix]));
    expect(results.map((r) => r['code'] ?? r['status'])).toEqual(['UNKNOWN_PRODUCT', 'accepted']);
  });

  it('rejects a time with a leap second as INCOMPLETE: it names no instant to compare', async () => {
    await start();
    const record = dose(15);
    const leap = { ...record, recordedAt: `${DAY}T10:59:60+08:00` };
    expect(await judged(leap)).toBe('INCOMPLETE');
  });

  it('lists a batch’s rejections with their codes', async () => {
    await start();
    const bad = dose(11, { expiry: '2026-01-31' });
    const b = batch([dose(12), bad]);
    const { commit } = await upload(b);
    expect(commit).toMatchObject({ accepted: 1, rejected: 1 });
    expect((await call('GET', `/v1/batches/${b.batchId}`)).body).toMatchObject({
      status: 'committed',
      rejections: [{ recordId: bad['recordId'], code: 'EXPIRED_LOT', message: expect.any(String) }],
    });
  });
});

describe('reference MyVAS: audit anchors', () => {
  const head = (n: number) => createHash('sha256').update(`entry ${n}`).digest('hex');
  const anchorOf = (seq: number, ppv = KL.code) => ({
    ppvCode: ppv,
    seq,
    head: head(seq),
    at: `${DAY}T10:00:00+08:00`,
  });

  it('takes an anchor with 201, the same again with 200, and another head at its seq with 409', async () => {
    await start();
    const created = await call('POST', '/v1/anchors', anchorOf(7));
    expect(created).toMatchObject({ status: 201, body: { seq: 7, head: head(7) } });
    expect(created.body['serverTime']).toBe(new Date(MYVAS_NOW).toISOString());
    expect((await call('POST', '/v1/anchors', anchorOf(7))).status).toBe(200);
    const rewritten = { ...anchorOf(7), head: head(99) };
    expect(await call('POST', '/v1/anchors', rewritten)).toMatchObject({
      status: 409,
      body: { code: 'ANCHOR_CONFLICT', head: head(7) },
    });
  });

  it('answers 400 to a malformed anchor and 403 to another PPV’s code', async () => {
    await start();
    for (const bad of [
      { ...anchorOf(1), head: 'not hex' },
      { ...anchorOf(1), seq: 0 },
      { ...anchorOf(1), seq: 1.5 },
      { ...anchorOf(1), at: '2026-03-02 10:00' },
      { ...anchorOf(1), extra: true },
      { seq: 1, head: head(1), at: `${DAY}T10:00:00+08:00` },
    ]) {
      expect((await call('POST', '/v1/anchors', bad)).status).toBe(400);
    }
    expect((await call('POST', '/v1/anchors', '{"seq":')).status).toBe(400);
    expect((await call('POST', '/v1/anchors', anchorOf(1, PENANG.code))).status).toBe(403);
    expect((await call('GET', '/v1/anchors?after=-1')).status).toBe(400);
    expect((await call('GET', '/v1/anchors?after=x')).status).toBe(400);
  });

  it('lists this PPV’s anchors after a seq, in seq order, 1,000 a page', async () => {
    await start();
    const seqs = Array.from({ length: 1003 }, (_, i) => 1003 - i);
    for (let i = 0; i < seqs.length; i += 50) {
      await Promise.all(
        seqs.slice(i, i + 50).map((seq) => call('POST', '/v1/anchors', anchorOf(seq))),
      );
    }
    await call('POST', '/v1/anchors', anchorOf(5, PENANG.code), PENANG);

    const first = await call('GET', '/v1/anchors');
    const anchors = first.body['anchors'] as Rec[];
    expect(anchors).toHaveLength(1000);
    expect(anchors.map((a) => a['seq'])).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(anchors[0]).toEqual({
      seq: 1,
      head: head(1),
      at: `${DAY}T10:00:00+08:00`,
      receivedAt: new Date(MYVAS_NOW).toISOString(),
    });
    const rest = await call('GET', '/v1/anchors?after=1000');
    expect((rest.body['anchors'] as Rec[]).map((a) => a['seq'])).toEqual([1001, 1002, 1003]);
    const penang = await call('GET', '/v1/anchors?after=0', undefined, PENANG);
    expect(penang.body['anchors']).toEqual([expect.objectContaining({ seq: 5 })]);
  });

  it('does not count a batch declaration’s audit head as an anchor', async () => {
    await start();
    await call('POST', '/v1/batches', batch([dose(1)]).declaration);
    expect((await call('GET', '/v1/anchors?after=0')).body['anchors']).toEqual([]);
  });

  it('keeps its anchors across a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'myvas-anchors-'));
    const storeFile = path.join(dir, 'myvas.db');
    try {
      await start({ storeFile });
      await call('POST', '/v1/anchors', anchorOf(3));
      await server!.close();
      await start({ storeFile });
      expect((await call('POST', '/v1/anchors', { ...anchorOf(3), head: head(4) })).status).toBe(
        409,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reference MyVAS: fault switches', () => {
  it('drops before applying: nothing is held', async () => {
    await start({ faults: { dropBeforeApply: 1 } });
    const b = batch([dose(1)]);
    await expect(call('POST', '/v1/batches', b.declaration)).rejects.toThrow();
    server!.setFaults({});
    expect((await call('POST', '/v1/batches', b.declaration)).status).toBe(201);
    expect(server!.requests().map((r) => [r.status, r.fault])).toEqual([
      [null, 'dropBeforeApply'],
      [201, null],
    ]);
  });

  it('drops after applying: the batch exists though the client heard nothing', async () => {
    await start({ faults: { dropAfterApply: 1 } });
    const b = batch([dose(1)]);
    await expect(call('POST', '/v1/batches', b.declaration)).rejects.toThrow();
    server!.setFaults({});
    expect((await call('POST', '/v1/batches', b.declaration)).status).toBe(200);
  });

  it('answers 429 and 503 with Retry-After, 500, and bodies cut short', async () => {
    await start({ faults: { tooManyRequests: 1, retryAfterSeconds: 9 } });
    const throttled = await call('GET', '/v1/time');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('9');
    server!.setFaults({ unavailable: 1, retryAfterSeconds: 4 });
    const unavailable = await call('GET', '/v1/time');
    expect([unavailable.status, unavailable.headers.get('retry-after')]).toEqual([503, '4']);
    server!.setFaults({ serverError: 1 });
    expect((await call('GET', '/v1/time')).status).toBe(500);
    server!.setFaults({ truncate: 1 });
    await expect(call('GET', '/v1/time')).rejects.toThrow();
    server!.setFaults({ slow: 1, slowMs: 1 });
    expect((await call('GET', '/v1/time')).status).toBe(200);
  });

  it('draws faults from its seed, so a run repeats', async () => {
    const statuses = async () => {
      await start({ faults: { serverError: 0.5 }, seed: 42 });
      const seen: number[] = [];
      for (let i = 0; i < 12; i++) seen.push((await call('GET', '/v1/time')).status);
      await server!.close();
      server = null;
      return seen;
    };
    const first = await statuses();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await statuses()).toEqual(first);
  });
});

describe('reference MyVAS: its store', () => {
  it('keeps what it holds across a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'myvas-store-'));
    const storeFile = path.join(dir, 'myvas.db');
    try {
      await start({ storeFile });
      const record = dose(1);
      const b = batch([record, dose(2)]);
      await upload(b);
      await server!.close();

      await start({ storeFile });
      expect(server!.heldCount(KL.code)).toBe(2);
      expect((await call('GET', `/v1/batches/${b.batchId}`)).body).toMatchObject({
        status: 'committed',
        accepted: 2,
      });
      expect(await judged(record)).toBe('duplicate');
      expect(await judged(dose(1))).toBe('DUPLICATE_DOSE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
