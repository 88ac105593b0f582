import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { z } from 'zod';
import {
  channels,
  localise,
  type ChannelName,
  type DispatchResult,
  type ErrorCode,
  type EventName,
} from '../../contract';
import type { AuditLog } from '../audit';
import type { Sessions } from '../auth/sessions';
import type { Users } from '../auth/users';
import type { TrustedClock } from '../clock';
import { CommittedRefusal, DomainError } from '../shared/errors';
import type { Logger } from '../shared/log';
import type { Actor, AuditDescription, CallContext, HandlerContext, Handlers } from './types';

export interface DispatcherDeps {
  sqlite: SqliteDatabase;
  handlers: Handlers;
  audit: AuditLog;
  users: Users;
  sessions: Sessions;
  clock: TrustedClock;
  log: Logger;
  /** `target`: the one connection the event is for; without it, every signed-in screen. */
  publish: (event: EventName, payload: unknown, target?: string) => void;
  /** Inside a write's transaction, once it has succeeded: may refuse it (it then rolls back). */
  recordWrite?: (call: CallContext, channel: ChannelName, at: number) => void;
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

function failure(code: ErrorCode, params?: Record<string, string | number>): DispatchResult<never> {
  return { ok: false, error: { code, message: localise(code, params) } };
}

/** SQLite could not grow a file: the write was rolled back whole (SQLITE_FULL). */
function isDiskFull(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'SQLITE_FULL';
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`)
    .join('; ');
}

/**
 * The one dispatcher both transports call. In order: the channel exists; the caller is signed in
 * (unless public), active, not idle-locked, and holds a role the channel allows — decided before the
 * input is even parsed; the input matches its schema; then the handler runs. A write runs inside one
 * IMMEDIATE transaction together with its audit entry, so it lands whole or not at all.
 */
export function createDispatcher(deps: DispatcherDeps) {
  const { sqlite, handlers, audit, users, sessions, clock, log } = deps;
  const begin: Statement = sqlite.prepare('BEGIN IMMEDIATE');
  const commit: Statement = sqlite.prepare('COMMIT');
  const rollback: Statement = sqlite.prepare('ROLLBACK');

  function recordDenial(
    call: CallContext,
    channel: string,
    code: ErrorCode,
    userId: string | null,
  ): void {
    const now = clock.now();
    try {
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
    } catch (error) {
      log.error('audit.denialNotRecorded', { channel, code, error: String(error) });
    }
  }

  function authorise(
    channel: ChannelName,
    call: CallContext,
  ): { actor: Actor | null } | { refused: DispatchResult<never> } {
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
      recordDenial(call, channel, 'UNAUTHENTICATED', actor?.userId ?? null);
      return { refused: failure('UNAUTHENTICATED') };
    }
    if (sessions.lockIfIdle(call.connectionId) && !allowedWhileLocked.has(channel)) {
      deps.publish('session.locked', { reason: 'idle' }, call.connectionId);
      return { refused: failure('SESSION_LOCKED') };
    }
    if (actor.mustChangeSecret && !allowedBeforeOwnPin.has(channel)) {
      return { refused: failure('PIN_CHANGE_REQUIRED') };
    }
    if (access !== 'signed-in' && !access.some((role) => actor.roles.includes(role))) {
      recordDenial(call, channel, 'FORBIDDEN', actor.userId);
      return { refused: failure('FORBIDDEN') };
    }
    if (!call.viaScanner) sessions.touch(call.connectionId);
    return { actor };
  }

  function dispatch(
    channelName: string,
    rawInput: unknown,
    call: CallContext,
  ): DispatchResult<unknown> {
    if (!Object.hasOwn(channels, channelName)) {
      return failure('UNKNOWN_CHANNEL', { channel: channelName.slice(0, 60) });
    }
    const channel = channelName as ChannelName;
    const spec = channels[channel];
    const authorisation = authorise(channel, call);
    if ('refused' in authorisation) return authorisation.refused;

    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) return failure('INVALID_INPUT', { issues: describeIssues(parsed.error) });

    const actor = authorisation.actor;
    const now = clock.now();
    let description: AuditDescription = { entityType: null, entityId: null };
    const pendingEvents: Array<[EventName, unknown, string | undefined]> = [];
    const context: HandlerContext = {
      get actor(): Actor {
        if (!actor) throw new DomainError('UNAUTHENTICATED');
        return actor;
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
    const handler = handlers[channel] as (input: unknown, context: HandlerContext) => unknown;
    const appendAudit = (action: string, about: AuditDescription, userId: string | null) =>
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
    try {
      if (spec.writes) {
        begin.run();
        try {
          value = checkedOutput(handler(parsed.data, context));
          const userId =
            actor?.userId ?? (description.entityType === 'user' ? description.entityId : null);
          appendAudit(channel, description, userId);
          deps.recordWrite?.(call, channel, now.at);
          commit.run();
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
          throw error;
        }
      } else {
        value = checkedOutput(handler(parsed.data, context));
      }
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error: error.toBody() };
      if (isDiskFull(error)) {
        log.error('dispatch.diskFull', { channel });
        return failure('DISK_FULL');
      }
      log.error('dispatch.internalError', {
        channel,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return failure('INTERNAL');
    }

    for (const [event, payload, target] of pendingEvents) deps.publish(event, payload, target);
    return { ok: true, value };
  }

  return { dispatch };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
