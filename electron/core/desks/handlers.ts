import type { ChannelName } from '../../contract';
import type { Handlers } from '../dispatch/types';
import { refuse } from '../shared/errors';
import type { DeskRegistry } from './registry';

type Channels =
  | 'station.identity'
  | 'station.becomeHub'
  | 'station.pairWithHub'
  | 'hub.issuePairingCode'
  | 'hub.desks'
  | 'hub.revokeDesk';

/**
 * Setting up the PPV, pairing and revoking are the hub's: a desk, even with a manager or admin
 * signed in, cannot set up a hub that is not yet set up, nor add or remove desks.
 */
export const hubOnlyChannels: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'ppv.setUp',
  'hub.issuePairingCode',
  'hub.revokeDesk',
]);

export function deskHandlers(registry: DeskRegistry): Pick<Handlers, Channels> {
  return {
    'station.identity': (_input, context) =>
      context.call.desk === undefined
        ? { role: 'hub', deskName: null }
        : { role: 'desk', deskName: context.call.desk.name },
    // The first-run choice is made by a PC not yet set up; a hub answering has been made already.
    'station.becomeHub': () => refuse('STATION_ALREADY_SET_UP'),
    'station.pairWithHub': () => refuse('STATION_ALREADY_SET_UP'),
    'hub.issuePairingCode': (_input, context) => {
      const network = registry.network() ?? refuse('HUB_NOT_ON_NETWORK');
      const { code, expiresAt } = registry.issueCode(context.actor.userId, context.now.at);
      context.describe({ entityType: 'pairing_code', entityId: null, detail: { expiresAt } });
      const [first] = network.hubUrls;
      const pairingLink = `${first}/pair?code=${code}#${network.caFingerprint.replace(/:/g, '')}`;
      return { code, expiresAt, ...network, pairingLink };
    },
    'hub.desks': () => registry.list(),
    'hub.revokeDesk': (input, context) => {
      const desk = registry.revoke(
        input.deskId,
        input.reason,
        context.actor.userId,
        context.now.at,
      );
      context.describe({
        entityType: 'desk',
        entityId: desk.id,
        detail: { name: desk.name, reason: input.reason },
      });
      context.emit('hub.desksChanged', {});
      return { done: true };
    },
  };
}
