import { useI18n } from '../i18n/i18n';
import { ScanTester } from '../scan/ScanTester';
import { DeviceSettingsPanel } from './admin/DeviceSettingsPanel';
import { useLive } from './useLive';

/** The admin's view of this station's devices, their settings, and a field to try a scanner on. */
export function DevicesScreen() {
  const { t } = useI18n();
  const devices = useLive('device.status', 'device.changed', (payload) => payload);
  return (
    <section aria-labelledby="devices-title">
      <h2 id="devices-title">{t('admin.devices')}</h2>
      {devices === undefined ? null : devices.length === 0 ? (
        <p>{t('devices.none')}</p>
      ) : (
        <ul>
          {devices.map((device) => (
            <li key={device.id}>
              {device.name}: {t(`devices.state.${device.state}`)}
              {device.code ? ` (${device.code})` : ''}
            </li>
          ))}
        </ul>
      )}
      <DeviceSettingsPanel />
      <ScanTester />
    </section>
  );
}
