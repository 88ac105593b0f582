// What this PC is — not yet chosen, the PPV's hub, or one of its desks — and so what the window
// talks to: the console over the database here, the hub through the desk's client, or, on the first
// run, only the choice itself (station.identity, station.becomeHub, station.pairWithHub). The
// choice is kept in the OS key store, a desk's identity (its token and the hub's authority) with
// it. No Electron here: main/index.ts gives it the key store and the hub's and desk's runtimes.
import { z } from 'zod';
import {
  channels,
  localise,
  type ChannelParsedInput,
  type DispatchResult,
  type EventName,
} from '../contract';
import type { ErrorCode, Params } from '../contract/errors';
import { describeIssues } from '../core/dispatch/dispatcher';
import type { CallContext } from '../core/dispatch/types';
import { DomainError } from '../core/shared/errors';
import type { Logger } from '../core/shared/log';
import type { DeskIdentity } from '../station/desk-client';
import type { SecretStore } from '../station/pki';

export type StationRole =
  { kind: 'unset' } | { kind: 'hub' } | { kind: 'desk'; identity: DeskIdentity };

type Listener = (event: EventName, payload: unknown) => void;

/** What the window's transport (the IPC) calls, whichever the station is. */
export interface StationRuntime {
  dispatch(channel: string, input: unknown, context: CallContext): Promise<DispatchResult<unknown>>;
  onEventFor(connectionId: string, listener: Listener): () => void;
  endConnection(connectionId: string): void;
  /** Whether a day is open as far as this station knows: an update waits for a quit without one. */
  dayOpen(): boolean;
  close(): Promise<void>;
}

/** The secret's name in the OS key store. */
export const roleSecret = 'station-role';

const storedRole = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hub') }),
  z.object({
    kind: z.literal('desk'),
    identity: z.object({
      hubAddress: z.string().min(1),
      caPem: z.string().min(1),
      deskId: z.string().min(1),
      deskName: z.string().min(1),
      token: z.string().min(1),
    }),
  }),
]);

/**
 * The role kept in the key store. Without one, a PC that already holds a database is a hub set up
 * before the choice existed; any other has not chosen yet. A stored role that cannot be read is
 * refused rather than taken for a first run, which would offer to make a second hub.
 */
export async function readStationRole(
  store: SecretStore,
  databaseExists: boolean,
): Promise<StationRole> {
  const stored = await store.read(roleSecret);
  if (stored === null) return databaseExists ? { kind: 'hub' } : { kind: 'unset' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored.toString('utf8'));
  } catch {
    parsed = null;
  }
  const role = storedRole.safeParse(parsed);
  if (!role.success) throw new Error(`the key store's ${roleSecret} is not a station role`);
  return role.data;
}

export async function saveStationRole(
  store: SecretStore,
  role: Exclude<StationRole, { kind: 'unset' }>,
): Promise<void> {
  await store.write(roleSecret, Buffer.from(JSON.stringify(role), 'utf8'));
}

export interface StationDeps {
  /** The OS key store. */
  store: SecretStore;
  /** Whether this PC already holds the PPV's database (a hub from before the first-run choice). */
  databaseExists: boolean;
  openHub(): Promise<StationRuntime>;
  /** `keep` stores the desk's identity with each new token the hub gives it, before it is used. */
  openDesk(
    identity: DeskIdentity,
    keep: (identity: DeskIdentity) => Promise<void>,
  ): Promise<StationRuntime>;
  /** Pairs with a hub: its authority checked against the fingerprint, the code traded. */
  pair(input: ChannelParsedInput<'station.pairWithHub'>): Promise<DeskIdentity>;
  log: Logger;
}

export interface Station extends StationRuntime {
  role(): StationRole['kind'];
}

