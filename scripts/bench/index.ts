/**
 * `npm run bench`: dose.record through the dispatcher against a raw better-sqlite3 insert of the same
 * row into the same table (same file, key, pragmas), with 100,000 and then 1,000,000 doses already
 * in the database; recipient lookup by document number and the possible-duplicate search at
 * 1,000,000 recipients; the upload of 100,000 records to the reference MyVAS on loopback; and one hub
 * serving 50 paired desks over TLS; the WAL's size under sustained writes. Prints figures and ratios;
 * asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../db/open';
import { createConsole } from '../../electron/core/app';
import { productionHashCost } from '../../electron/core/auth/secrets';
import { nameKeys } from '../../electron/core/identity';
import { systemClock } from '../../electron/core/shared/clock';
import { addDays } from '../../electron/core/shared/time';
import { uuidV7 } from '../../electron/core/shared/ids';
import { silentLogger } from '../../electron/core/shared/log';
import { syntheticRecipient } from '../../electron/core/testing/synthetic';
import { fmt } from './format';
import { addStaff, caller, createDaySeeder, sender, setUpBenchPpv, VIAL_GTIN } from './seed';
import { benchHub } from './hub';
import { benchSignInStall, STALL_DESKS, STALL_DOSES_PER_DESK } from './stall';
import { benchUpload } from './upload';
import { benchWalUnderSustainedWrites } from './wal';

const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 2000);
/** Issue 10 §5: dose.record through the dispatcher at 1,000,000 doses, against the raw insert. */
const DOSE_RATIO_TARGET = 0.35;
const DOSE_P99_TARGET_MS = 1.5;
const WARM_UP = 200;
const LOOKUPS = Number(process.env['BENCH_LOOKUPS'] ?? 5000);

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

const call = caller(app);

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * Waits until the whole WAL is checkpointed into the database, so the next write starts it again
 * from its beginning, reusing the file as SQLite does after any complete checkpoint (up to
 * `journal_size_limit`). What the runs before left to checkpoint (the history seeded in bulk, the
 * calls that prepared the timed ones) would otherwise still be copied by the background
 * checkpointer while the next run is timed, and most for whichever side is timed first.
 */
function settleWal(): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const [result] = db.sqlite.pragma('wal_checkpoint(RESTART)') as Array<{ busy: number }>;
    if (result?.busy === 0) return;
    Atomics.wait(pause, 0, 0, 20); // the background checkpointer holds the checkpoint lock
  }
}

/**
 * Settles the WAL, runs `warmUp` unmeasured calls (the first write, which starts the WAL again,
 * also cuts the file down to `journal_size_limit`: a seeded history leaves gigabytes to free),
 * settles the WAL again and collects garbage, then times `count` calls one by one.
 */
