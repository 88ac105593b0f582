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
  recipientReadsPerHour: number;
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
  recipient_reads_per_hour: number;
}

/** The PPV's one settings row, read fresh on each call so a change applies at once. */
export function createSettings(db: AppDatabase) {
  const select = db.sqlite.prepare<[], SettingsRow>('SELECT * FROM ppv_settings WHERE id = 1');

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
      recipientReadsPerHour: row.recipient_reads_per_hour,
    };
  }

  return {
    find,
    get: (): PpvSettings => find() ?? refuse('PPV_NOT_SET_UP'),
  };
}

export type Settings = ReturnType<typeof createSettings>;
