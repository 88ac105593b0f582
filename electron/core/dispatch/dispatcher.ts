import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { z } from 'zod';
import {
  channels,
  localise,
  type AuditAction,
  type ChannelName,
  type DispatchResult,
  type ErrorCode,
  type EventName,
} from '../../contract';
import { commitGrouped, type CommitBarrier } from '../../../db/durable';
import type { AuditLog } from '../audit';
import type { Sessions } from '../auth/sessions';
import type { Users } from '../auth/users';
import type { TrustedClock } from '../clock';
import { CommittedRefusal, DomainError } from '../shared/errors';
import type { Logger } from '../shared/log';
import type { Clock } from '../shared/clock';
import { createDenialTally } from './denials';
import {
  countingStation,
  type Actor,
  type AuditDescription,
  type CallContext,
  type HandlerContext,
  type Handlers,
  type PrepareContext,
} from './types';

export interface DispatcherDeps {
  sqlite: SqliteDatabase;
  handlers: Handlers;
  audit: AuditLog;
  users: Users;
  sessions: Sessions;
  clock: TrustedClock;
  /** The device clock's monotonic side, for the minute of the denial counts. */
  monotonic: Clock;
  log: Logger;
  /** `target`: the one connection the event is for; without it, every signed-in screen. */
  publish: (event: EventName, payload: unknown, target?: string) => void;
  /** Inside a write's transaction, once it has succeeded: may refuse it (it then rolls back). */
  recordWrite?: (call: CallContext, channel: ChannelName, at: number) => void;
  /**
   * The connection's group commit (db/durable.ts): `dispatch` commits writes without waiting for the
   * disk and answers once the commit is durable, so one sync of the WAL serves many writes.
   */
  commits: CommitBarrier;
}

class OutputMismatch extends Error {
  override name = 'OutputMismatch';
}

/** Channels a locked session may still call. */
const allowedWhileLocked = new Set<ChannelName>(['auth.unlock', 'auth.signOut', 'auth.session']);
/** Channels open to someone still on the first PIN an admin gave them. */
const allowedBeforeOwnPin = new Set<ChannelName>([
  'auth.changeSecret',
  'auth.session',
  'auth.signOut',
  'auth.lock',
  'auth.unlock',
]);

/** Refusals a connection may collect (see `settle`) before the transport is told to close it. */
export const REFUSAL_BUDGET = 30;
/** Refusals that count against a signed-in connection too: guessing and probing. */
const probingRefusals = new Set<ErrorCode>([
  'FORBIDDEN',
  'SIGN_IN_FAILED',
  'SIGN_IN_DELAYED',
  'SIGN_IN_THROTTLED',
  'CHECK_IN_PROGRESS',
  'APPROVAL_FAILED',
  'APPROVAL_DELAYED',
]);

function failure(code: ErrorCode, params?: Record<string, string | number>): DispatchResult<never> {
  return { ok: false, error: { code, message: localise(code, params) } };
}

const sqliteCode = (error: unknown): string | null => {
  const code = error instanceof Error ? (error as { code?: unknown }).code : null;
  return typeof code === 'string' ? code : null;
};

/** SQLite could not grow a file: the write was rolled back whole (SQLITE_FULL). */
const isDiskFull = (error: unknown): boolean => sqliteCode(error) === 'SQLITE_FULL';

/** Another connection held the database past the busy timeout: nothing began (SQLITE_BUSY…). */
const isBusy = (error: unknown): boolean => sqliteCode(error)?.startsWith('SQLITE_BUSY') === true;

/** A schema's refusal in words, for INVALID_INPUT: the first five issues, each with its path. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`)
    .join('; ');
}

type PendingEvent = [EventName, unknown, string | undefined];

/**
 * A call's answer, whether an audit entry of its own already records a refusal, and the events a
 * successful call publishes once its answer may be given.
 */
interface Outcome {
  result: DispatchResult<unknown>;
  audited: boolean;
  events?: PendingEvent[];
}

const refused = (result: DispatchResult<never>, audited = false): Outcome => ({ result, audited });

interface Admitted {
  channel: ChannelName;
  actor: Actor | null;
  input: unknown;
}

