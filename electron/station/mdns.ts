// Finding the hub on the centre's network: the hub announces itself over mDNS (DNS-SD service
// `_ppv-hub._tcp`), and a desk being set up may list the hubs it hears. The announcement carries no
// fingerprint: a desk must still check the one shown on the hub's own screen, since anyone on the
// network can announce anything. Both are injectable, so tests never multicast.
import { Bonjour, type Service, type ServiceConfig } from 'bonjour-service';

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

/** Announces a service until the returned function stops it. */
export type Announcer = (service: ServiceConfig) => () => Promise<void>;

/** The real one: multicast on the machine's network interfaces. */
export const multicastAnnouncer: Announcer = (service) => {
  const bonjour = new Bonjour();
  bonjour.publish(service);
  return () =>
    new Promise<void>((resolve) => {
      bonjour.unpublishAll(() => bonjour.destroy(() => resolve()));
    });
};

export interface FoundHub {
  name: string;
  /** `address:port`, as the pairing form takes it. */
  hubAddress: string;
}

/** A hub heard on the network, as the pairing form offers it. */
export function foundHub(service: Pick<Service, 'name' | 'addresses' | 'port'>): FoundHub | null {
  const address = service.addresses?.find((each) => /^\d+\.\d+\.\d+\.\d+$/.test(each));
  return address ? { name: service.name, hubAddress: `${address}:${service.port}` } : null;
}

/** Listens for hubs for `forMs`, then stops. */
export function findHubs(forMs: number): Promise<FoundHub[]> {
  const bonjour = new Bonjour();
  const found = new Map<string, FoundHub>();
  const browser = bonjour.find({ type: hubServiceType, protocol: 'tcp' }, (service) => {
    const hub = foundHub(service);
    if (hub) found.set(hub.hubAddress, hub);
  });
  return new Promise((resolve) => {
    setTimeout(() => {
      browser.stop();
      bonjour.destroy(() => resolve([...found.values()]));
    }, forMs);
  });
}
