/**
 * Personal data one person at a time. Each session has the recipients it is working on (its
 * "work"): a clerk's found or registered ones, a vaccinator's present ones, a manager's found by
 * document. Every read of a recipient's personal data, and every lookup by document, counts against
 * a rolling hourly quota of distinct recipients per person, and is audited as one row per session
 * and minute.
 */
import type { AppDatabase } from '../../../db/open';
import type { EventName, EventPayload } from '../../contract';
import type { AuditLog } from '../audit';
import type { Sessions } from '../auth/sessions';
import type { TrustedNow } from '../clock';
import type { HandlerContext } from '../dispatch/types';
import type { Settings } from '../ppv/settings';
import { refuse } from '../shared/errors';

export const READ_WINDOW_MS = 60 * 60_000;
const MINUTE_MS = 60_000;
/** Someone who keeps meeting the quota alerts the manager again at most this often. */
const ALERT_EVERY_MS = 10 * 60_000;

interface Work {
  sessionId: string;
  recipients: Set<string>;
}

/** One session's reads within one minute: what its audit row will say. */
interface MinuteOfReads {
  sessionId: string;
  userId: string;
  station: string;
  minute: number;
  last: TrustedNow;
  recipients: Set<string>;
  lookupsNotFound: number;
  refusedOutsideWork: number;
  calls: Record<string, number>;
}

interface QuotaAlert {
  userId: string;
  station: string;
  now: TrustedNow;
  payload: EventPayload<'privacy.readQuotaReached'>;
}

