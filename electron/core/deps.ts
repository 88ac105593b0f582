import type { AppDatabase } from '../../db/open';
import type { AuditLog } from './audit';
import type { SecretChecks } from './auth/checks';
import type { Users } from './auth/users';
import type { CatalogueStore } from './catalogue/store';
import type { TrustedClock } from './clock';
import type { OpenDayLookup } from './days/open-day';
import type { Settings } from './ppv/settings';
import type { BatchViews } from './upload/views';
import type { IdSource } from './shared/ids';

/** What every area's handlers are built from. Plain values: a test builds them in a line. */
export interface CoreDeps {
  db: AppDatabase;
  clock: TrustedClock;
  settings: Settings;
  days: OpenDayLookup;
  catalogue: CatalogueStore;
  users: Users;
  audit: AuditLog;
  newId: IdSource;
  batchViews: BatchViews;
  /** Second persons' PINs, checked off the event loop before a transaction (approvals). */
  checks: SecretChecks;
}
