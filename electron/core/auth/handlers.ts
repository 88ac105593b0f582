import type { ChannelName, Role } from '../../contract';
import type { Completion, HandlerContext, Handlers, PrepareContext } from '../dispatch/types';
import type { Settings } from '../ppv/settings';
import { refuse } from '../shared/errors';
import type { CheckedSecret, SecretChecks } from './checks';
import { assertSecretStrongEnough, generateFirstPin, type SecretHasher } from './secrets';
import type { Sessions } from './sessions';
import { assertRolesSeparated, parseRoles, PRIVILEGED, type Users } from './users';

type AuthChannels =
  | 'auth.signIn'
  | 'auth.unlock'
  | 'auth.lock'
  | 'auth.session'
  | 'auth.signOut'
  | 'auth.changeSecret'
  | 'user.list'
  | 'user.create'
  | 'user.update'
  | 'user.setActive'
  | 'user.resetSecret';

type Approval = { staffId: string; secret: string } | null;

export function authHandlers(deps: {
  users: Users;
  sessions: Sessions;
  checks: SecretChecks;
  hasher: SecretHasher;
  settings: Settings;
}): Pick<Handlers, AuthChannels> {
  const { users, sessions, checks, hasher, settings } = deps;

  const sessionUser = (userId: string) => {
    const actor = users.actor(userId);
    if (!actor) throw new Error('signed-in user vanished');
    const { active: _active, ...rest } = actor;
    return rest;
  };
  const describeUser = (
    context: HandlerContext,
    userId: string,
    detail: Record<string, unknown> = {},
  ) =>
    context.describe({
      entityType: 'user',
      entityId: userId,
      detail: { ...detail, userState: users.fingerprintOf(userId) },
    });

  /**
   * Granting a privileged role needs a second person, except the PPV's first manager: until one
   * has existed nobody could approve (the first admin sets the PPV up alone). Once a manager has
   * existed, the exception is gone for good, whatever happens to that account.
   */
  function grantNeedsApproval(added: readonly Role[]): boolean {
    if (!added.some((role) => PRIVILEGED.includes(role))) return false;
    const firstManager = !added.includes('admin') && settings.get().firstManagerAt === null;
    return !firstManager;
  }

  /**
   * Checks `approval` when `needed` (off the event loop), then hands the checked secret to
   * `finish`; with nothing to check, the completion comes back at once.
   */
  function withApproval<C extends ChannelName>(
    approval: Approval,
    needed: boolean,
    context: PrepareContext,
    finish: (checked: CheckedSecret | null) => Completion<C> | Promise<Completion<C>>,
  ): Completion<C> | Promise<Completion<C>> {
    if (!needed) return finish(null);
    if (!approval) refuse('APPROVAL_REQUIRED');
    return checks.approval(approval, context.call, context.now.at).then(finish);
  }

  /** Inside the transaction: the approver, checked again now that the transaction holds the rows. */
  function approverOf(
    checked: CheckedSecret | null,
    context: HandlerContext,
    channel: 'user.create' | 'user.update' | 'user.resetSecret',
    excluded: string[],
  ): string {
    if (!checked) refuse('APPROVAL_REQUIRED');
    return checks.approver(checked, context.call, context.now.at, `${channel}.approvalFailed`, {
      roles: PRIVILEGED,
      excluded: [context.actor.userId, ...excluded],
      refusal: 'APPROVER_NOT_ALLOWED',
    }).id;
  }

  const markFirstManager = (roles: readonly Role[], at: number) => {
    if (roles.includes('manager')) settings.markFirstManager(at);
  };

  return {
    'auth.signIn': {
      async prepare(input, prepared) {
        const checked = await checks.signIn(
          input.staffId,
          input.secret,
          prepared.call,
          prepared.now.at,
        );
        return (context) => {
          const row = checks.settle(checked, context.call, context.now.at, 'auth.signInFailed');
          sessions.start(context.call.connectionId, row.id);
          context.describe({
            entityType: 'user',
            entityId: row.id,
            detail: { staffId: row.staff_id },
          });
          return { ...sessionUser(row.id), notices: users.takeNotices(row.id, context.now.at) };
        };
      },
    },
    'auth.unlock': {
      async prepare(input, prepared) {
        const checked = await checks.ownSecret(
          prepared.actor.userId,
          input.secret,
          prepared.call,
          prepared.now.at,
        );
        return (context) => {
          checks.settle(checked, context.call, context.now.at, 'auth.unlockFailed');
          sessions.unlock(context.call.connectionId);
          context.describe({ entityType: 'user', entityId: context.actor.userId });
          return sessionUser(context.actor.userId);
        };
      },
    },
    'auth.lock': (_input, context) => {
      sessions.lock(context.call.connectionId);
      context.emit('session.locked', { reason: 'requested' }, context.call.connectionId);
      return { done: true };
    },
    'auth.session': (_input, context) => sessionUser(context.actor.userId),
    'auth.signOut': (_input, context) => {
      sessions.end(context.call.connectionId);
      context.describe({ entityType: 'user', entityId: context.actor.userId });
      return { done: true };
    },
    'auth.changeSecret': {
      /**
       * A first PIN issued with an approval (a manager's or an admin's account) is left only with
       * that approver as witness: the admin who saw the PIN cannot take the account over alone.
       */
      async prepare(input, prepared) {
        const { userId } = prepared.actor;
        if (input.newSecret === input.currentSecret) refuse('PIN_REUSED');
        assertSecretStrongEnough(input.newSecret);
        const row = users.get(userId);
        const witnessId = row.must_change_secret === 1 ? row.first_pin_approved_by : null;
        if (witnessId !== null && !input.witness) {
          refuse('WITNESS_REQUIRED', { approver: users.byId(witnessId)?.staff_id ?? '?' });
        }
        const current = await checks.ownSecret(
          userId,
          input.currentSecret,
          prepared.call,
          prepared.now.at,
        );
        const witness =
          witnessId !== null && input.witness
            ? await checks.approval(input.witness, prepared.call, prepared.now.at)
            : null;
        const secretHash = await hasher.hash(input.newSecret);
        return (context) => {
          const { at } = context.now;
          checks.settle(current, context.call, at, 'auth.changeSecretFailed');
          const mustWitness = users.get(userId).first_pin_approved_by;
          if (mustWitness !== null && users.get(userId).must_change_secret === 1) {
            if (!witness)
              refuse('WITNESS_REQUIRED', { approver: users.byId(mustWitness)?.staff_id ?? '?' });
            const seen = checks.settle(witness, context.call, at, 'auth.changeSecretWitnessFailed');
            if (seen.id !== mustWitness) refuse('APPROVER_NOT_ALLOWED');
          }
          users.setOwnSecret(userId, secretHash, at);
          describeUser(context, userId, mustWitness ? { witnessId: mustWitness } : {});
          return { done: true };
        };
      },
    },
    'user.list': (input, context) => users.list(input.cursor, input.limit, context.now.at),
    'user.create': {
      async prepare(input, prepared) {
        assertRolesSeparated(input.roles);
        if (users.byStaffId(input.staffId)) refuse('STAFF_ID_TAKEN', { staffId: input.staffId });
        return withApproval<'user.create'>(
          input.approval,
          grantNeedsApproval(input.roles),
          prepared,
          async (checked) => {
            const firstPin = generateFirstPin();
            const secretHash = await hasher.hash(firstPin);
            return (context) => {
              const approverId = grantNeedsApproval(input.roles)
                ? approverOf(checked, context, 'user.create', [])
                : null;
              const created = users.create(input, secretHash, context.now.at, {
                kind: 'to-change',
                approvedBy: approverId,
              });
              markFirstManager(created.roles, context.now.at);
              describeUser(context, created.userId, {
                staffId: created.staffId,
                roles: created.roles,
                approverId,
              });
              return { ...created, firstPin };
            };
          },
        );
      },
    },
    'user.update': {
      prepare(input, prepared) {
        const added = (roles: Role[]) => input.roles.filter((role) => !roles.includes(role));
        const held = () => parseRoles(users.get(input.userId).roles);
        assertRolesSeparated(input.roles);
        if (input.userId === prepared.actor.userId && added(held()).length > 0)
          refuse('SELF_CHANGE');
        return withApproval<'user.update'>(
          input.approval,
          grantNeedsApproval(added(held())),
          prepared,
          (checked) => (context) => {
            const granted = added(held());
            const approverId = grantNeedsApproval(granted)
              ? approverOf(checked, context, 'user.update', [input.userId])
              : null;
            const updated = users.update(context.actor.userId, input, context.now.at, approverId);
            markFirstManager(updated.roles, context.now.at);
            describeUser(context, updated.userId, { roles: updated.roles, approverId });
            return updated;
          },
        );
      },
    },
    'user.setActive': (input, context) => {
      const updated = users.setActive(
        context.actor.userId,
        input.userId,
        input.active,
        context.now.at,
      );
      if (!input.active) sessions.endAllFor(input.userId);
      describeUser(context, updated.userId, { active: input.active, reason: input.reason });
      return updated;
    },
    'user.resetSecret': {
      async prepare(input, prepared) {
        const privileged = () =>
          parseRoles(users.get(input.userId).roles).some((role) => PRIVILEGED.includes(role));
        return withApproval<'user.resetSecret'>(
          input.approval,
          privileged(),
          prepared,
          async (checked) => {
            const firstPin = generateFirstPin();
            const secretHash = await hasher.hash(firstPin);
            return (context) => {
              const approverId = privileged()
                ? approverOf(checked, context, 'user.resetSecret', [input.userId])
                : null;
              const updated = users.resetSecret(
                context.actor.userId,
                input.userId,
                secretHash,
                context.now.at,
                approverId,
              );
              sessions.endAllFor(input.userId);
              describeUser(context, updated.userId, { approverId });
              return { ...updated, firstPin };
            };
          },
        );
      },
    },
  };
}
