import type { z } from 'zod';
import { channels } from './channels';
import type { DispatchResult } from './define';
import { events } from './events';
import type { SystemAuditAction } from './vocabulary';

export { channels } from './channels';
export { events } from './events';
export { roles, type Access, type ChannelSpec, type DispatchResult, type Role } from './define';
export {
  errorMessages,
  localise,
  type ErrorBody,
  type ErrorCode,
  type LocalisedText,
} from './errors';

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;
/** Every action the audit log records: a write channel's own entry, or one the console writes itself. */
export type AuditAction = ChannelName | SystemAuditAction;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const channelNames = Object.keys(channels) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];

/** The renderer's `window.ppv`, the same from the Electron preload and from the station server. */
export interface PpvApi {
  invoke<C extends ChannelName>(
    channel: C,
    input: ChannelInput<C>,
  ): Promise<DispatchResult<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
