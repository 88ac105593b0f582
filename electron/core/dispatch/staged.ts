import type { ChannelName, ChannelOutput, ChannelParsedInput } from '../../contract';
import type { CheckedSecret } from '../auth/checks';
import type { HandlerContext, PrepareContext, StagedHandler } from './types';

/**
 * A handler that may need a second person's PIN checked first: `check` starts that check (or
 * returns null when the input carries no approval), and `run` gets its result in the transaction.
 */
export function afterApproval<C extends ChannelName>(
  check: (input: ChannelParsedInput<C>, prepared: PrepareContext) => Promise<CheckedSecret> | null,
  run: (
    input: ChannelParsedInput<C>,
    context: HandlerContext,
    checked: CheckedSecret | null,
  ) => ChannelOutput<C>,
): StagedHandler<C> {
  return {
    prepare(input, prepared) {
      const pending = check(input, prepared);
      if (!pending) return (context) => run(input, context, null);
      return pending.then((checked) => (context) => run(input, context, checked));
    },
  };
}
