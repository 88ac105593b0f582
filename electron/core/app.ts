import type { AppDatabase } from '../../db/open';
import { localise, type ChannelName, type DispatchResult, type EventName } from '../contract';
import { createAuditLog } from './audit';
import { ANCHOR_EVERY_MS, createAnchoring } from './audit/anchors';
import { auditHandlers } from './audit/handlers';
import { createAttemptGuard } from './auth/attempts';
import { createSecretChecks } from './auth/checks';
import { afterBackupCall, backupHandlers } from './backup/handlers';
import { createBackups } from './backup/service';
import { authHandlers } from './auth/handlers';
import { createSecretHasher, productionHashCost, type HashCost } from './auth/secrets';
import { auditSeparatedRoles } from './auth/separation';
import { createSessions } from './auth/sessions';
import { createUsers } from './auth/users';
import { defaultCatalogue } from './catalogue';
import { deliveryHandlers } from './catalogue/deliveries';
import { createCatalogueStore } from './catalogue/store';
import { createTrustedClock } from './clock';
import { clockHandlers } from './clock/handlers';
import { createClockMeter } from './clock/meter';
import { dayHandlers } from './days/handlers';
import { createOpenDayLookup } from './days/open-day';
import type { CoreDeps } from './deps';
import { createDispatcher } from './dispatch/dispatcher';
import type { CallContext } from './dispatch/types';
import { doseHandlers } from './doses/handlers';
import { ppvHandlers } from './ppv/handlers';
import { createPersonalDataGuard } from './privacy/reads';
import { createSettings } from './ppv/settings';
import { registrationHandlers } from './registration/handlers';
import { rekeyRecipientNames } from './registration/name-keys';
import type { Clock } from './shared/clock';
import { uuidV7, type IdSource } from './shared/ids';
import { createRequestOutcomes } from './desks/outcomes';
import { deskHandlers, hubOnlyChannels } from './desks/handlers';
import { createDeskRegistry, HUB_STATION } from './desks/registry';
import { createDeviceDesk, stationTarget, type ScanClassifier } from './devices/desk';
import { deviceHandlers, stationOfCall } from './devices/handlers';
import { createDeviceSettings } from './devices/settings';
import { refuse } from './shared/errors';
import { consoleLogger, type Logger } from './shared/log';
import { createPeriodic, systemTimers, type Timers } from './shared/periodic';
import type { Fetch } from './upload/client';
import type { DeviceSettings } from '../contract/devices';
import { createRetention, purgeHeldBack } from './retention/purge';
import { uploadHandlers } from './upload/handlers';
import { createUploadScheduler } from './upload/scheduler';
import { createUploadStore } from './upload/store';
import { createBatchViews } from './upload/views';
import { createUploadWorker } from './upload/worker';

export interface ConsoleOptions {
  db: AppDatabase;
  clock: Clock;
  stationId: string;
  hashCost?: HashCost;
  newId?: IdSource;
  log?: Logger;
  upload?: UploadOptions;
  /** The timers of the clock's watch (MyVAS time every 15 minutes, jumps); tests run them by hand. */
  clockTimers?: Timers;
  /**
   * Classifies scanned text. The pure classifier lives with the devices (electron/devices/scan);
   * the composition root passes it in. Without it every scan is unrecognised.
   */
  classifyScan?: ScanClassifier;
  backup?: BackupHostOptions;
  /** The minute timer that audits each session's reads of personal data; tests run it by hand. */
  readAuditTimers?: Timers;
}

/** What the host (Electron main, browser mode) gives the backups; tests replace the timers. */
export interface BackupHostOptions {
  timers?: Timers;
  /** The installation's log files, saved for support on the admin's request. */
  logFiles?: () => string[];
  /** Restarts the console onto a confirmed restore; absent where it cannot restart itself. */
  restart?: () => void;
}

/** How the upload worker waits and reaches MyVAS; tests replace the waiting and the randomness. */
export interface UploadOptions {
  wait?: (ms: number) => Promise<void>;
  random?: () => number;
  fetch?: Fetch;
  chunkSize?: number;
  timers?: Timers;
}

/** Calls after which the upload may move at once: a batch sealed, a late reason, new settings. */
const uploadWakingChannels = new Set(['day.close', 'batch.giveLateReason', 'ppv.updateSettings']);

/** A wait that ends early, as a failure, once `signal` aborts: closing never waits out a backoff. */
function abortableWait(signal: AbortSignal) {
  return (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const timer = setTimeout(resolve, ms);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason as Error);
        },
        { once: true },
      );
    });
}

