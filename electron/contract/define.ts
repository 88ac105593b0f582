import type { z } from 'zod';
import type { ErrorBody } from './errors';
import type { Role } from './vocabulary';

export { ROLES as roles, type Role } from './vocabulary';

/**
 * Who may call a channel: `public` (no session: sign-in, first set-up), `signed-in` (any role),
 * or the roles listed.
 */
export type Access = 'public' | 'signed-in' | readonly Role[];

export interface ChannelSpec<
  Input extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
> {
  summary: string;
  access: Access;
  /** Writes run in one transaction with their audit entry; reads run without one. */
  writes: boolean;
  input: Input;
  output: Output;
}

export function defineChannel<Input extends z.ZodType, Output extends z.ZodType>(
  spec: ChannelSpec<Input, Output>,
): ChannelSpec<Input, Output> {
  return spec;
}

export type DispatchResult<Value> = { ok: true; value: Value } | { ok: false; error: ErrorBody };
