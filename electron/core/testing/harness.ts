import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type AppDatabase } from '../../../db/open';
import type {
  ChannelInput,
  ChannelName,
  ChannelOutput,
  DispatchResult,
  ErrorBody,
  EventName,
  Role,
} from '../../contract';
import { createConsole, type BackupHostOptions, type ConsoleApp, type UploadOptions } from '../app';
import type { ScanClassifier } from '../devices/desk';
import type { Timers } from '../upload/scheduler';
import { manualClock, type ManualClock } from '../shared/clock';
import { silentLogger } from '../shared/log';

/** 2026-03-02 08:00 Malaysia time: a Monday morning at the PPV. */
export const MONDAY_8AM = Date.parse('2026-03-02T00:00:00Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const TEST_KEY = Buffer.alloc(32, 7);
export const TEST_PIN = '482916';
/** The first PIN an admin gives a new account; `staff()` changes it to TEST_PIN at first sign-in. */
export const FIRST_PIN = '730154';

/** A fresh encrypted database on disk, a console over it, and a frozen clock. */
export interface Harness {
  dir: string;
  file: string;
  db: AppDatabase;
  app: ConsoleApp;
  clock: ManualClock;
  events: Array<{ event: EventName; payload: unknown }>;
  call<C extends ChannelName>(
    connectionId: string,
    channel: C,
    input: ChannelInput<C>,
  ): DispatchResult<ChannelOutput<C>>;
  /** Calls and returns the value; fails the test with the error code otherwise. */
  ok<C extends ChannelName>(
    connectionId: string,
    channel: C,
    input: ChannelInput<C>,
  ): ChannelOutput<C>;
  /** Calls, expects a refusal, and returns it. */
  refusal<C extends ChannelName>(connectionId: string, channel: C, input: unknown): ErrorBody;
  /** Calls, expects a refusal, and returns its code. */
  refused<C extends ChannelName>(connectionId: string, channel: C, input: unknown): string;
  /** Sets up the PPV with an admin signed in on connection 'admin'. */
  setUpPpv(): void;
  /**
   * Creates a staff member with the roles given, signs them in on `connectionId` and has them choose
   * their own PIN (TEST_PIN), as a person does at first sign-in.
   */
  staff(connectionId: string, roles: Role[], staffId?: string): ChannelOutput<'user.create'>;
  /** Row counts of every table, to show that a refused call wrote nothing. */
  counts(): Record<string, number>;
  close(): void;
}

export function createHarness(
  options: {
    start?: number;
    file?: string;
    upload?: UploadOptions;
    clockTimers?: Timers;
    classifyScan?: ScanClassifier;
    backup?: BackupHostOptions;
  } = {},
): Harness {
  const dir = mkdtempSync(path.join(tmpdir(), 'ppv-test-'));
  const file = options.file ?? path.join(dir, 'ppv.db');
  const db = openDatabase({ file, key: TEST_KEY });
  const clock = manualClock(options.start ?? MONDAY_8AM);
  const app = createConsole({
    db,
    clock,
    stationId: 'test-station',
    hashCost: { N: 2 ** 10, r: 8, p: 1 },
    log: silentLogger,
    // Reads are audited when a test says so (app.auditReads), never by a wall-clock timer.
    readAuditTimers: { setTimeout: () => null, clearTimeout: () => undefined },
    ...(options.upload ? { upload: options.upload } : {}),
    ...(options.clockTimers ? { clockTimers: options.clockTimers } : {}),
    ...(options.classifyScan ? { classifyScan: options.classifyScan } : {}),
    ...(options.backup ? { backup: options.backup } : {}),
  });
  const events: Harness['events'] = [];
  app.onEvent((event, payload) => events.push({ event, payload }));
  let staffCounter = 0;

  const call = <C extends ChannelName>(connectionId: string, channel: C, input: ChannelInput<C>) =>
    app.dispatchSync(channel, input, { connectionId, stationId: 'test-station' }) as DispatchResult<
      ChannelOutput<C>
    >;

  const harness: Harness = {
    dir,
    file,
    db,
    app,
    clock,
    events,
    call,
    ok(connectionId, channel, input) {
      const result = call(connectionId, channel, input);
      if (!result.ok) {
        throw new Error(`${channel} refused: ${result.error.code} — ${result.error.message.en}`);
      }
      return result.value;
    },
    refusal(connectionId, channel, input) {
      const result = app.dispatchSync(channel, input, { connectionId, stationId: 'test-station' });
      if (result.ok) throw new Error(`${channel} was expected to be refused but succeeded`);
      return result.error;
    },
    refused(connectionId, channel, input) {
      return harness.refusal(connectionId, channel, input).code;
    },
    setUpPpv() {
      harness.ok('setup', 'ppv.setUp', {
        ppvCode: 'PPV-WPKL-0001',
        name: 'PPV Dewan Komuniti Ujian',
        state: 'W.P. Kuala Lumpur',
        district: 'Kepong',
        admin: { staffId: 'ADMIN01', fullName: 'Pentadbir Ujian', secret: TEST_PIN },
      });
      harness.ok('admin', 'auth.signIn', { staffId: 'ADMIN01', secret: TEST_PIN });
    },
    staff(connectionId, roles, staffId) {
      staffCounter += 1;
      const created = harness.ok('admin', 'user.create', {
        staffId: staffId ?? `STAFF${String(staffCounter).padStart(3, '0')}`,
        fullName: `Kakitangan Ujian ${staffCounter}`,
        roles,
        secret: FIRST_PIN,
      });
      harness.ok(connectionId, 'auth.signIn', { staffId: created.staffId, secret: FIRST_PIN });
      harness.ok(connectionId, 'auth.changeSecret', {
        currentSecret: FIRST_PIN,
        newSecret: TEST_PIN,
      });
      return created;
    },
    counts() {
      const tables = db.sqlite
        .prepare<[], { name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all();
      return Object.fromEntries(
        tables.map(({ name }) => [
          name,
          (db.sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n,
        ]),
      );
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
