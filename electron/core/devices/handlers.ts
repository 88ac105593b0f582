import type { Handlers } from '../dispatch/types';
import type { DeviceDesk } from './desk';

type Channels = 'device.status' | 'card.take' | 'scan.take' | 'scan.classify';

export function deviceHandlers(desk: DeviceDesk): Pick<Handlers, Channels> {
  return {
    'device.status': () => desk.devices(),
    'card.take': (input) => desk.takeCard(input.readId),
    'scan.take': (input) => desk.takeScan(input.scanId),
    'scan.classify': (input) => desk.classify(input.text),
  };
}
