import type { ChannelInput, ChannelName, ChannelOutput } from '../../../electron/contract';
import { PpvError, sessionLocked } from '../../ppv';

/** A refusal that keeps the details the console sent with it (which recipient already exists…). */
export class RefusalWithDetails extends PpvError {
  constructor(
    code: string,
    text: { ms: string; en: string },
    readonly details: Record<string, unknown>,
  ) {
    super(code, text);
  }
}

/** Like `call()`, but a refusal keeps its `details`. */
export async function callWithDetails<C extends ChannelName>(
  channel: C,
  input: ChannelInput<C>,
): Promise<ChannelOutput<C>> {
  const result = await window.ppv.invoke(channel, input);
  if (result.ok) return result.value;
  if (result.error.code === 'SESSION_LOCKED') sessionLocked.dispatchEvent(new Event('locked'));
  throw new RefusalWithDetails(result.error.code, result.error.message, result.error.details ?? {});
}
