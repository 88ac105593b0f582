import type { AppDatabase } from '../../../db/open';
import { nameKeys, NAME_KEY_VERSION } from '../identity';

const BATCH = 1000;

/**
 * Keys again every recipient whose names were keyed by an older NAME_KEY_VERSION (rows from before
 * migration 0006, or from an older normaliser), a batch per transaction. Runs at start, before the
 * console serves a call; returns how many recipients it keyed again.
 */
export function rekeyRecipientNames(db: AppDatabase): number {
  const sqlite = db.sqlite;
  const stale = sqlite.prepare<
    [number, number],
    { id: string; full_name: string; birth_date: string }
  >(
    `SELECT id, full_name, birth_date FROM recipients
     WHERE name_key_version < ? AND purged_at IS NULL LIMIT ?`,
  );
  const setKey = sqlite.prepare<[string | null, number, string]>(
    'UPDATE recipients SET name_key = coalesce(?, name_key), name_key_version = ? WHERE id = ?',
  );
  const dropNames = sqlite.prepare<[string]>('DELETE FROM recipient_names WHERE recipient_id = ?');
  const insertName = sqlite.prepare<[string, string, string]>(
    'INSERT INTO recipient_names (recipient_id, name_key, birth_date) VALUES (?, ?, ?)',
  );

  let keyed = 0;
  const batch = sqlite.transaction((): number => {
    const rows = stale.all(NAME_KEY_VERSION, BATCH);
    for (const row of rows) {
      const keys = nameKeys(row.full_name);
      // A name with no letter keeps what it had: its row needs a key, and it finds no duplicate.
      setKey.run(keys.length > 0 ? keys.join(' @ ') : null, NAME_KEY_VERSION, row.id);
      dropNames.run(row.id);
      for (const key of keys) insertName.run(row.id, key, row.birth_date);
    }
    return rows.length;
  });
  for (let done = batch(); done > 0; done = batch()) keyed += done;
  return keyed;
}