/**
 * An event, and whom it is for when it is not every signed-in screen: one connection (its id), or
 * the screens of one station (`stationTarget`).
 */
type EventListener = (event: EventName, payload: unknown, target?: string) => void;

/** Builds every service over one database and clock, and the dispatcher that serves them. */
export function createConsole(options: ConsoleOptions) {
  const { db } = options;
  const log = options.log ?? consoleLogger;
  const newId = options.newId ?? uuidV7;
  const clock = createTrustedClock(db, options.clock);
  const settings = createSettings(db);
  const users = createUsers(db, newId);
  const hasher = createSecretHasher(options.hashCost ?? productionHashCost);
  const checks = createSecretChecks({ users, guard: createAttemptGuard(options.clock), hasher });
  const audit = createAuditLog(db);
  const days = createOpenDayLookup(db);
  const catalogue = createCatalogueStore(db);
  const sessions = createSessions(options.clock, () => settings.idleLockMinutes() ?? 5);

  if (catalogue.isEmpty()) {
    db.sqlite.transaction(() => {
      catalogue.seed(defaultCatalogue);
      const now = clock.now();
      audit.append({
        at: now.at,
        deviceAt: now.deviceAt,
        userId: null,
        station: options.stationId,
        action: 'catalogue.seeded',
        entityType: 'catalogue',
        entityId: null,
        detail: { products: defaultCatalogue.products.map((product) => product.code) },
      });
    })();
  }

  const rekeyed = rekeyRecipientNames(db);
  if (rekeyed > 0) log.info('recipients.namesRekeyed', { recipients: rekeyed });
  auditSeparatedRoles({ db, users, audit, clock, stationId: options.stationId });

  const uploadStore = createUploadStore(db);
  const batchViews = createBatchViews(db, uploadStore, clock);
  const deps: CoreDeps = {
    db,
    clock,
    settings,
    days,
    catalogue,
    users,
    audit,
    newId,
    batchViews,
    checks,
  };
  const listeners = new Set<EventListener>();
  const publish: EventListener = (event, payload, target) => {
    for (const listener of listeners) listener(event, payload, target);
  };
  const deviceSettings = createDeviceSettings(db);
  /** The hub keeps its own devices' settings under its station id, each desk's under its desk id. */
  const settingsKey = (station: string) =>
    station === HUB_STATION ? options.stationId : `desk:${station}`;
  const desks = createDeskRegistry({
    db,
    clock,
    audit,
    newId,
    log,
    changed: () => publish('hub.desksChanged', {}),
  });
  const outcomes = createRequestOutcomes(db);
  const deviceDesk = createDeviceDesk({
    clock: options.clock,
    classify: options.classifyScan ?? (() => ({ kind: 'unrecognised' })),
    newId,
    log,
    publish,
  });

  const personalData = createPersonalDataGuard({
    db,
    audit,
    sessions,
    settings,
    now: () => clock.now(),
    newId,
    publish,
  });

  const readAuditTimers = options.readAuditTimers ?? systemTimers;
  let readAuditTimer: unknown = null;
  const scheduleReadAudit = (): void => {
    readAuditTimer = readAuditTimers.setTimeout(() => {
      personalData.auditReads();
      scheduleReadAudit();
    }, 60_000);
    (readAuditTimer as { unref?: () => void } | null)?.unref?.();
  };
  scheduleReadAudit();

  let uploading = false;
  const uploadConfigured = () => {
    const found = settings.find();
    return Boolean(found?.myvasEndpoint && found.myvasToken);
  };
  const closing = new AbortController();
  const worker = createUploadWorker({
    store: uploadStore,
    settings,
    clock,
    audit,
    stationId: options.stationId,
    log,
    wait: options.upload?.wait ?? abortableWait(closing.signal),
    random: options.upload?.random ?? Math.random,
    ...(options.upload?.fetch ? { fetch: options.upload.fetch } : {}),
    ...(options.upload?.chunkSize ? { chunkSize: options.upload.chunkSize } : {}),
    changed: () => publish('upload.changed', batchViews.status(uploadConfigured(), uploading)),
    clockChanged: () => publish('clock.changed', clock.status()),
    anchor: async () => {
      await anchoring.round();
    },
  });
  const anchoring = createAnchoring({
    audit,
    settings,
    clock,
    log,
    ...(options.upload?.fetch ? { fetch: options.upload.fetch } : {}),
    durable: () => db.commits.durable(),
    clockChanged: () => publish('clock.changed', clock.status()),
    changed: (status) => publish('audit.anchorChanged', status),
  });
  const anchorRounds = createPeriodic({
    run: () => anchoring.round(),
    delayAfter: () => ANCHOR_EVERY_MS,
    runAtStart: false,
    timers: options.upload?.timers ?? systemTimers,
    log,
    failedEvent: 'audit.anchoring.failed',
  });
  const clockMeter = createClockMeter({
    settings,
    clock,
    timers: options.clockTimers ?? systemTimers,
    log,
    ...(options.upload?.fetch ? { fetch: options.upload.fetch } : {}),
    changed: (status) => publish('clock.changed', status),
  });
  const backups = createBackups({
    db,
    clock,
    days,
    audit,
    stationId: options.stationId,
    log,
    publish,
    timers: options.backup?.timers ?? systemTimers,
    ...(options.backup?.logFiles ? { logFiles: options.backup.logFiles } : {}),
    ...(options.backup?.restart ? { restart: options.backup.restart } : {}),
  });
  const retention = createRetention({ db, settings, clock, audit, stationId: options.stationId });
  /** An upload run; once nothing is left to send, the retention purge of what MyVAS holds. */
  let currentUpload: Promise<unknown> = Promise.resolve();
  /** The retention purge, when MyVAS's word and time can be trusted (see `purgeHeldBack`). */
  const purgeIfTrusted = async () => {
    // The round asks MyVAS first, which measures the clock too.
    const anchors = await anchoring.round();
    const heldBack = purgeHeldBack(clock.status(), anchors);
    if (heldBack === null) await retention.purgeDue(worker.heldAtMyvas);
    else log.info('retention.held_back', { reason: heldBack });
  };
  const runUpload = () => {
    const run = uploadOnce();
    currentUpload = run.catch(() => undefined);
    return run;
  };
  const uploadOnce = async () => {
    uploading = true;
    try {
      // Nothing leaves for MyVAS that a power cut here could still take back.
      await db.commits.durable();
      const outcome = await worker.run();
      if (outcome.kind === 'idle') await purgeIfTrusted();
      return outcome;
    } finally {
      uploading = false;
      publish('upload.changed', batchViews.status(uploadConfigured(), uploading));
    }
  };
  const uploadScheduler = createUploadScheduler({
    run: runUpload,
    now: () => clock.now().at,
    timers: options.upload?.timers ?? systemTimers,
    log,
  });

  const dispatcher = createDispatcher({
    sqlite: db.sqlite,
    audit,
    users,
    sessions,
    clock,
    monotonic: options.clock,
    log,
    publish,
    commits: db.commits,
    recordWrite: (call, channel, at) => {
      if (call.requestId !== undefined) {
        outcomes.recordSaved(call.requestId, call.desk?.id ?? HUB_STATION, channel, at);
      }
    },
    handlers: {
      ...authHandlers({ users, sessions, checks, hasher, settings }),
      ...ppvHandlers({ db, settings, users, days, catalogue, checks, hasher }),
      ...clockHandlers(clock),
      ...auditHandlers(db, audit, users, anchoring),
      ...registrationHandlers(deps, personalData, (readId, context) =>
        deviceDesk.takeCard(stationOfCall(context), readId),
      ),
      ...doseHandlers(deps, personalData),
      ...deliveryHandlers(deps),
      ...dayHandlers(deps, clockMeter),
      ...deviceHandlers(deviceDesk, deviceSettings, settingsKey),
      ...backupHandlers(db, backups, checks, options.stationId),
      ...deskHandlers(desks),
      ...uploadHandlers({
        store: uploadStore,
        views: batchViews,
        settings,
        uploading: () => uploading,
      }),
    },
  });

  /** A paired desk never reaches what only the hub's own screens may do. */
  const refusedAtDesk = (channel: string, context: CallContext): DispatchResult<never> | null =>
    context.desk !== undefined && hubOnlyChannels.has(channel as ChannelName)
      ? { ok: false, error: { code: 'HUB_ONLY', message: localise('HUB_ONLY') } }
      : null;
  const afterCall = (channel: string, input: unknown, result: DispatchResult<unknown>) => {
    personalData.raiseAlerts();
    if (result.ok && uploadWakingChannels.has(channel)) uploadScheduler.wake();
    if (result.ok) afterBackupCall(backups, channel, input);
    // Whether MyVAS is set up is the status bar's to show at once, not at the next upload run.
    if (result.ok && channel === 'ppv.updateSettings') {
      publish('upload.changed', batchViews.status(uploadConfigured(), uploading));
    }
    return result;
  };

  return {
    /**
     * Every call from a transport. Sign-in and other secret checks hash off the event loop; a day
     * opens on MyVAS time measured once the manager is authorised, before the write transaction.
     */
    dispatch: async (
      channel: string,
      input: unknown,
      context: CallContext,
    ): Promise<DispatchResult<unknown>> =>
      refusedAtDesk(channel, context) ??
      afterCall(channel, input, await dispatcher.dispatch(channel, input, context)),
    /** The same without waiting, for tests and the benchmark: refuses to wait for a hash or MyVAS. */
    dispatchSync: (channel: string, input: unknown, context: CallContext) =>
      refusedAtDesk(channel, context) ??
      afterCall(channel, input, dispatcher.dispatchSync(channel, input, context)),
    /** Every event, whoever it is for: for the composition root's own wiring and for tests. */
    onEvent(listener: EventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /**
     * The events one connection's screen may see: none until it is signed in, and an event meant for
     * one connection (the session it locked) only there. A transport subscribes once per connection.
     */
    onEventFor(
      connectionId: string,
      listener: (event: EventName, payload: unknown) => void,
      station: string = HUB_STATION,
    ): () => void {
      const forward: EventListener = (event, payload, target) => {
        const forThisConnection =
          target === undefined || target === connectionId || target === stationTarget(station);
        if (forThisConnection && sessions.get(connectionId)) listener(event, payload);
      };
      listeners.add(forward);
      return () => listeners.delete(forward);
    },
    /** The transport's connection has gone: its session, refusal count and attempts with it. */
    endConnection: (connectionId: string) => {
      sessions.end(connectionId);
      dispatcher.forgetConnection(connectionId);
      checks.forgetConnection(connectionId);
    },
    /** Audits each session's finished minutes of reads of personal data now (what the timer does). */
    auditReads: () => personalData.auditReads(),
    clock,
    audit,
    /** One upload run to MyVAS, now. */
    upload: runUpload,
    retention,
    /** Card reads, scans and device states of every station; the hub's own adapters report here. */
    devices: { ...deviceDesk, ...deviceDesk.listenersFor(HUB_STATION) },
    /** Where one station's adapters report, and the settings they start with and restart on. */
    stationDevices: (station: string) => ({
      ...deviceDesk.listenersFor(station),
      settings: (): DeviceSettings => deviceSettings.get(settingsKey(station)),
      onSettingsChanged(listener: (settings: DeviceSettings) => void): () => void {
        const forward: EventListener = (event, payload, target) => {
          if (event === 'device.settingsChanged' && target === stationTarget(station)) {
            listener(payload as DeviceSettings);
          }
        };
        listeners.add(forward);
        return () => listeners.delete(forward);
      },
    }),
    /** The hub's paired desks: pairing, the tokens they connect with, revoking. */
    desks,
    /** What became of writes sent with a request id, for desks that lost their link mid-write. */
    settleRequests: async (station: string, requestIds: string[]) => {
      const settled = outcomes.settle(station, requestIds, clock.now().at);
      // "Saved" only once the write is on disk, as its own answer would have waited.
      await db.commits.durable().catch(() => refuse('STORAGE_SYNC_FAILED'));
      return settled;
    },
    /** Keeps uploading in the background until the console closes. */
    startUploads: () => uploadScheduler.start(),
    /** This station's backups: start() keeps the hourly schedule while a day is open. */
    backups,
    /** Whether a day is open: an update waits for the next quit after it is sealed. */
    dayOpen: (): boolean => days.find() !== null,
    /** One anchoring round at MyVAS, now: the audit chain's head sent, MyVAS's anchors compared. */
    anchor: () => anchoring.round(),
    /** Anchors the audit chain at MyVAS now and every 15 minutes until the console closes. */
    startAnchoring: () => anchorRounds.start(),
    /**
     * Keeps the clock honest in the background until the console closes: MyVAS time now and every
     * 15 minutes, and the wall clock watched against the monotonic clock every minute.
     */
    startClockWatch: () => clockMeter.start(),
    /** One MyVAS time measurement, now. */
    measureClock: () => clockMeter.measure(),
    close: async (): Promise<void> => {
      closing.abort(new Error('the console is closing'));
      await uploadScheduler.stop();
      await clockMeter.stop();
      await backups.stop();
      await anchorRounds.stop();
      await currentUpload;
      dispatcher.flushDenials();
      readAuditTimers.clearTimeout(readAuditTimer);
      personalData.auditReads(true);
      await db.close();
    },
  };
}

export type ConsoleApp = ReturnType<typeof createConsole>;
