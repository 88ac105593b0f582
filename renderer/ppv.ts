import type { ChannelInput, ChannelName, ChannelOutput } from '../electron/contract';

/**
 * A refusal from the console: its stable code, its message in both languages, and the details some
 * refusals carry (which recipient already exists, the possible duplicates…).
 */
export class PpvError extends Error {
  constructor(
    readonly code: string,
    readonly text: { ms: string; en: string },
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${text.en}`);
  }
}

/** Told when a call finds the session locked (idle lock), so the console can ask for the secret. */
export const sessionLocked = new EventTarget();

/** Calls a channel; resolves with its value or rejects with a PpvError. */
export async function call<C extends ChannelName>(
  channel: C,
  input: ChannelInput<C>,
): Promise<ChannelOutput<C>> {
  const result = await window.ppv.invoke(channel, input);
  if (result.ok) return result.value;
  if (result.error.code === 'SESSION_LOCKED') sessionLocked.dispatchEvent(new Event('locked'));
  throw new PpvError(result.error.code, result.error.message, result.error.details ?? {});
}
