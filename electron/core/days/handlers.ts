import { assertClockTrusted, assertConfirmedTime, CLOCK_WARN_MS } from '../clock';
import type { CoreDeps } from '../deps';
import type { ChannelParsedInput } from '../../contract';
import type { ClockMeter } from '../clock/meter';
import type { HandlerContext, Handlers } from '../dispatch/types';
import { refuse } from '../shared/errors';
import { malaysiaDate, malaysiaDisplay } from '../shared/time';
import { createCloseOut } from './close-out';
import { dayView, type DayRow } from './open-day';
import { canonicalRecord, contentHash, createDayRecords } from './records';
import { createDailyReport } from './report';

const MINUTE = 60_000;

type Channels =
  | 'day.current'
  | 'day.open'
  | 'day.closeOutSummary'
  | 'day.dosesByHour'
  | 'day.report'
  | 'day.close'
  | 'batch.list';

/**
 * Opening a day waits first for a fresh MyVAS time (`beforeOpeningDay`: null when there is none to
 * wait for), and only once the caller is authorised: nobody else can make the console ask MyVAS.
 */
export function dayHandlers(
  deps: CoreDeps,
  meter: Pick<ClockMeter, 'beforeOpeningDay'>,
): Pick<Handlers, Channels> {
  const { db, days, settings, audit, newId, batchViews, clock } = deps;
  const records = createDayRecords(db);
  const closeOut = createCloseOut(db);
  const dailyReport = createDailyReport(db, settings);

  const insertDay = db.sqlite.prepare(
    `INSERT INTO days (id, session_date, channel, outreach_place, outreach_district, outreach_state,
       state, opened_at, opened_device_at, opened_by, opened_clock, clock_confirmed_by,
       clock_confirmed_time)
     VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)`,
  );
  const latestAdministration = db.sqlite.prepare<[string], { at: number | null }>(
    'SELECT max(administered_at) AS at FROM doses WHERE day_id = ?',
  );
  const sealDay = db.sqlite.prepare<[number, number, string, string]>(
    `UPDATE days SET state = 'sealed', closed_at = ?, closed_device_at = ?, closed_by = ?
     WHERE id = ? AND state = 'open'`,
  );
  const insertBatch = db.sqlite.prepare(
    `INSERT INTO batches (id, day_id, session_date, opened_at, closed_at, record_count, content_hash,
       audit_head, sealed_by, upload_state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting')`,
  );
  const insertBatchRecord = db.sqlite.prepare(
    'INSERT INTO batch_records (batch_id, record_id, position, record_type, canonical) VALUES (?, ?, ?, ?, ?)',
  );
  const insertBatchUpload = db.sqlite.prepare('INSERT INTO batch_uploads (batch_id) VALUES (?)');

  function openDay(input: ChannelParsedInput<'day.open'>, context: HandlerContext) {
    const open = days.find();
    if (open) refuse('DAY_ALREADY_OPEN', { sessionDate: open.session_date });
    const clockStatus = clock.status();
    assertClockTrusted(clockStatus);
    // Not even a measured clock opens a day behind what staff already recorded unless a manager
    // confirms the time shown: a "MyVAS" telling an old time would otherwise reopen a past date for
    // doses backdated into it, while a PC that ran fast before MyVAS corrected it can still open.
    const recorded = clockStatus.latestRecordedAt;
    const behindRecords = recorded !== null && context.now.at < recorded - CLOCK_WARN_MS;
    if (behindRecords && input.confirmedTime === null) {
      refuse('CLOCK_BEHIND_RECORDS', {
        now: malaysiaDisplay(context.now.at),
        latest: malaysiaDisplay(recorded),
      });
    }
    const sessionDate = malaysiaDate(context.now.at);
    const { closureDate } = settings.get();
    if (closureDate !== null && sessionDate > closureDate) refuse('PPV_CLOSED', { closureDate });
    // On a clock MyVAS has not measured lately, the manager confirms the date and time shown.
    if (input.confirmedTime !== null) assertConfirmedTime(input.confirmedTime, context.now);
    const confirmedTime = clockStatus.fresh && !behindRecords ? null : input.confirmedTime;
    if (!clockStatus.fresh && confirmedTime === null) {
      refuse('CLOCK_NOT_CONFIRMED', { shown: malaysiaDisplay(context.now.at) });
    }
    const location = input.channel === 'outreach' ? input.outreachLocation : null;
    const dayId = newId();
    insertDay.run(
      dayId,
      sessionDate,
      input.channel,
      location?.place ?? null,
      location?.district ?? null,
      location?.state ?? null,
      context.now.at,
      context.now.deviceAt,
      context.actor.userId,
      confirmedTime === null ? 'measured' : 'confirmed',
      confirmedTime === null ? null : context.actor.userId,
      confirmedTime,
    );
    const view = dayView(days.byId(dayId));
    context.describe({
      entityType: 'day',
      entityId: dayId,
      detail: { sessionDate, channel: input.channel, openedClock: view.openedClock },
    });
    context.emit('day.changed', view);
    return view;
  }

  function recordsOf(day: DayRow) {
    return records.build(day.id, {
      ppvCode: settings.get().ppvCode,
      sessionDate: day.session_date,
    });
  }

  return {
    'day.current': () => {
      const open = days.find();
      return open ? dayView(open) : null;
    },

    'day.open': {
      prepare(input, prepared) {
        const measuring = prepared.mayWait ? meter.beforeOpeningDay() : null;
        const open = (context: HandlerContext) => openDay(input, context);
        return measuring ? measuring.then(() => open) : open;
      },
    },

    'day.closeOutSummary': (_input, context) => {
      const day = days.require();
      return {
        day: dayView(day),
        ...closeOut.counts(day),
        blockers: closeOut.blockers(day, recordsOf(day), context.now.at),
      };
    },

    'day.dosesByHour': () => ({ hours: closeOut.dosesByHour(days.require()) }),

    'day.report': (input, context) => dailyReport(days.byId(input.dayId), context.now.at),

    'day.close': (_input, context) => {
      const day = days.require();
      // The closing time is stamped from the corrected clock: not while a set-back or a jump makes it
      // untrustworthy (an offset alone leaves corrected time right).
      const clockStatus = clock.status();
      if (clockStatus.stopReason !== 'offset') assertClockTrusted(clockStatus);
      const dayRecords = recordsOf(day);
      const blockers = closeOut.blockers(day, dayRecords, context.now.at);
      if (blockers.length > 0) {
        // The refusal names no one: its details may be shown or kept where names must not go.
        const unnamed = blockers.map(({ kind, id, label }) => ({ kind, id, label }));
        refuse('DAY_HAS_BLOCKERS', { count: blockers.length }, { blockers: unnamed });
      }
      // The closing time is never earlier than a record's administration time (MyVAS: AFTER_CLOSURE)
      // nor than the day's opening (MyVAS: BATCH_INVALID, final).
      const latest = Math.max(latestAdministration.get(day.id)?.at ?? 0, day.opened_at);
      if (latest > context.now.at) {
        refuse('DAY_CLOSE_TOO_EARLY', {
          latest: malaysiaDisplay(Math.ceil(latest / MINUTE) * MINUTE),
        });
      }

      const sealed = sealDay.run(
        context.now.at,
        context.now.deviceAt,
        context.actor.userId,
        day.id,
      );
      if (sealed.changes !== 1) refuse('NO_OPEN_DAY');
      const auditHead = audit.head();
      const hash = contentHash(dayRecords);
      const batchId = newId();
      insertBatch.run(
        batchId,
        day.id,
        day.session_date,
        day.opened_at,
        context.now.at,
        dayRecords.length,
        hash,
        auditHead,
        context.actor.userId,
      );
      insertBatchUpload.run(batchId);
      dayRecords.forEach((record, position) => {
        insertBatchRecord.run(
          batchId,
          record.recordId,
          position,
          record.recordType,
          canonicalRecord(record),
        );
      });
      context.describe({
        entityType: 'batch',
        entityId: batchId,
        detail: { dayId: day.id, recordCount: dayRecords.length, contentHash: hash },
      });
      context.emit('day.changed', null);
      return batchViews.batch(batchId);
    },

    'batch.list': (input) => batchViews.batches(input.cursor, input.limit),
  };
}