function measure(count: number, run: (index: number) => void, warmUp = 0): Figures {
  settleWal();
  for (let index = 0; index < warmUp; index += 1) run(count + index);
  settleWal();
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

const line = (label: string, f: Figures) =>
  `  ${label.padEnd(34)} ${fmt(f.perSecond).padStart(8)} /s   p50 ${fmt(f.p50, 3).padStart(7)} ms   p99 ${fmt(f.p99, 3).padStart(7)} ms`;

const vaccinatorId = await setUpBenchPpv(app, null);

// --- history: sealed past days full of doses, written in bulk ---------------------------------------
let seeded = 0;
const seeder = createDaySeeder(db, vaccinatorId);
function seedHistory(target: number): void {
  const dosesPerDay = 50_000;
  const firstDay = Date.parse('2025-01-06T00:00:00Z');
  while (seeded < target) {
    const openedAt = firstDay + Math.floor(seeded / dosesPerDay) * 86_400_000;
    const count = Math.min(target, seeded + dosesPerDay) - seeded;
    const dayId = seeder.writeDay(openedAt, seeded, count, 600);
    seeder.seal(dayId, openedAt + 12 * 3_600_000);
    seeded += count;
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
      method: 'MYKAD_TYPED',
      scanned: person.docNumber,
      reason: 'Bangku ujian: tiada pembaca kad',
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
        lotConfirmed: true,
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
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(
    `  throughput ratio ${(ratio * 100).toFixed(1)}% of raw (target ≥ ${DOSE_RATIO_TARGET * 100}% at 1M: ${met(ratio >= DOSE_RATIO_TARGET)}); p99 ${fmt(dispatcher.p99, 3)} ms (target < ${DOSE_P99_TARGET_MS} ms at 1M: ${met(dispatcher.p99 < DOSE_P99_TARGET_MS)})`,
  );
}

async function benchLookup(): Promise<void> {
  // Each side looks up its own people, so neither finds its pages already cached by the other.
  const picksFor = (offset: number) =>
    Array.from(
      { length: LOOKUPS + WARM_UP },
      (_, i) => syntheticRecipient((i * 7919 + offset) % seeded).docNumber,
    );
  const picks = picksFor(0);
  const rawPicks = picksFor(Math.floor(seeded / 2) + 11_500);
  // One person may read at most 1,000 distinct recipients an hour: the lookups are shared out among
  // as many clerks as that takes, each signed in on a desk of their own.
  const perClerk = 1000;
  call('admin', 'ppv.setRecipientReadQuota', { recipientReadsPerHour: perClerk });
  const clerks = Array.from(
    { length: Math.ceil(picks.length / perClerk) },
    (_, index) => `LOOKUP${String(index + 1).padStart(2, '0')}`,
  );
  for (const staffId of clerks) await addStaff(sender(app), staffId, 'clerk');
  const viaDispatcher = measure(
    LOOKUPS,
    (index) => {
      const found = call(clerks[Math.floor(index / perClerk)]!, 'recipient.findByDocument', {
        docType: 'MYKAD',
        docNumber: picks[index]!,
      });
      if (!found) throw new Error('seeded recipient not found');
    },
    WARM_UP,
  );
  const select = db.sqlite.prepare(
    'SELECT * FROM recipients WHERE identity_key = ? AND identity_conflict_of IS NULL',
  );
  const raw = measure(
    LOOKUPS,
    (index) => {
      if (!select.get(`JPN:${rawPicks[index]!}`)) throw new Error('seeded recipient not found');
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

/**
 * The possible-duplicate search a registration makes: seeded people registered again under a
 * passport (same name and birth date), each refused as a possible duplicate through the dispatcher
 * (every check, the identity lookup and the search; nothing written), next to the raw SELECTs the
 * search makes.
 */
async function benchDuplicateSearch(): Promise<void> {
  const people = Array.from({ length: LOOKUPS + WARM_UP }, (_, i) =>
    syntheticRecipient((i * 7919 + 3) % seeded),
  );
  // Every candidate a refusal shows counts as a read (up to five a search) against the clerk's
  // 1,000 an hour: the searches are shared out among as many clerks as that takes.
  const perClerk = 180;
  const clerks = Array.from(
    { length: Math.ceil(people.length / perClerk) },
    (_, index) => `DUPLICATE${String(index + 1).padStart(2, '0')}`,
  );
  for (const staffId of clerks) await addStaff(sender(app), staffId, 'clerk');
  const viaDispatcher = measure(
    LOOKUPS,
    (index) => {
      const person = people[index]!;
      const result = app.dispatchSync(
        'recipient.register',
        {
          document: { docType: 'PASSPORT', docNumber: `B${1_000_000 + index}`, docCountry: 'SGP' },
          fullName: person.fullName,
          birthDate: person.birthDate,
          sex: person.sex,
          nationality: 'SGP',
          postcode: '47301',
          state: 'Selangor',
          phone: '012-345 6789',
          consent: true,
        },
        { connectionId: clerks[Math.floor(index / perClerk)]!, stationId: 'bench' },
      );
      if (result.ok || result.error.code !== 'POSSIBLE_DUPLICATE') {
        throw new Error('the seeded person was not found as a possible duplicate');
      }
    },
    WARM_UP,
  );
  const rawPeople = Array.from({ length: LOOKUPS + WARM_UP }, (_, i) =>
    syntheticRecipient((i * 7919 + Math.floor(seeded / 2) + 11_503) % seeded),
  );
  const select = db.sqlite.prepare(
    `SELECT r.* FROM recipient_names n JOIN recipients r ON r.id = n.recipient_id
     WHERE n.name_key = ? AND n.birth_date IN (?, ?, ?, ?)
     ORDER BY r.created_at, r.id LIMIT 5`,
  );
  const raw = measure(
    LOOKUPS,
    (index) => {
      const person = rawPeople[index]!;
      const [key] = nameKeys(person.fullName);
      const dates = [person.birthDate, addDays(person.birthDate, -1), addDays(person.birthDate, 1)];
      if (!select.get(key, ...dates, person.birthDate)) throw new Error('seeded person not found');
    },
    WARM_UP,
  );
  console.log(
    `\npossible-duplicate search (name keys, birth date ±1 day or swapped) at ${fmt(seeded)} recipients (${fmt(LOOKUPS)} searches):`,
  );
  console.log(line('recipient.register, refused (dispatcher)', viaDispatcher));
  console.log(line('raw SELECT on recipient_names', raw));
}

try {
  console.log(`PPV Console benchmark — encrypted database in ${dir}, WAL, synchronous=FULL`);
  let started = Date.now();
  seedHistory(100_000);
  console.log(`seeded ${fmt(seeded)} doses in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  call('MGR01', 'day.open', { channel: 'walk-in', confirmedTime: app.clock.now().at });
  await benchSignInStall(app, {
    registrations: prepareRegistrations(STALL_DESKS * STALL_DOSES_PER_DESK),
    vials: prepareVials(STALL_DESKS * STALL_DOSES_PER_DESK),
  });
  benchDoseRecord();
  // The history written next needs its own (past) days open in turn: set today's bench day aside.
  db.sqlite
    .prepare(
      `UPDATE days SET state = 'sealed',
         closed_at = max(opened_at + 1, coalesce((SELECT max(administered_at) FROM doses WHERE day_id = days.id), 0)),
         closed_device_at = opened_at + 1, closed_by = opened_by
       WHERE state = 'open'`,
    )
    .run();
  started = Date.now();
  seedHistory(Number(process.env['BENCH_DOSES'] ?? 1_000_000));
  console.log(
    `\nseeded up to ${fmt(seeded)} doses in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  call('MGR01', 'day.open', { channel: 'walk-in', confirmedTime: app.clock.now().at });
  benchDoseRecord();
  await benchLookup();
  await benchDuplicateSearch();
} finally {
  // The console's own close: its timers stop before the database closes under them.
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
/**
 * What a part wrote is still being written back by the kernel when the next starts: each part after
 * the first starts from a settled disk, so that its syncs and stalls are its own.
 */
const settleDisk = () => execFileSync('sync');
settleDisk();
await benchUpload();
settleDisk();
await benchHub();
settleDisk();
await benchWalUnderSustainedWrites();
