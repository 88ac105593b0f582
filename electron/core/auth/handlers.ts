import type { Handlers } from '../dispatch/types';
import type { Sessions } from './sessions';
import type { Users } from './users';

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

export function authHandlers(users: Users, sessions: Sessions): Pick<Handlers, AuthChannels> {
  const sessionUser = (userId: string) => {
    const actor = users.actor(userId);
    if (!actor) throw new Error('signed-in user vanished');
    const { active: _active, ...rest } = actor;
    return rest;
  };
  const describeUser = (
    context: Parameters<Handlers['user.create']>[1],
    userId: string,
    detail: Record<string, unknown> = {},
  ) =>
    context.describe({
      entityType: 'user',
      entityId: userId,
      detail: { ...detail, userState: users.fingerprintOf(userId) },
    });

  return {
    'auth.signIn': (input, context) => {
      const row = users.authenticate(
        input.staffId,
        input.secret,
        context.now.at,
        'auth.signInFailed',
      );
      sessions.start(context.call.connectionId, row.id);
      context.describe({ entityType: 'user', entityId: row.id, detail: { staffId: row.staff_id } });
      return sessionUser(row.id);
    },
    'auth.unlock': (input, context) => {
      users.authenticate(context.actor.staffId, input.secret, context.now.at, 'auth.unlockFailed');
      sessions.unlock(context.call.connectionId);
      context.describe({ entityType: 'user', entityId: context.actor.userId });
      return sessionUser(context.actor.userId);
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
    'auth.changeSecret': (input, context) => {
      users.changeOwnSecret(
        context.actor.userId,
        input.currentSecret,
        input.newSecret,
        context.now.at,
      );
      describeUser(context, context.actor.userId);
      return { done: true };
    },
    'user.list': (input) => users.list(input.cursor, input.limit),
    'user.create': (input, context) => {
      const created = users.create(input, context.now.at);
      describeUser(context, created.userId, { staffId: created.staffId, roles: created.roles });
      return created;
    },
    'user.update': (input, context) => {
      const updated = users.update(context.actor.userId, input, context.now.at);
      describeUser(context, updated.userId, { roles: updated.roles });
      return updated;
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
    'user.resetSecret': (input, context) => {
      const updated = users.resetSecret(input.userId, input.secret, context.now.at);
      describeUser(context, updated.userId);
      return updated;
    },
  };
}
