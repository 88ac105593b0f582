/**
 * What became of each write a desk sent with a request id. The dispatcher records `saved` inside the
 * write's own transaction, so the row exists exactly when the write does. A desk that lost its link
 * with writes in flight asks afterwards; an id the hub never saw is settled there and then as not
 * saved, so the same request arriving late (or again) is refused instead of writing after the desk
 * was told "not saved".
 */
import type { AppDatabase } from '../../../db/open';
import { refuse } from '../shared/errors';

/** Outcomes older than this are forgotten: a desk asks within minutes of losing its link. */
export const OUTCOMES_KEPT_MS = 2 * 24 * 60 * 60_000;
/**
 * Ids the hub never saw that one station may settle in an hour: each is a row. A desk has a write or
 * two in flight when its link drops; one asking about made-up ids over and over would fill the disk.
 */
export const UNKNOWN_SETTLED_PER_HOUR = 500;
const HOUR_MS = 60 * 60_000;

export function createRequestOutcomes(db: AppDatabase) {
  const sql = db.sqlite;
  const insert = sql.prepare(
    `INSERT INTO request_outcomes (request_id, station, channel, saved, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (request_id) DO NOTHING`,
  );
  const select = sql.prepare<[string], { station: string; saved: number }>(
    'SELECT station, saved FROM request_outcomes WHERE request_id = ?',
  );
  const forgetBefore = sql.prepare('DELETE FROM request_outcomes WHERE at < ?');
  /** When each station settled ids the hub never saw, within the last hour. */
  const unknownSettledAt = new Map<string, number[]>();
  const settleAll = sql.transaction((station: string, requestIds: string[], at: number) => {
    const unknown = requestIds.filter((requestId) => select.get(requestId) === undefined);
    const recent = (unknownSettledAt.get(station) ?? []).filter((time) => time > at - HOUR_MS);
    if (recent.length + unknown.length > UNKNOWN_SETTLED_PER_HOUR) {
      refuse('REQUESTS_SETTLED_TOO_OFTEN');
    }
    unknownSettledAt.set(station, [...recent, ...unknown.map(() => at)]);
    forgetBefore.run(at - OUTCOMES_KEPT_MS);
    return requestIds.map((requestId) => {
      insert.run(requestId, station, null, 0, at);
      const row = select.get(requestId);
      return { requestId, saved: row?.station === station && row.saved === 1 };
    });
  });

  return {
    /** Inside the write's transaction: a request id already settled refuses the write. */
    recordSaved(requestId: string, station: string, channel: string, at: number): void {
      if (insert.run(requestId, station, channel, 1, at).changes !== 1) {
        refuse('REQUEST_ALREADY_SETTLED');
      }
    },

    /**
     * For each id of `station`: whether its write is at the hub. Unknown ids become final "no"; past
     * the station's hourly budget of those, REQUESTS_SETTLED_TOO_OFTEN and nothing is settled.
     */
    settle(
      station: string,
      requestIds: string[],
      at: number,
    ): Array<{ requestId: string; saved: boolean }> {
      return settleAll.immediate(station, requestIds, at);
    },
  };
}

export type RequestOutcomes = ReturnType<typeof createRequestOutcomes>;
