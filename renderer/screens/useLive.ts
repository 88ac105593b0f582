import { useEffect, useState } from 'react';
import type { ChannelName, ChannelOutput, EventName, EventPayload } from '../../electron/contract';

/**
 * A value read once from a channel and kept current by its event: what the status bar and the
 * device list show.
 */
export function useLive<C extends ChannelName, E extends EventName>(
  channel: C,
  event: E,
  fromEvent: (payload: EventPayload<E>) => ChannelOutput<C>,
): ChannelOutput<C> | undefined {
  const [value, setValue] = useState<ChannelOutput<C>>();
  useEffect(() => {
    let live = true;
    void window.ppv.invoke(channel, {} as never).then((result) => {
      if (live && result.ok) setValue(result.value);
    });
    const stop = window.ppv.on(event, (payload) => setValue(fromEvent(payload)));
    return () => {
      live = false;
      stop();
    };
    // fromEvent is a mapping, not state: subscribing once per channel and event is enough.
  }, [channel, event]);
  return value;
}
