import type { AppDatabase } from '../../../db/open';

/** This station's backup folder, kept in the database it backs up. */
export function createBackupSettings(db: AppDatabase, stationId: string) {
  const select = db.sqlite.prepare<[string], { folder: string }>(
    'SELECT folder FROM backup_settings WHERE station_id = ?',
  );
  const upsert = db.sqlite.prepare(
    `INSERT INTO backup_settings (station_id, folder, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (station_id) DO UPDATE SET folder = excluded.folder,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  return {
    folder: (): string | null => select.get(stationId)?.folder ?? null,
    save(folder: string, userId: string, at: number): void {
      upsert.run(stationId, folder, at, userId);
    },
  };
}

export type BackupSettings = ReturnType<typeof createBackupSettings>;
