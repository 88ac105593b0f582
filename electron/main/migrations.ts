/// <reference types="vite/client" />
// The SQL migrations, bundled into the main process's build by electron-vite: they live inside the
// asar, where its integrity check covers them, never beside it as files anyone could edit.
import { migrationsFrom, type Journal } from '../../db/migrate';
import journal from '../../db/migrations/meta/_journal.json';

const sqlFiles = import.meta.glob<string>('../../db/migrations/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export const bundledMigrations = migrationsFrom(
  journal as Journal,
  (tag) => sqlFiles[`../../db/migrations/${tag}.sql`],
);