export interface PersonalDataGuardDeps {
  db: AppDatabase;
  audit: AuditLog;
  sessions: Sessions;
  settings: Settings;
  now(): TrustedNow;
  newId(): string;
  publish<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export function createPersonalDataGuard(deps: PersonalDataGuardDeps) {
  const workBySession = new WeakMap<object, Work>();
  /** Keyed by session and minute. */
  const pending = new Map<string, MinuteOfReads>();
  /** Per person: each subject read in the last hour, and when last. */
  const recent = new Map<string, Map<string, number>>();
  const lastAlertAt = new Map<string, number>();
  const alerts: QuotaAlert[] = [];

  function workOf(context: HandlerContext): Work {
    const session = deps.sessions.get(context.call.connectionId);
    if (!session) return refuse('UNAUTHENTICATED');
    let work = workBySession.get(session);
    if (!work) {
      work = { sessionId: deps.newId(), recipients: new Set() };
      workBySession.set(session, work);
    }
    return work;
  }

  function recentOf(userId: string, at: number): Map<string, number> {
    let seen = recent.get(userId);
    if (!seen) {
      seen = new Map();
      recent.set(userId, seen);
    }
    for (const [subject, readAt] of seen) if (readAt <= at - READ_WINDOW_MS) seen.delete(subject);
    return seen;
  }

  function minuteOf(context: HandlerContext): MinuteOfReads {
    const { sessionId } = workOf(context);
    const minute = Math.floor(context.now.at / MINUTE_MS);
    const key = `${sessionId}@${minute}`;
    const open = pending.get(key);
    if (open) {
      open.last = context.now;
      return open;
    }
    const fresh: MinuteOfReads = {
      sessionId,
      userId: context.actor.userId,
      station: context.call.stationId,
      minute,
      last: context.now,
      recipients: new Set(),
      lookupsNotFound: 0,
      refusedOutsideWork: 0,
      calls: {},
    };
    pending.set(key, fresh);
    return fresh;
  }

  function append(key: string, reads: MinuteOfReads): void {
    pending.delete(key);
    deps.audit.append({
      at: reads.last.at,
      deviceAt: reads.last.deviceAt,
      userId: reads.userId,
      station: reads.station,
      action: 'recipient.read',
      entityType: 'session',
      entityId: reads.sessionId,
      detail: {
        minuteFrom: reads.minute * MINUTE_MS,
        recipients: [...reads.recipients],
        lookupsNotFound: reads.lookupsNotFound,
        refusedOutsideWork: reads.refusedOutsideWork,
        calls: reads.calls,
      },
    });
  }

  /** Counts one subject against the caller's hourly quota, refusing a new one past it. */
  function countAgainstQuota(context: HandlerContext, subject: string): void {
    const { userId, staffId, fullName } = context.actor;
    const at = context.now.at;
    const limit = deps.settings.get().recipientReadsPerHour;
    const seen = recentOf(userId, at);
    if (!seen.has(subject) && seen.size >= limit) {
      const alerted = lastAlertAt.get(userId);
      if (alerted === undefined || at - alerted >= ALERT_EVERY_MS) {
        lastAlertAt.set(userId, at);
        alerts.push({
          userId,
          station: context.call.stationId,
          now: context.now,
          payload: { staffId, fullName, limit, at },
        });
      }
      refuse('READ_QUOTA_EXCEEDED', { limit });
    }
    seen.set(subject, at);
  }

  function seedFromAudit(): void {
    const since = deps.now().at - READ_WINDOW_MS;
    const rows = deps.db.sqlite
      .prepare<[], { at: number; user_id: string | null; action: string; detail: string }>(
        'SELECT at, user_id, action, detail FROM audit_log ORDER BY seq DESC',
      )
      .iterate();
    for (const row of rows) {
      // Entries are appended in time order, give or take a minute's aggregation.
      if (row.at <= since - MINUTE_MS) break;
      if (row.action !== 'recipient.read' || row.user_id === null || row.at <= since) continue;
      const { recipients } = JSON.parse(row.detail) as { recipients?: unknown };
      if (!Array.isArray(recipients)) continue;
      const seen = recentOf(row.user_id, row.at);
      for (const id of recipients) {
        if (typeof id === 'string' && !seen.has(id)) seen.set(id, row.at);
      }
    }
  }

  seedFromAudit();

  return {
    /** Whether the caller's session is working on this recipient. */
    inWork: (context: HandlerContext, recipientId: string): boolean =>
      workOf(context).recipients.has(recipientId),
    /** Makes the recipient part of the caller's session's work. */
    take(context: HandlerContext, recipientId: string): void {
      workOf(context).recipients.add(recipientId);
    },
    /**
     * Refuses a read outside the caller's work, counting the attempt in the minute's audit row. Found
     * by a typed `documentKey`, the refusal still says the document is registered here: it counts
     * against the quota as a lookup that found nobody does.
     */
    requireInWork(
      context: HandlerContext,
      channel: string,
      recipientId: string,
      documentKey?: string,
    ): void {
      if (workOf(context).recipients.has(recipientId)) return;
      const reads = minuteOf(context);
      reads.refusedOutsideWork += 1;
      reads.calls[channel] = (reads.calls[channel] ?? 0) + 1;
      if (documentKey !== undefined) countAgainstQuota(context, `document:${documentKey}`);
      refuse('RECIPIENT_NOT_IN_WORK');
    },
    /** A recipient's personal data returned by `channel`: counted, then audited with the minute. */
    read(context: HandlerContext, channel: string, recipientId: string): void {
      countAgainstQuota(context, recipientId);
      const reads = minuteOf(context);
      reads.recipients.add(recipientId);
      reads.calls[channel] = (reads.calls[channel] ?? 0) + 1;
    },
    /** A lookup by document that found nobody: it counts against the quota too. */
    lookedUpNobody(context: HandlerContext, channel: string, documentKey: string): void {
      countAgainstQuota(context, `document:${documentKey}`);
      const reads = minuteOf(context);
      reads.lookupsNotFound += 1;
      reads.calls[channel] = (reads.calls[channel] ?? 0) + 1;
    },
    /** After each call: the quota alerts it raised, audited and shown on the manager's screen. */
    raiseAlerts(): void {
      for (const alert of alerts.splice(0)) {
        deps.audit.append({
          at: alert.now.at,
          deviceAt: alert.now.deviceAt,
          userId: alert.userId,
          station: alert.station,
          action: 'privacy.readQuotaReached',
          entityType: 'user',
          entityId: alert.userId,
          detail: { limit: alert.payload.limit },
        });
        deps.publish('privacy.readQuotaReached', alert.payload);
      }
    },
    /**
     * Audits each session's minutes of reads that are over (the minute timer's work), outside any
     * call's transaction; `all` also those still running, as the console closes.
     */
    auditReads(all = false): void {
      const minute = Math.floor(deps.now().at / MINUTE_MS);
      for (const [key, reads] of [...pending]) if (all || reads.minute < minute) append(key, reads);
    },
  };
}

export type PersonalDataGuard = ReturnType<typeof createPersonalDataGuard>;