/**
 * The one dispatcher both transports call. In order: the channel exists; the caller is signed in
 * (unless public), active, not idle-locked, and holds a role the channel allows — decided before the
 * input is even parsed; the input matches its schema; then the handler runs. A write runs inside one
 * IMMEDIATE transaction together with its audit entry, so it lands whole or not at all. A staged
 * handler (one that hashes a secret) prepares outside the transaction, off the event loop; the
 * checks then run again before its completion, since the wait may have changed them. Each refusal is settled against the connection's budget: too many, and the
 * transport is told to close it.
 */
export function createDispatcher(deps: DispatcherDeps) {
  const { sqlite, handlers, audit, users, sessions, clock, log } = deps;
  const begin: Statement = sqlite.prepare('BEGIN IMMEDIATE');
  const commit: Statement = sqlite.prepare('COMMIT');
  const rollback: Statement = sqlite.prepare('ROLLBACK');
  const denials = createDenialTally({ sqlite, audit, clock, monotonic: deps.monotonic, log });
  const connections = new Map<string, { refusals: number; closed: boolean }>();

  /** `grouped`: committed in the group commit, which the answer waits for (see `execute`). */
  function recordDenial(
    call: CallContext,
    channel: string,
    code: ErrorCode,
    userId: string,
    grouped: boolean,
  ): void {
    const now = clock.now();
    const append = () =>
      audit.append({
        at: now.at,
        deviceAt: now.deviceAt,
        userId,
        station: call.stationId,
        action: 'access.denied',
        entityType: null,
        entityId: null,
        detail: { channel, code },
      });
    try {
      if (grouped) commitGrouped(sqlite, deps.commits, append);
      else append();
    } catch (error) {
      log.error('audit.denialNotRecorded', { channel, code, error: String(error) });
    }
  }

  function authorise(
    channel: ChannelName,
    call: CallContext,
    grouped: boolean,
  ): { actor: Actor | null } | { refused: Outcome } {
    const access = channels[channel].access;
    if (access === 'public') {
      const session = sessions.get(call.connectionId);
      const actor = session ? users.actor(session.userId) : null;
      return { actor: actor?.active ? actor : null };
    }
    const session = sessions.get(call.connectionId);
    const actor = session ? users.actor(session.userId) : null;
    if (!session || !actor || !actor.active) {
      if (session) sessions.end(call.connectionId);
      if (actor) recordDenial(call, channel, 'UNAUTHENTICATED', actor.userId, grouped);
      return { refused: refused(failure('UNAUTHENTICATED'), actor !== null) };
    }
    if (sessions.lockIfIdle(call.connectionId) && !allowedWhileLocked.has(channel)) {
      deps.publish('session.locked', { reason: 'idle' }, call.connectionId);
      return { refused: refused(failure('SESSION_LOCKED')) };
    }
    if (actor.mustChangeSecret && !allowedBeforeOwnPin.has(channel)) {
      return { refused: refused(failure('PIN_CHANGE_REQUIRED')) };
    }
    if (access !== 'signed-in' && !access.some((role) => actor.roles.includes(role))) {
      recordDenial(call, channel, 'FORBIDDEN', actor.userId, grouped);
      return { refused: refused(failure('FORBIDDEN'), true) };
    }
    if (!call.viaScanner) sessions.touch(call.connectionId);
    return { actor };
  }

  /** Every check before a handler runs, in order; written once, run again after a staged wait. */
  function admit(
    channelName: string,
    rawInput: unknown,
    call: CallContext,
    grouped: boolean,
  ): Admitted | Outcome {
    if (connections.get(call.connectionId)?.closed) return refused(failure('CONNECTION_CLOSED'));
    if (call.stillOpen?.() === false) return refused(failure('STATION_DISCONNECTED'));
    if (!Object.hasOwn(channels, channelName)) {
      return refused(failure('UNKNOWN_CHANNEL', { channel: channelName.slice(0, 60) }));
    }
    const channel = channelName as ChannelName;
    const authorisation = authorise(channel, call, grouped);
    if ('refused' in authorisation) return authorisation.refused;
    const parsed = channels[channel].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return refused(failure('INVALID_INPUT', { issues: describeIssues(parsed.error) }));
    }
    return { channel, actor: authorisation.actor, input: parsed.data };
  }

  const actorGetter = (actor: Actor | null) => (): Actor => {
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    return actor;
  };

  function asOutcome(error: unknown, channel: string): Outcome {
    if (error instanceof DomainError) return refused({ ok: false, error: error.toBody() });
    if (isDiskFull(error)) {
      log.error('dispatch.diskFull', { channel });
      return refused(failure('DISK_FULL'));
    }
    if (isBusy(error)) {
      log.error('dispatch.databaseBusy', { channel });
      return refused(failure('DATABASE_BUSY'));
    }
    log.error('dispatch.internalError', {
      channel,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return refused(failure('INTERNAL'));
  }

  /**
   * Runs a handler (or a staged handler's completion) for an admitted call. `grouped`: a write
   * commits without syncing the disk, and its commit is noted for the group commit, which the caller
   * then waits for before it answers.
   */
  function execute(
    admitted: Admitted,
    call: CallContext,
    run: (context: HandlerContext) => unknown,
    grouped: boolean,
  ): Outcome {
    // A sync failed while a staged call waited for its preparation.
    if (grouped && deps.commits.failed) return refused(failure('STORAGE_SYNC_FAILED'));
    const { channel, actor } = admitted;
    const spec = channels[channel];
    const now = clock.now();
    let description: AuditDescription = { entityType: null, entityId: null };
    const pendingEvents: PendingEvent[] = [];
    const context: HandlerContext = {
      get actor(): Actor {
        return actorGetter(actor)();
      },
      actorOrNull: actor,
      call,
      now,
      describe(next) {
        description = next;
      },
      emit(event, payload, target) {
        pendingEvents.push([event, payload, target]);
      },
    };
    const appendAudit = (action: AuditAction, about: AuditDescription, userId: string | null) =>
      audit.append({
        at: now.at,
        deviceAt: now.deviceAt,
        userId,
        station: call.stationId,
        action,
        entityType: about.entityType,
        entityId: about.entityId,
        detail: about.detail ?? {},
      });

    /** The contract's output schema strips anything a handler returns beyond it. */
    const checkedOutput = (raw: unknown): unknown => {
      const checked = spec.output.safeParse(raw);
      if (checked.success) return checked.data;
      throw new OutputMismatch(describeIssues(checked.error));
    };

    let value: unknown;
    /** The write's transaction: null once committed, or the refusal it ended in. */
    const transaction = (): Outcome | null => {
      begin.run();
      try {
        value = checkedOutput(run(context));
        const userId =
          actor?.userId ?? (description.entityType === 'user' ? description.entityId : null);
        appendAudit(channel, description, userId);
        deps.recordWrite?.(call, channel, now.at);
        commit.run();
        return null;
      } catch (error) {
        try {
          if (!(error instanceof CommittedRefusal)) throw error;
          appendAudit(
            error.auditAction,
            error.auditEntity,
            actor?.userId ?? error.auditEntity.entityId,
          );
          commit.run();
        } finally {
          if (sqlite.inTransaction) rollback.run();
        }
        return { ...asOutcome(error, channel), audited: true };
      }
    };

    try {
      if (spec.writes) {
        const refusal = grouped ? commitGrouped(sqlite, deps.commits, transaction) : transaction();
        if (refusal) return refusal;
      } else {
        value = checkedOutput(run(context));
      }
    } catch (error) {
      return asOutcome(error, channel);
    }

    return { result: { ok: true, value }, audited: false, events: pendingEvents };
  }

  function prepareContext(admitted: Admitted, call: CallContext, mayWait: boolean): PrepareContext {
    return {
      mayWait,
      get actor(): Actor {
        return actorGetter(admitted.actor)();
      },
      actorOrNull: admitted.actor,
      call,
      now: clock.now(),
    };
  }

  /**
   * Counts a refusal against its connection: every refusal of a connection that is not signed in,
   * and the guessing and probing ones of any. Past the budget, the session ends and the transport
   * is told to close the connection. Refusals without an audit entry of their own and without a
   * signed-in caller go to the minute's denial counts.
   */
  function settle(
    call: CallContext,
    channelName: string,
    outcome: Outcome,
  ): DispatchResult<unknown> {
    const { result } = outcome;
    const state = connections.get(call.connectionId) ?? { refusals: 0, closed: false };
    connections.set(call.connectionId, state);
    if (result.ok) {
      if (channelName === 'auth.signIn') state.refusals = 0;
      return result;
    }
    if (state.closed) return result;
    const signedIn = sessions.get(call.connectionId) !== undefined;
    if (!signedIn && !outcome.audited) {
      const channel = Object.hasOwn(channels, channelName) ? channelName : 'unknown';
      denials.count(countingStation(call), call.connectionId, channel, result.error.code);
    }
    if (!signedIn || probingRefusals.has(result.error.code)) state.refusals += 1;
    if (state.refusals > REFUSAL_BUDGET) {
      state.closed = true;
      sessions.end(call.connectionId);
      denials.closed(countingStation(call));
      log.info('dispatch.connectionClosed', { stationId: call.stationId });
      call.closeConnection?.();
    }
    return result;
  }

  /**
   * A call's outcome. `mayWait`: a staged handler's preparation may be awaited outside the
   * transaction (the checks then run again), and a write is part of the group commit; without it, a
   * preparation that would wait is a programming error, and each write syncs in its own commit.
   */
  function decide(
    channelName: string,
    rawInput: unknown,
    call: CallContext,
    mayWait: false,
  ): Outcome;
  function decide(
    channelName: string,
    rawInput: unknown,
    call: CallContext,
    mayWait: true,
  ): Outcome | Promise<Outcome>;
  function decide(
    channelName: string,
    rawInput: unknown,
    call: CallContext,
    mayWait: boolean,
  ): Outcome | Promise<Outcome> {
    denials.flushDue();
    const admitted = admit(channelName, rawInput, call, mayWait);
    if (!('channel' in admitted)) return admitted;
    const handler = handlers[admitted.channel];
    if (typeof handler === 'function') {
      return execute(admitted, call, (c) => handler(admitted.input as never, c), mayWait);
    }
    let completion: ReturnType<typeof handler.prepare>;
    try {
      completion = handler.prepare(
        admitted.input as never,
        prepareContext(admitted, call, mayWait),
      );
    } catch (error) {
      return asOutcome(error, channelName);
    }
    if (!(completion instanceof Promise)) {
      return execute(admitted, call, completion as (context: HandlerContext) => unknown, mayWait);
    }
    if (!mayWait) {
      completion.catch(() => undefined);
      throw new Error(
        `${channelName} waits before its transaction (a secret's hash, MyVAS's time): call dispatch(), not dispatchSync()`,
      );
    }
    return completion.then(
      (ready: (context: HandlerContext) => unknown) => {
        const again = admit(channelName, rawInput, call, true);
        return 'channel' in again ? execute(again, call, ready, true) : again;
      },
      (error: unknown) => asOutcome(error, channelName),
    );
  }

  const publishAll = (events: PendingEvent[] = []) => {
    for (const [event, payload, target] of events) deps.publish(event, payload, target);
  };

  /**
   * Every call, from either transport. The answer, and the events of a write, wait until every
   * commit made so far is on disk: a write's own, and the writes of others a read may have seen.
   * Once a sync has failed nothing runs: a write would commit while its answer says it may not have,
   * and each try again would save it once more.
   */
  async function dispatch(
    channelName: string,
    rawInput: unknown,
    call: CallContext,
  ): Promise<DispatchResult<unknown>> {
    if (deps.commits.failed) return failure('STORAGE_SYNC_FAILED');
    const outcome = await decide(channelName, rawInput, call, true);
    const result = settle(call, channelName, outcome);
    try {
      await deps.commits.durable();
    } catch (error) {
      log.error('dispatch.storageSyncFailed', { channel: channelName, error: String(error) });
      return failure('STORAGE_SYNC_FAILED');
    }
    publishAll(outcome.events);
    return result;
  }

  /** The same, for callers that cannot wait (tests, the benchmark). */
  function dispatchSync(
    channelName: string,
    rawInput: unknown,
    call: CallContext,
  ): DispatchResult<unknown> {
    const outcome = decide(channelName, rawInput, call, false);
    const result = settle(call, channelName, outcome);
    publishAll(outcome.events);
    return result;
  }

  return {
    dispatch,
    dispatchSync,
    /** Forgets a connection the transport has closed: its refusals and its closed mark. */
    forgetConnection: (connectionId: string) => connections.delete(connectionId),
    /** Writes the denial counts not yet written (the console is closing). */
    flushDenials: () => denials.flush(),
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