/** Starts as the role kept; on a first run, serves the choice and becomes what is chosen. */
export async function startStation(deps: StationDeps): Promise<Station> {
  const role = await readStationRole(deps.store, deps.databaseExists);
  let kind = role.kind;
  const keepIdentity = (identity: DeskIdentity) =>
    saveStationRole(deps.store, { kind: 'desk', identity });
  const front = switchable(
    role.kind === 'hub'
      ? await deps.openHub()
      : role.kind === 'desk'
        ? await deps.openDesk(role.identity, keepIdentity)
        : firstRun(),
  );

  function firstRun(): StationRuntime {
    /** One choice at a time, and only one: a second call while choosing is refused. */
    let choosing = false;
    const choose = async (
      work: () => Promise<{ runtime: StationRuntime; kind: 'hub' | 'desk'; value: unknown }>,
    ): Promise<DispatchResult<unknown>> => {
      if (choosing) return failure('STATION_ALREADY_SET_UP');
      choosing = true;
      try {
        const chosen = await work();
        kind = chosen.kind;
        front.switchTo(chosen.runtime);
        deps.log.info('station.roleChosen', { role: chosen.kind });
        return { ok: true, value: chosen.value };
      } catch (error) {
        choosing = false;
        if (error instanceof DomainError) return { ok: false, error: error.toBody() };
        deps.log.error('station.roleFailed', { message: String(error) });
        return failure('INTERNAL');
      }
    };

    return {
      async dispatch(channel, input) {
        switch (channel) {
          case 'station.identity':
            return { ok: true, value: { role: 'unset', deskName: null } };
          case 'station.becomeHub': {
            const parsed = channels['station.becomeHub'].input.safeParse(input);
            if (!parsed.success) return invalid(parsed.error);
            return choose(async () => {
              const runtime = await deps.openHub();
              await saveStationRole(deps.store, { kind: 'hub' });
              return { runtime, kind: 'hub', value: { done: true } };
            });
          }
          case 'station.pairWithHub': {
            const parsed = channels['station.pairWithHub'].input.safeParse(input);
            if (!parsed.success) return invalid(parsed.error);
            return choose(async () => {
              const identity = await deps.pair(parsed.data);
              await saveStationRole(deps.store, { kind: 'desk', identity });
              const runtime = await deps.openDesk(identity, keepIdentity);
              return { runtime, kind: 'desk', value: { deskName: identity.deskName } };
            });
          }
          default:
            return failure('STATION_NOT_SET_UP');
        }
      },
      onEventFor: () => () => undefined,
      endConnection: () => undefined,
      dayOpen: () => false,
      close: async () => undefined,
    };
  }

  return { ...front.runtime, role: () => kind };
}

/**
 * A runtime that can be swapped for another: the window's subscriptions move to the new one, so
 * the first run's window goes on as the hub's or the desk's without reloading.
 */
function switchable(initial: StationRuntime) {
  let current = initial;
  const subscriptions = new Set<{ connectionId: string; listener: Listener; stop(): void }>();
  const runtime: StationRuntime = {
    dispatch: (channel, input, context) => current.dispatch(channel, input, context),
    onEventFor(connectionId, listener) {
      const subscription = {
        connectionId,
        listener,
        stop: current.onEventFor(connectionId, listener),
      };
      subscriptions.add(subscription);
      return () => {
        subscription.stop();
        subscriptions.delete(subscription);
      };
    },
    endConnection: (connectionId) => current.endConnection(connectionId),
    dayOpen: () => current.dayOpen(),
    close: () => current.close(),
  };
  return {
    runtime,
    switchTo(next: StationRuntime): void {
      for (const subscription of subscriptions) {
        subscription.stop();
        subscription.stop = next.onEventFor(subscription.connectionId, subscription.listener);
      }
      current = next;
    },
  };
}

function failure(code: ErrorCode, params?: Params): DispatchResult<never> {
  return { ok: false, error: { code, message: localise(code, params) } };
}

function invalid(error: z.ZodError): DispatchResult<never> {
  return failure('INVALID_INPUT', { issues: describeIssues(error) });
}
