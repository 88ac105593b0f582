import type { AppDatabase } from '../../../db/open';

/**
 * How many of a day's registrations are waiting, for every `queue.changed` event, without counting
 * the queue on each call. The count is kept in a TEMP table of this connection, moved by TEMP
 * triggers on every insert, status change or delete of a registration, whatever statement makes it:
 * it commits and rolls back with the write that moved it, and costs no page of the database file.
 * A day is counted from the registrations once, when first asked (after each start).
 */
export function createWaitingCount(db: AppDatabase): (dayId: string) => number {
  const { sqlite } = db;
  sqlite.exec(`
    CREATE TEMP TABLE IF NOT EXISTS queue_waiting (
      day_id TEXT PRIMARY KEY NOT NULL,
      waiting INTEGER NOT NULL
    );
    CREATE TEMP TRIGGER IF NOT EXISTS queue_waiting_insert AFTER INSERT ON main.registrations
    WHEN NEW.queue_status = 'waiting'
    BEGIN
      UPDATE queue_waiting SET waiting = waiting + 1 WHERE day_id = NEW.day_id;
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS queue_waiting_update
    AFTER UPDATE OF queue_status, day_id ON main.registrations
    WHEN OLD.queue_status = 'waiting' OR NEW.queue_status = 'waiting'
    BEGIN
      UPDATE queue_waiting SET waiting = waiting - 1
        WHERE day_id = OLD.day_id AND OLD.queue_status = 'waiting';
      UPDATE queue_waiting SET waiting = waiting + 1
        WHERE day_id = NEW.day_id AND NEW.queue_status = 'waiting';
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS queue_waiting_delete AFTER DELETE ON main.registrations
    WHEN OLD.queue_status = 'waiting'
    BEGIN
      UPDATE queue_waiting SET waiting = waiting - 1 WHERE day_id = OLD.day_id;
    END;
  `);
  const kept = sqlite.prepare<[string], { waiting: number }>(
    'SELECT waiting FROM temp.queue_waiting WHERE day_id = ?',
  );
  const countOnce = sqlite.prepare<[string, string], { waiting: number }>(
    `INSERT INTO temp.queue_waiting (day_id, waiting)
     SELECT ?, count(*) FROM main.registrations WHERE day_id = ? AND queue_status = 'waiting'
     RETURNING waiting`,
  );
  return (dayId) => (kept.get(dayId) ?? countOnce.get(dayId, dayId))?.waiting ?? 0;
}
