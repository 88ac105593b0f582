import type { AppDatabase } from '../../../db/open';
import { refuse } from '../shared/errors';

export interface PpvSettings {
  ppvCode: string;
  name: string;
  state: string;
  district: string;
  myvasEndpoint: string | null;
  myvasToken: string | null;
  closureDate: string | null;
  idleLockMinutes: number;
  exportRowLimit: number;
  retentionDays: number;
  /** When the PPV's first manager account was made: from then on every manager grant is approved. */
  firstManagerAt: number | null;
  myvasChange: MyvasChange | null;
  recipientReadsPerHour: number;
}

/** The last change of the MyVAS address or token, and the two people who made it. */
export interface MyvasChange {
  at: number;
  byUserId: string;
  approvedByUserId: string;
  what: 'endpoint' | 'token' | 'both';
}

interface SettingsRow {
  ppv_code: string;
  name: string;
  state: string;
  district: string;
  myvas_endpoint: string | null;
  myvas_token: string | null;
  closure_date: string | null;
  idle_lock_minutes: number;
  export_row_limit: number;
  retention_days: number;
  first_manager_at: number | null;
  myvas_changed_at: number | null;
  myvas_changed_by: string | null;
  myvas_approved_by: string | null;
  myvas_change: MyvasChange['what'] | null;
  recipient_reads_per_hour: number;
}

/** The PPV's one settings row, read fresh on each call so a change applies at once. */
export function createSettings(db: AppDatabase) {
  const select = db.sqlite.prepare<[], SettingsRow>('SELECT * FROM ppv_settings WHERE id = 1');
  // What every call (the idle lock) and every dose write (the closure date) read: one column each.
  const selectIdleLock = db.sqlite.prepare<[], Pick<SettingsRow, 'idle_lock_minutes'>>(
    'SELECT idle_lock_minutes FROM ppv_settings WHERE id = 1',
  );
  const selectClosureDate = db.sqlite.prepare<[], Pick<SettingsRow, 'closure_date'>>(
    'SELECT closure_date FROM ppv_settings WHERE id = 1',
  );

  function find(): PpvSettings | null {
    const row = select.get();
    if (!row) return null;
    return {
      ppvCode: row.ppv_code,
      name: row.name,
      state: row.state,
      district: row.district,
      myvasEndpoint: row.myvas_endpoint,
      myvasToken: row.myvas_token,
      closureDate: row.closure_date,
      idleLockMinutes: row.idle_lock_minutes,
      exportRowLimit: row.export_row_limit,
      retentionDays: row.retention_days,
      firstManagerAt: row.first_manager_at,
      myvasChange:
        row.myvas_changed_at !== null &&
        row.myvas_changed_by !== null &&
        row.myvas_approved_by !== null &&
        row.myvas_change !== null
          ? {
              at: row.myvas_changed_at,
              byUserId: row.myvas_changed_by,
              approvedByUserId: row.myvas_approved_by,
              what: row.myvas_change,
            }
          : null,
      recipientReadsPerHour: row.recipient_reads_per_hour,
    };
  }

  return {
    find,
    get: (): PpvSettings => find() ?? refuse('PPV_NOT_SET_UP'),
    /** `find()?.idleLockMinutes`, read alone. */
    idleLockMinutes: (): number | null => selectIdleLock.get()?.idle_lock_minutes ?? null,
    /** `find()?.closureDate`, read alone. */
    closureDate: (): string | null => selectClosureDate.get()?.closure_date ?? null,
    markFirstManager(at: number): void {
      db.sqlite
        .prepare(
          'UPDATE ppv_settings SET first_manager_at = ? WHERE id = 1 AND first_manager_at IS NULL',
        )
        .run(at);
    },
    recordMyvasChange(change: MyvasChange): void {
      db.sqlite
        .prepare(
          'UPDATE ppv_settings SET myvas_changed_at = ?, myvas_changed_by = ?, myvas_approved_by = ?, myvas_change = ? WHERE id = 1',
        )
        .run(change.at, change.byUserId, change.approvedByUserId, change.what);
    },
  };
}

export type Settings = ReturnType<typeof createSettings>;
