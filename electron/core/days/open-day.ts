import type { AppDatabase } from '../../../db/open';
import type { TrustedNow } from '../clock';
import type { Settings } from '../ppv/settings';
import { refuse } from '../shared/errors';
import { malaysiaDate } from '../shared/time';

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
  opened_clock: 'measured' | 'confirmed' | null;
  clock_confirmed_by: string | null;
  clock_confirmed_time: number | null;
  /** The staff ID of `clock_confirmed_by`. */
  clock_confirmed_staff_id: string | null;
}

const selectDay = `SELECT d.*, u.staff_id AS clock_confirmed_staff_id
  FROM days d LEFT JOIN users u ON u.id = d.clock_confirmed_by`;

/** The day currently open, the one every registration, vial and dose belongs to. */
export function createOpenDayLookup(db: AppDatabase) {
  const selectOpen = db.sqlite.prepare<[], DayRow>(`${selectDay} WHERE d.state = 'open'`);
  const selectById = db.sqlite.prepare<[string], DayRow>(`${selectDay} WHERE d.id = ?`);
  return {
    find: (): DayRow | null => selectOpen.get() ?? null,
    require: (): DayRow => selectOpen.get() ?? refuse('NO_OPEN_DAY'),

    byId: (dayId: string): DayRow => selectById.get(dayId) ?? refuse('DAY_NOT_FOUND'),
  };
}

export type OpenDayLookup = ReturnType<typeof createOpenDayLookup>;

/** A day left open past midnight takes nobody and nothing new: it can only be closed. */
export function assertDayIsToday(day: Pick<DayRow, 'session_date'>, today: string): void {
  if (day.session_date !== today) refuse('DAY_NOT_TODAY', { sessionDate: day.session_date });
}

/**
 * What every write that creates or changes a dose checks first (SPEC.md, hard rule 2): the PPV is not
 * past its closure date, and the open day is today's on the trusted clock. Returns today's date.
 */
export function assertDayTakesRecords(
  settings: Pick<Settings, 'closureDate'>,
  day: Pick<DayRow, 'session_date'>,
  now: TrustedNow,
): string {
  const today = malaysiaDate(now.at);
  const closureDate = settings.closureDate();
  if (closureDate !== null && today > closureDate) refuse('PPV_CLOSED', { closureDate });
  assertDayIsToday(day, today);
  return today;
}

/** How the clock was trusted when the day opened, for the day, its close-out and its batch. */
export function openedClockView(
  day: Pick<DayRow, 'opened_clock' | 'clock_confirmed_staff_id' | 'clock_confirmed_time'>,
) {
  return {
    basis: day.opened_clock,
    confirmedBy: day.clock_confirmed_staff_id,
    confirmedTime: day.clock_confirmed_time,
  };
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
    openedClock: openedClockView(day),
  };
}
