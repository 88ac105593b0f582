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
}

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

export type Handlers = { [C in ChannelName]: Handler<C> };
