import type { Database as SqliteDatabase } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** drizzle-kit's `meta/_journal.json`: the migrations in order. */
export interface Journal {
  entries: Array<{ idx: number; tag: string }>;
}

export interface Migration {
  index: number;
  tag: string;
  statements: string[];
  hash: string;
}

/** Reads drizzle-kit's journal and SQL files: one migration per file, in journal order. */
export function readMigrations(folder: string): Migration[] {
  const journal = JSON.parse(
    readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8'),
  ) as Journal;
  return migrationsFrom(journal, (tag) => readFileSync(path.join(folder, `${tag}.sql`), 'utf8'));
}

/**
 * The migrations of a journal, each from the SQL text `sqlOf` gives for its tag: read from files,
 * or bundled into the app (electron/main/migrations.ts), where the asar's integrity check covers them.
 */
export function migrationsFrom(
  journal: Journal,
  sqlOf: (tag: string) => string | undefined,
): Migration[] {
  return journal.entries.map((entry) => {
    const sqlText = sqlOf(entry.tag);
    if (sqlText === undefined) throw new Error(`Migration ${entry.tag} has no SQL file.`);
    return {
      index: entry.idx,
      tag: entry.tag,
      statements: sqlText
        .split('--> statement-breakpoint')
        .map((statement) => statement.trim())
        .filter((statement) => statement.length > 0),
      hash: createHash('sha256').update(sqlText).digest('hex'),
    };
  });
}

/**
 * Applies every migration not yet applied (up to `upTo`, inclusive), each in its own transaction.
 * A migration already applied whose file has since changed stops the start: history is not rewritten.
 */
export function migrate(
  sqlite: SqliteDatabase,
  source: string | Migration[],
  upTo = Number.MAX_SAFE_INTEGER,
): void {
  const migrations = typeof source === 'string' ? readMigrations(source) : source;
  sqlite.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    idx INTEGER PRIMARY KEY, tag TEXT NOT NULL, hash TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Map(
    (
      sqlite.prepare('SELECT idx, hash FROM schema_migrations').all() as Array<{
        idx: number;
        hash: string;
      }>
    ).map((row) => [row.idx, row.hash]),
  );
  const record = sqlite.prepare(
    'INSERT INTO schema_migrations (idx, tag, hash, applied_at) VALUES (?, ?, ?, ?)',
  );
  for (const migration of migrations) {
    if (migration.index > upTo) break;
    const appliedHash = applied.get(migration.index);
    if (appliedHash !== undefined) {
      if (appliedHash !== migration.hash) {
        throw new Error(`Migration ${migration.tag} was changed after it was applied.`);
      }
      continue;
    }
    // A table rebuild (drizzle-kit's way to change a SQLite table) needs foreign keys off, which
    // SQLite ignores inside a transaction: switch them off around it and check them before commit.
    const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) === 1;
    sqlite.pragma('foreign_keys = OFF');
    try {
      sqlite.transaction(() => {
        for (const statement of migration.statements) sqlite.exec(statement);
        const broken = sqlite.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) {
          throw new Error(`Migration ${migration.tag} leaves ${broken.length} broken references.`);
        }
        record.run(migration.index, migration.tag, migration.hash, Date.now());
      })();
    } finally {
      if (foreignKeys) sqlite.pragma('foreign_keys = ON');
    }
  }
}

export function appliedMigrations(sqlite: SqliteDatabase): number[] {
  return (
    sqlite.prepare('SELECT idx FROM schema_migrations ORDER BY idx').all() as Array<{ idx: number }>
  ).map((row) => row.idx);
}
