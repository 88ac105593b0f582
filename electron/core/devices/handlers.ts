import type { Handlers } from '../dispatch/types';
import type { DeviceDesk } from './desk';
import type { DeviceSettingsStore } from './settings';

type Channels =
  | 'device.status'
  | 'device.settings'
  | 'device.updateSettings'
  | 'card.take'
  | 'scan.take'
  | 'scan.classify';

export function deviceHandlers(
  desk: DeviceDesk,
  settings: DeviceSettingsStore,
  stationId: string,
): Pick<Handlers, Channels> {
  return {
    'device.status': () => desk.devices(),
    'device.settings': () => settings.get(),
    'device.updateSettings': (input, context) => {
      settings.save(input, context.actor.userId, context.now.at);
      const saved = settings.get();
      context.describe({
        entityType: 'device_settings',
        entityId: stationId,
        detail: { ...saved },
      });
      context.emit('device.settingsChanged', saved);
      return saved;
    },
    'card.take': (input, context) => desk.takeCard(input.readId, context.call.stationId),
    'scan.take': (input) => desk.takeScan(input.scanId),
    'scan.classify': (input) => desk.classify(input.text),
  };
}
