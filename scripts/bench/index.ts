/**
 * `npm run bench`: dose.record through the dispatcher against a raw better-sqlite3 insert of the same
 * row into the same table (same file, key, pragmas), with 100,000 and then 1,000,000 doses already
 * in the database; and recipient lookup by document number at 1,000,000 recipients. Prints figures
 * and ratios; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../db/open';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../electron/contract';
import { createConsole } from '../../electron/core/app';
import { productionHashCost } from '../../electron/core/auth/secrets';
import { defaultCatalogue } from '../../electron/core/catalogue';
import { systemClock } from '../../electron/core/shared/clock';
import { uuidV7 } from '../../electron/core/shared/ids';
import { silentLogger } from '../../electron/core/shared/log';
import { malaysiaDate } from '../../electron/core/shared/time';
import { syntheticRecipient } from '../../electron/core/testing/synthetic';

const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 2000);
const WARM_UP = 200;
const LOOKUPS = Number(process.env['BENCH_LOOKUPS'] ?? 5000);
const PIN = '482916';
const FIRST_PIN = '730154';
const VIAL_GTIN = defaultCatalogue.products.find((p) => p.code === 'VAXZEVRIA')!.gtins[0]!;

const dir = mkdtempSync(path.join(tmpdir(), 'ppv-bench-'));
const db = openDatabase({
  file: path.join(dir, 'bench.db'),
  key: randomBytes(32),
  checkpoints: 'background',
});
const app = createConsole({
  db,
  clock: systemClock,
  stationId: 'bench',
  hashCost: productionHashCost,
  log: silentLogger,
});

function call<C extends ChannelName>(connectionId: string, channel: C, input: ChannelInput<C>) {
  const result = app.dispatchSync(channel, input, { connectionId, stationId: 'bench' });
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message.en}`);
  return result.value as ChannelOutput<C>;
}

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
}

/** Runs `warmUp` unmeasured calls, collects garbage, then times `count` calls one by one. */
function measure(count: number, run: (index: number) => void, warmUp = 0): Figures {
  for (let index = 0; index < warmUp; index += 1) run(count + index);
  (globalThis as { gc?: () => void }).gc?.();
  const latencies = new Float64Array(count);
  const started = process.hrtime.bigint();
  for (let index = 0; index < count; index += 1) {
    const t0 = process.hrtime.bigint();
    run(index);
    latencies[index] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort();
  const at = (q: number) => latencies[Math.min(count - 1, Math.floor(q * count))] ?? 0;
  return { perSecond: count / seconds, p50: at(0.5), p99: at(0.99) };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const line = (label: string, f: Figures) =>
  `  ${label.padEnd(34)} ${fmt(f.perSecond).padStart(8)} /s   p50 ${fmt(f.p50, 3).padStart(7)} ms   p99 ${fmt(f.p99, 3).padStart(7)} ms`;

// --- the PPV, its staff, and a long day's settings -------------------------------------------------
call('setup', 'ppv.setUp', {
  ppvCode: 'PPV-BENCH-0001',
  name: 'PPV Penanda Aras',
  state: 'Selangor',
  district: 'Petaling',
  admin: { staffId: 'ADMIN01', fullName: 'Pentadbir', secret: PIN },
});
call('admin', 'auth.signIn', { staffId: 'ADMIN01', secret: PIN });
call('admin', 'ppv.updateSettings', {
  name: 'PPV Penanda Aras',
  state: 'Selangor',
  district: 'Petaling',
  myvasEndpoint: null,
  idleLockMinutes: 60,
  exportRowLimit: 200,
  retentionDays: 90,
});
for (const [staffId, role] of [
  ['MGR01', 'manager'],
  ['CLERK01', 'clerk'],
  ['VAX01', 'vaccinator'],
] as const) {
  call('admin', 'user.create', {
    staffId,
    fullName: `Staf ${staffId}`,
    roles: [role],
    secret: FIRST_PIN,
  });
  call(staffId, 'auth.signIn', { staffId, secret: FIRST_PIN });
  call(staffId, 'auth.changeSecret', { currentSecret: FIRST_PIN, newSecret: PIN });
}
const vaccinatorId = call('VAX01', 'auth.session', {}).userId;

// --- history: sealed past days full of doses, written in bulk ---------------------------------------
let seeded = 0;
function seedHistory(target: number): void {
  const insertDay = db.sqlite.prepare(
    `INSERT INTO days (id, session_date, channel, state, opened_at, opened_device_at, opened_by) VALUES (?, ?, 'walk-in', 'open', ?, ?, ?)`,
  );
  const sealDay = db.sqlite.prepare(
    `UPDATE days SET state = 'sealed', closed_at = ?, closed_device_at = ?, closed_by = ? WHERE id = ?`,
  );
  const insertRecipient = db.sqlite.prepare(
    `INSERT INTO recipients (id, doc_type, doc_number, doc_country, full_name, name_key, birth_date, sex, nationality, postcode, state, created_at, created_by)
     VALUES (?, 'MYKAD', ?, 'MYS', ?, ?, ?, ?, 'MYS', '47301', 'Selangor', ?, ?)`,
  );
  const insertRegistration = db.sqlite.prepare(
    `INSERT INTO registrations (id, recipient_id, day_id, channel, phone, consent, slip_token, registered_at, registered_device_at, registered_by, queue_status, presence_method, presence_confirmed_at, presence_confirmed_by)
     VALUES (?, ?, ?, 'walk-in', '+60123456789', 1, ?, ?, ?, ?, 'vaccinated', 'MYKAD', ?, ?)`,
  );
  const insertVial = db.sqlite.prepare(
    `INSERT INTO vials (id, day_id, product_code, gtin, lot, expiry, doses_per_vial, doses_drawn, opened_at, opened_by, reconciled_at, reconciled_by, doses_wasted)
     VALUES (?, ?, 'VAXZEVRIA', ?, ?, '2030-12-31', 10, 10, ?, ?, ?, ?, 0)`,
  );
  const insertDose = db.sqlite.prepare(
    `INSERT INTO doses (id, record_type, registration_id, recipient_id, day_id, vial_id, product_code, gtin, lot, expiry, dose_number, series, administered_at, site, vaccinator_id, presence, recorded_at, recorded_device_at, recorded_by, observation_ends_at, observation_released_at)
     VALUES (?, 'dose', ?, ?, ?, ?, 'VAXZEVRIA', ?, ?, '2030-12-31', 1, 'primary', ?, 'L_DELTOID', ?, 'MYKAD', ?, ?, ?, ?, ?)`,
  );
  const dosesPerDay = 50_000;
  const firstDay = Date.parse('2025-01-06T00:00:00Z');
  while (seeded < target) {
    db.sqlite.transaction(() => {
      const dayIndex = Math.floor(seeded / dosesPerDay);
      const openedAt = firstDay + dayIndex * 86_400_000;
      const dayId = uuidV7();
      insertDay.run(dayId, malaysiaDate(openedAt), openedAt, openedAt, vaccinatorId);
      let vialId = '';
      const end = Math.min(target, seeded + dosesPerDay);
      for (let index = seeded; index < end; index += 1) {
        const person = syntheticRecipient(index);
        const at = openedAt + (index % dosesPerDay) * 600;
        const recipientId = uuidV7();
        const registrationId = uuidV7();
        const lot = `L${Math.floor(index / 10)}`;
        if (index % 10 === 0) {
          vialId = uuidV7();
          insertVial.run(vialId, dayId, VIAL_GTIN, lot, at, vaccinatorId, at, vaccinatorId);
        }
        insertRecipient.run(
          recipientId,
          person.docNumber,
          person.fullName,
          person.fullName,
          person.birthDate,
          person.sex,
          at,
          vaccinatorId,
        );
        insertRegistration.run(
          registrationId,
          recipientId,
          dayId,
          randomBytes(12).toString('base64url'),
          at,
          at,
          vaccinatorId,
          at,
          vaccinatorId,
        );
        insertDose.run(
          uuidV7(),
          registrationId,
          recipientId,
          dayId,
          vialId,
          VIAL_GTIN,
          lot,
          at + 1,
          vaccinatorId,
          at + 2,
          at + 2,
          vaccinatorId,
          at + 900_001,
          at + 900_002,
        );
      }
      const closedAt = openedAt + 12 * 3_600_000;
      sealDay.run(closedAt, closedAt, vaccinatorId, dayId);
      seeded = end;
    })();
  }
}

// --- what the timed loops need, prepared outside the timing -----------------------------------------
let benchCounter = 0;
function prepareRegistrations(count: number): string[] {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    benchCounter += 1;
    const person = syntheticRecipient(2_000_000 + benchCounter);
    const { registration } = call('CLERK01', 'recipient.register', {
      document: { docType: 'MYKAD', docNumber: person.docNumber },
      fullName: person.fullName,
      birthDate: person.birthDate,
      sex: person.sex,
      nationality: 'MYS',
      postcode: '47301',
      state: 'Selangor',
      phone: '+60123456789',
      consent: true,
    });
    call('VAX01', 'presence.confirm', {
      registrationId: registration.registrationId,
      method: 'MYKAD',
      scanned: person.docNumber,
    });
    ids.push(registration.registrationId);
  }
  return ids;
}

function prepareVials(doses: number): string[] {
  const vials: string[] = [];
  for (let index = 0; index < Math.ceil(doses / 10); index += 1) {
    benchCounter += 1;
    vials.push(
      call('VAX01', 'vial.open', {
        gtin: VIAL_GTIN,
        lot: `B${benchCounter}`,
        expiry: '2030-12-31',
        serial: `S${benchCounter}`,
      }).vialId,
    );
  }
  return vials;
}

function benchDoseRecord(): void {
  const stored = (db.sqlite.prepare('SELECT count(*) AS n FROM doses').get() as { n: number }).n;
  const registrations = prepareRegistrations(SAMPLES + WARM_UP);
  const vials = prepareVials(SAMPLES + WARM_UP);
  const dispatcher = measure(
    SAMPLES,
    (index) => {
      call('VAX01', 'dose.record', {
        registrationId: registrations[index]!,
        vialId: vials[Math.floor(index / 10)]!,
        administeredAt: Date.now(),
        site: 'L_DELTOID',
      });
    },
    WARM_UP,
  );

  // The same rows again, inserted raw: same table, same file, same pragmas, one transaction each.
  const template = db.sqlite
    .prepare<[string], Record<string, unknown>>('SELECT * FROM doses WHERE registration_id = ?')
    .get(registrations[0]!)!;
  const rawRegistrations = prepareRegistrations(SAMPLES + WARM_UP);
  const recipientOf = db.sqlite.prepare<[string], { recipient_id: string }>(
    'SELECT recipient_id FROM registrations WHERE id = ?',
  );
  const columns = Object.keys(template);
  const rawInsert = db.sqlite.prepare(
    `INSERT INTO doses (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  const rawRows = rawRegistrations.map((registrationId) => ({
    ...template,
    id: uuidV7(),
    registration_id: registrationId,
    recipient_id: recipientOf.get(registrationId)!.recipient_id,
  }));
  const raw = measure(
    SAMPLES,
    (index) => {
      rawInsert.run({
        ...rawRows[index]!,
        recorded_at: Date.now(),
        recorded_device_at: Date.now(),
      });
    },
    WARM_UP,
  );
  const ratio = dispatcher.perSecond / raw.perSecond;
  console.log(
    `\ndose.record with ${fmt(stored)} doses already in the database (${fmt(SAMPLES)} calls each):`,
  );
  console.log(line('dose.record through the dispatcher', dispatcher));
  console.log(line('raw better-sqlite3 INSERT', raw));
  console.log(
    `  throughput ratio ${(ratio * 100).toFixed(1)}% of raw (target ≥ 25%); p99 ${fmt(dispatcher.p99, 3)} ms (target < 2 ms at 1M)`,
  );
}

function benchLookup(): void {
  // Each side looks up its own people, so neither finds its pages already cached by the other.
  const picksFor = (offset: number) =>
    Array.from(
      { length: LOOKUPS + WARM_UP },
      (_, i) => syntheticRecipient((i * 7919 + offset) % seeded).docNumber,
    );
  const picks = picksFor(0);
  const rawPicks = picksFor(Math.floor(seeded / 2) + 11_500);
  const viaDispatcher = measure(
    LOOKUPS,
    (index) => {
      const found = call('CLERK01', 'recipient.findByDocument', {
        docType: 'MYKAD',
        docNumber: picks[index]!,
      });
      if (!found) throw new Error('seeded recipient not found');
    },
    WARM_UP,
  );
  const select = db.sqlite.prepare(
    "SELECT * FROM recipients WHERE doc_type = 'MYKAD' AND doc_number = ? AND doc_country = 'MYS'",
  );
  const raw = measure(
    LOOKUPS,
    (index) => {
      if (!select.get(rawPicks[index]!)) throw new Error('seeded recipient not found');
    },
    WARM_UP,
  );
  const recipients = (
    db.sqlite.prepare('SELECT count(*) AS n FROM recipients').get() as { n: number }
  ).n;
  console.log(
    `\nrecipient lookup by document number at ${fmt(recipients)} recipients (${fmt(LOOKUPS)} lookups):`,
  );
  console.log(line('recipient.findByDocument (dispatcher)', viaDispatcher));
  console.log(line('raw SELECT by identity key', raw));
  console.log(`  p99 ${fmt(viaDispatcher.p99, 3)} ms (target < 1 ms)`);
}

try {
  console.log(`PPV Console benchmark — encrypted database in ${dir}, WAL, synchronous=FULL`);
  let started = Date.now();
  seedHistory(100_000);
  console.log(`seeded ${fmt(seeded)} doses in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  call('MGR01', 'day.open', { channel: 'walk-in' });
  benchDoseRecord();
  // The history written next needs its own (past) days open in turn: set today's bench day aside.
  db.sqlite
    .prepare(
      "UPDATE days SET state = 'sealed', closed_at = opened_at + 1, closed_device_at = opened_at + 1, closed_by = opened_by WHERE state = 'open'",
    )
    .run();
  started = Date.now();
  seedHistory(Number(process.env['BENCH_DOSES'] ?? 1_000_000));
  console.log(
    `\nseeded up to ${fmt(seeded)} doses in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  call('MGR01', 'day.open', { channel: 'walk-in' });
  benchDoseRecord();
  benchLookup();
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
