import type { Handlers } from '../dispatch/types';
import { assertClockTrusted, assertConfirmedTime, type TrustedClock } from '.';

type Channels = 'clock.status' | 'clock.confirm';

export function clockHandlers(clock: TrustedClock): Pick<Handlers, Channels> {
  return {
    'clock.status': () => clock.status(),

    'clock.confirm': (input, context) => {
      const before = clock.status();
      // A confirmation settles a jump only: an offset or a clock set back needs the clock fixed.
      if (before.stopReason !== 'jumped') assertClockTrusted(before);
      assertConfirmedTime(input.confirmedTime, context.now);
      clock.confirm();
      const after = clock.status();
      context.describe({
        entityType: 'clock',
        entityId: null,
        detail: {
          confirmedTime: input.confirmedTime,
          correctedNow: context.now.at,
          deviceNow: context.now.deviceAt,
          jumpedByMs: before.jumpedByMs,
        },
      });
      context.emit('clock.changed', after);
      return after;
    },
  };
}
