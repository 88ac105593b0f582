import type { AppDatabase } from '../../db/open';
import type { DispatchResult, EventName } from '../contract';
import { createAuditLog } from './audit';
import { auditHandlers } from './audit/handlers';
import { authHandlers } from './auth/handlers';
import { productionHashCost, type HashCost } from './auth/secrets';
import { createSessions } from './auth/sessions';
import { createUsers } from './auth/users';
import { defaultCatalogue } from './catalogue';
import { createCatalogueStore } from './catalogue/store';
import { createTrustedClock } from './clock';
import { dayHandlers } from './days/handlers';
import { createOpenDayLookup } from './days/open-day';
import type { CoreDeps } from './deps';
import { createDispatcher } from './dispatch/dispatcher';
import type { CallContext } from './dispatch/types';
import { doseHandlers } from './doses/handlers';
import { ppvHandlers } from './ppv/handlers';
import { createSettings } from './ppv/settings';
import { registrationHandlers } from './registration/handlers';
import type { Clock } from './shared/clock';
import { uuidV7, type IdSource } from './shared/ids';
import { consoleLogger, type Logger } from './shared/log';

export interface ConsoleOptions {
  db: AppDatabase;
  clock: Clock;
  stationId: string;
  hashCost?: HashCost;
  newId?: IdSource;
  log?: Logger;
}

type EventListener = (event: EventName, payload: unknown) => void;

/** Builds every service over one database and clock, and the dispatcher that serves them. */
export function createConsole(options: ConsoleOptions) {
  const { db } = options;
  const log = options.log ?? consoleLogger;
  const newId = options.newId ?? uuidV7;
  const clock = createTrustedClock(db, options.clock);
  const settings = createSettings(db);
  const users = createUsers(db, options.hashCost ?? productionHashCost, newId);
  const audit = createAuditLog(db);
  const days = createOpenDayLookup(db);
  const catalogue = createCatalogueStore(db);
  const sessions = createSessions(options.clock, () => settings.find()?.idleLockMinutes ?? 5);

  if (catalogue.isEmpty()) {
    db.sqlite.transaction(() => {
      catalogue.seed(defaultCatalogue);
      const now = clock.now();
      audit.append({
        at: now.at,
        deviceAt: now.deviceAt,
        userId: null,
        station: options.stationId,
        action: 'catalogue.seeded',
        entityType: 'catalogue',
        entityId: null,
        detail: { products: defaultCatalogue.products.map((product) => product.code) },
      });
    })();
  }

  const deps: CoreDeps = { db, clock, settings, days, catalogue, users, audit, newId };
  const listeners = new Set<EventListener>();
  const publish: EventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };

  const dispatcher = createDispatcher({
    sqlite: db.sqlite,
    audit,
    users,
    sessions,
    clock,
    log,
    publish,
    handlers: {
      ...authHandlers(users, sessions),
      ...ppvHandlers({ db, settings, users, days, clock, catalogue }),
      ...auditHandlers(db, audit, users),
      ...registrationHandlers(deps),
      ...doseHandlers(deps),
      ...dayHandlers(deps),
    },
  });

  return {
    dispatchSync: dispatcher.dispatch,
    dispatch: (
      channel: string,
      input: unknown,
      context: CallContext,
    ): Promise<DispatchResult<unknown>> =>
      Promise.resolve(dispatcher.dispatch(channel, input, context)),
    onEvent(listener: EventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    endConnection: (connectionId: string) => sessions.end(connectionId),
    clock,
    audit,
    close: (): Promise<void> => db.close(),
  };
}

export type ConsoleApp = ReturnType<typeof createConsole>;
