import type { CoreDeps } from '../deps';
import type { Handlers } from '../dispatch/types';
import { refuse } from '../shared/errors';
import { malaysiaDate } from '../shared/time';
import { createCloseOut } from './close-out';
import { dayView, type DayRow } from './open-day';
import { canonicalRecord, contentHash, createDayRecords } from './records';

type Channels =
  | 'day.current'
  | 'day.open'
  | 'day.closeOutSummary'
  | 'day.dosesByHour'
  | 'day.close'
  | 'batch.list';

export function dayHandlers(deps: CoreDeps): Pick<Handlers, Channels> {
  const { db, days, settings, audit, newId, batchViews } = deps;
  const records = createDayRecords(db);
  const closeOut = createCloseOut(db);

  const insertDay = db.sqlite.prepare(
    `INSERT INTO days (id, session_date, channel, outreach_place, outreach_district, outreach_state,
       state, opened_at, opened_device_at, opened_by)
     VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
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

    'day.open': (input, context) => {
      const open = days.find();
      if (open) refuse('DAY_ALREADY_OPEN', { sessionDate: open.session_date });
      const sessionDate = malaysiaDate(context.now.at);
      const { closureDate } = settings.get();
      if (closureDate !== null && sessionDate > closureDate) refuse('PPV_CLOSED', { closureDate });
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
      );
      const view = dayView(days.byId(dayId));
      context.describe({
        entityType: 'day',
        entityId: dayId,
        detail: { sessionDate, channel: input.channel },
      });
      context.emit('day.changed', view);
      return view;
    },

    'day.closeOutSummary': () => {
      const day = days.require();
      return {
        day: dayView(day),
        ...closeOut.counts(day),
        blockers: closeOut.blockers(day, recordsOf(day)),
      };
    },

    'day.dosesByHour': () => ({ hours: closeOut.dosesByHour(days.require()) }),

    'day.close': (_input, context) => {
      const day = days.require();
      const dayRecords = recordsOf(day);
      const blockers = closeOut.blockers(day, dayRecords);
      if (blockers.length > 0) refuse('DAY_HAS_BLOCKERS', { count: blockers.length }, { blockers });

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
