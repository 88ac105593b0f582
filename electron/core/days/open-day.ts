import type { AppDatabase } from '../../../db/open';
import { refuse } from '../shared/errors';

export interface DayRow {
  id: string;
  session_date: string;
  channel: 'walk-in' | 'outreach';
  outreach_place: string | null;
  outreach_district: string | null;
  outreach_state: string | null;
  state: 'open' | 'sealed';
  opened_at: number;
  opened_device_at: number;
  opened_by: string;
  closed_at: number | null;
  closed_device_at: number | null;
  closed_by: string | null;
}

/** The day currently open, the one every registration, vial and dose belongs to. */
export function createOpenDayLookup(db: AppDatabase) {
  const selectOpen = db.sqlite.prepare<[], DayRow>("SELECT * FROM days WHERE state = 'open'");
  const selectById = db.sqlite.prepare<[string], DayRow>('SELECT * FROM days WHERE id = ?');
  return {
    find: (): DayRow | null => selectOpen.get() ?? null,
    require: (): DayRow => selectOpen.get() ?? refuse('NO_OPEN_DAY'),

    byId: (dayId: string): DayRow => selectById.get(dayId) ?? refuse('DAY_NOT_FOUND'),
  };
}

export type OpenDayLookup = ReturnType<typeof createOpenDayLookup>;

/** A day left open past midnight takes nobody and nothing new: it can only be closed. */
export function assertDayIsToday(day: DayRow, today: string): void {
  if (day.session_date !== today) refuse('DAY_NOT_TODAY', { sessionDate: day.session_date });
}

export function dayView(day: DayRow) {
  return {
    dayId: day.id,
    sessionDate: day.session_date,
    channel: day.channel,
    outreachLocation:
      day.channel === 'outreach' &&
      day.outreach_place &&
      day.outreach_district &&
      day.outreach_state
        ? { place: day.outreach_place, district: day.outreach_district, state: day.outreach_state }
        : null,
    state: day.state,
    openedAt: day.opened_at,
    closedAt: day.closed_at,
  };
}
