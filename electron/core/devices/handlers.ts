import type { HandlerContext, Handlers } from '../dispatch/types';
import { HUB_STATION } from '../desks/registry';
import type { DeviceDesk } from './desk';
import { stationTarget } from './desk';
import type { DeviceSettingsStore } from './settings';
import { assertGroupSeparatorKey } from './wedge-key';

type Channels =
  | 'device.status'
  | 'device.settings'
  | 'device.updateSettings'
  | 'device.wedgeSettings'
  | 'device.setWedgeGsKey'
  | 'card.take'
  | 'scan.take'
  | 'scan.classify';

/** The station a call comes from: its desk, or the hub's own screens. */
export const stationOfCall = (context: HandlerContext): string =>
  context.call.desk?.id ?? HUB_STATION;

/**
 * Each station's devices are its own: a desk sees, sets and takes the reads of its own card reader
 * and scanners only. `settingsKey` names a station's row of device settings.
 */
export function deviceHandlers(
  desk: DeviceDesk,
  settings: DeviceSettingsStore,
  settingsKey: (station: string) => string,
): Pick<Handlers, Channels> {
  return {
    'device.status': (_input, context) => desk.devices(stationOfCall(context)),
    'device.settings': (_input, context) => settings.get(settingsKey(stationOfCall(context))),
    'device.updateSettings': (input, context) => {
      const station = stationOfCall(context);
      const key = settingsKey(station);
      settings.save(key, input, context.actor.userId, context.now.at);
      const saved = settings.get(key);
      context.describe({ entityType: 'device_settings', entityId: key, detail: { ...saved } });
      context.emit('device.settingsChanged', saved, stationTarget(station));
      return saved;
    },
    'device.wedgeSettings': (_input, context) => ({
      groupSeparatorKey: settings.wedgeGsKey(settingsKey(stationOfCall(context))),
    }),
    'device.setWedgeGsKey': (input, context) => {
      assertGroupSeparatorKey(input.groupSeparatorKey);
      const station = stationOfCall(context);
      const key = settingsKey(station);
      settings.saveWedgeGsKey(key, input.groupSeparatorKey, context.actor.userId, context.now.at);
      const saved = { groupSeparatorKey: settings.wedgeGsKey(key) };
      context.describe({ entityType: 'device_settings', entityId: key, detail: saved });
      context.emit('device.wedgeChanged', saved, stationTarget(station));
      return saved;
    },
    'card.take': (input, context) => desk.takeCard(stationOfCall(context), input.readId),
    'scan.take': (input, context) => desk.takeScan(stationOfCall(context), input.scanId),
    'scan.classify': (input) => desk.classify(input.text),
  };
}
