import type {
  ChannelName,
  ChannelOutput,
  ChannelParsedInput,
  EventName,
  EventPayload,
  Role,
} from '../../contract';
import type { TrustedNow } from '../clock';

/** What a transport knows about a call: which connection (window or socket) and which station. */
export interface CallContext {
  connectionId: string;
  stationId: string;
  /** A call triggered by a scanner burst does not count as activity for the idle lock. */
  viaScanner?: boolean;
  /** The paired desk the call comes from; absent for the hub's own screens. */
  desk?: { id: string; name: string };
  /** The desk's id for this call: a write records its outcome under it (see core/desks/outcomes). */
  requestId?: string;
  /**
   * The transport's way to close this connection, called when it has been refused too often. A
   * transport must give it; without it the dispatcher can only refuse every further call.
   */
  closeConnection?: () => void;
  /**
   * Whether the transport still serves this connection (a desk's: the desk is not revoked). Checked
   * again after a staged call's wait: a call whose desk was revoked meanwhile writes nothing.
   */
  stillOpen?: () => boolean;
  /**
   * The station whose sign-in throttle and denial counts this call joins; `stationId` without it.
   * The station server audits each socket as a station of its own but counts a desk's sockets, or
   * the sockets from one address (from any loopback address), together, so opening more sockets buys
   * no more guesses.
   */
  countedAs?: string;
}

/** Where a call's failed secret checks and refusals are counted (see `CallContext.countedAs`). */
export const countingStation = (call: CallContext): string => call.countedAs ?? call.stationId;

export interface Actor {
  userId: string;
  staffId: string;
  fullName: string;
  roles: Role[];
  mustChangeSecret: boolean;
}

export interface AuditDescription {
  entityType: string | null;
  entityId: string | null;
  detail?: Record<string, unknown>;
}

export interface HandlerContext {
  /** The signed-in user; reading it on a public channel without a session refuses the call. */
  readonly actor: Actor;
  readonly actorOrNull: Actor | null;
  readonly call: CallContext;
  /** One reading of the trusted clock for the whole call. */
  readonly now: TrustedNow;
  /** Names what the call's audit entry is about. Writes are audited whether or not this is called. */
  describe(description: AuditDescription): void;
  /**
   * Queues an event, pushed once the call's transaction has committed: to every signed-in screen, or
   * only to the connection `target` names.
   */
  emit<E extends EventName>(event: E, payload: EventPayload<E>, target?: string): void;
}

export type Handler<C extends ChannelName> = (
  input: ChannelParsedInput<C>,
  context: HandlerContext,
) => ChannelOutput<C>;

/** What a staged handler knows before its transaction: who calls, from where, and when. */
export interface PrepareContext {
  /**
   * False under `dispatchSync` (tests, the benchmark): a preparation that only improves the call
   * (a fresh MyVAS time) is skipped; one the call cannot do without (a secret's hash) refuses.
   */
  readonly mayWait: boolean;
  readonly actor: Actor;
  readonly actorOrNull: Actor | null;
  readonly call: CallContext;
  readonly now: TrustedNow;
}

/** The rest of a staged call, run inside the transaction like a plain handler. */
export type Completion<C extends ChannelName> = (context: HandlerContext) => ChannelOutput<C>;

/**
 * A handler in two stages, for calls that hash or check a secret: `prepare` runs after every check
 * of the dispatcher and outside any transaction, and may wait (scrypt runs off the event loop); it
 * returns the completion, which runs in the transaction. It returns the completion at once when
 * there is nothing to wait for (a registration without an approval).
 */
export interface StagedHandler<C extends ChannelName> {
  prepare(
    input: ChannelParsedInput<C>,
    context: PrepareContext,
  ): Completion<C> | Promise<Completion<C>>;
}

export type Handlers = { [C in ChannelName]: Handler<C> | StagedHandler<C> };
