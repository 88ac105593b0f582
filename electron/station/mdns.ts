// Finding the hub on the centre's network: the hub announces itself over mDNS (DNS-SD service
// `_ppv-hub._tcp`) with its port. The announcement carries no fingerprint: a desk must still check the
// one shown on the hub's own screen, since anyone on the network can announce anything.
import { Bonjour, type ServiceConfig } from 'bonjour-service';
import type { EventEmitter } from 'node:events';

export const hubServiceType = 'ppv-hub';

/** What the hub announces: its name on the network and the port desks reach it on. */
export function hubAnnouncement(input: { hostname: string; port: number }): ServiceConfig {
  return {
    name: `PPV hub ${input.hostname}`.slice(0, 63),
    type: hubServiceType,
    protocol: 'tcp',
    port: input.port,
    txt: { v: '1' },
  };
}

/**
 * Announces a service until the returned function stops it; `onError` hears what goes wrong on the
 * network (the announcement is then missing, the hub goes on).
 */
export type Announcer = (
  service: ServiceConfig,
  onError: (error: Error) => void,
) => () => Promise<void>;

/** The real one: multicast on the machine's network interfaces. */
export const multicastAnnouncer: Announcer = (service, onError) => {
  const bonjour = new Bonjour({}, onError);
  // bonjour-service leaves its socket's errors unheard (UDP 5353 held by another mDNS responder
  // without sharing it): unheard, they would end the hub's process.
  (bonjour as unknown as { server: { mdns: EventEmitter } }).server.mdns.on('error', onError);
  bonjour.publish(service);
  return () =>
    new Promise<void>((resolve) => {
      bonjour.unpublishAll(() => bonjour.destroy(() => resolve()));
    });
};
