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
import type { Timers } from '../shared/periodic';
import { manualClock, type ManualClock } from '../shared/clock';
import { silentLogger } from '../shared/log';

/** 2026-03-02 08:00 Malaysia time: a Monday morning at the PPV. */
export const MONDAY_8AM = Date.parse('2026-03-02T00:00:00Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const TEST_KEY = Buffer.alloc(32, 7);
export const TEST_PIN = '482916';
/** A low scrypt cost, so that tests hash quickly; the code path is the production one. */
export const TEST_HASH_COST = { N: 2 ** 10, r: 8, p: 1 };

/** A fresh encrypted database on disk, a console over it, and a frozen clock. */
export interface Harness {
  dir: string;
  file: string;
  db: AppDatabase;
  app: ConsoleApp;
  clock: ManualClock;
  events: Array<{ event: EventName; payload: unknown }>;
  /**
   * Calls without waiting (`dispatchSync`). A call that checks or hashes a secret (sign-in, a new
   * PIN, an approval) waits for its hash: use the `…Async` forms for those.
   */
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
  /** The same four through `dispatch`, the transports' path, which waits for hashes. */
  callAsync<C extends ChannelName>(
    connectionId: string,
    channel: C,
    input: ChannelInput<C>,
  ): Promise<DispatchResult<ChannelOutput<C>>>;
  okAsync<C extends ChannelName>(
    connectionId: string,
    channel: C,
    input: ChannelInput<C>,
  ): Promise<ChannelOutput<C>>;
  refusalAsync<C extends ChannelName>(
    connectionId: string,
    channel: C,
    input: unknown,
  ): Promise<ErrorBody>;
  refusedAsync<C extends ChannelName>(
    connectionId: string,
    channel: C,
    input: unknown,
  ): Promise<string>;
  /** Connections the dispatcher told the transport to close. */
  closedConnections: Set<string>;
  /** Sets up the PPV with an admin signed in on connection 'admin'. */
  setUpPpv(): Promise<void>;
  /**
   * Creates a staff member with the roles given (approved by the first manager `staff()` made,
   * when the roles need it; for an admin before any manager, a manager APPROVER is made first), signs them in on `connectionId` with the generated first PIN and has
   * them choose their own (TEST_PIN), with the approver as witness when there was one.
   */
  staff(
    connectionId: string,
    roles: Role[],
    staffId?: string,
  ): Promise<ChannelOutput<'user.create'>>;
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
    hashCost: TEST_HASH_COST,
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
  /** The first manager `staff()` made: the approver of the privileged accounts after it. */
  let approver: string | null = null;
  const closedConnections = new Set<string>();
  const context = (connectionId: string) => ({
    connectionId,
    stationId: 'test-station',
    closeConnection: () => closedConnections.add(connectionId),
  });

  const call = <C extends ChannelName>(connectionId: string, channel: C, input: ChannelInput<C>) =>
    app.dispatchSync(channel, input, context(connectionId)) as DispatchResult<ChannelOutput<C>>;
  const callAsync = async <C extends ChannelName>(
    connectionId: string,
    channel: C,
    input: ChannelInput<C>,
  ) =>
    (await app.dispatch(channel, input, context(connectionId))) as DispatchResult<ChannelOutput<C>>;
  const valueOf = <V>(channel: string, result: DispatchResult<V>): V => {
    if (!result.ok) {
      throw new Error(`${channel} refused: ${result.error.code} — ${result.error.message.en}`);
    }
    return result.value;
  };
  const refusalOf = (channel: string, result: DispatchResult<unknown>): ErrorBody => {
    if (result.ok) throw new Error(`${channel} was expected to be refused but succeeded`);
    return result.error;
  };

  const harness: Harness = {
    dir,
    file,
    db,
    app,
    clock,
    events,
    call,
    ok: (connectionId, channel, input) => valueOf(channel, call(connectionId, channel, input)),
    refusal: (connectionId, channel, input) =>
      refusalOf(channel, app.dispatchSync(channel, input, context(connectionId))),
    refused: (connectionId, channel, input) => harness.refusal(connectionId, channel, input).code,
    callAsync,
    okAsync: async (connectionId, channel, input) =>
      valueOf(channel, await callAsync(connectionId, channel, input)),
    refusalAsync: async (connectionId, channel, input) =>
      refusalOf(channel, await app.dispatch(channel, input, context(connectionId))),
    refusedAsync: async (connectionId, channel, input) =>
      (await harness.refusalAsync(connectionId, channel, input)).code,
    closedConnections,
    async setUpPpv() {
      await harness.okAsync('setup', 'ppv.setUp', {
        ppvCode: 'PPV-WPKL-0001',
        name: 'PPV Dewan Komuniti Ujian',
        state: 'W.P. Kuala Lumpur',
        district: 'Kepong',
        admin: { staffId: 'ADMIN01', fullName: 'Pentadbir Ujian', secret: TEST_PIN },
      });
      await harness.okAsync('admin', 'auth.signIn', { staffId: 'ADMIN01', secret: TEST_PIN });
    },
    async staff(connectionId, roles, staffId) {
      // An admin is granted with a manager's approval: the PPV's first manager stands in.
      if (roles.includes('admin') && approver === null) {
        await harness.staff('approver', ['manager'], 'APPROVER');
      }
      staffCounter += 1;
      const privileged = roles.includes('manager') || roles.includes('admin');
      const approval = privileged && approver ? { staffId: approver, secret: TEST_PIN } : null;
      const created = await harness.okAsync('admin', 'user.create', {
        staffId: staffId ?? `STAFF${String(staffCounter).padStart(3, '0')}`,
        fullName: `Kakitangan Ujian ${staffCounter}`,
        roles,
        approval,
      });
      if (roles.includes('manager')) approver ??= created.staffId;
      await harness.okAsync(connectionId, 'auth.signIn', {
        staffId: created.staffId,
        secret: created.firstPin,
      });
      await harness.okAsync(connectionId, 'auth.changeSecret', {
        currentSecret: created.firstPin,
        newSecret: TEST_PIN,
        witness: approval,
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
