import { useEffect, useState } from 'react';
import type { EventPayload } from '../../../electron/contract';
import { useI18n } from '../../i18n/i18n';
import { malaysiaTime } from '../desk/queue';

type Alert = EventPayload<'privacy.readQuotaReached'>;

/** Staff who reached the hourly quota of recipients read while this screen was open. */
export function ReadQuotaAlerts() {
  const { t } = useI18n();
  const [alerts, setAlerts] = useState<Alert[]>([]);
  useEffect(
    () =>
      window.ppv.on('privacy.readQuotaReached', (alert) =>
        setAlerts((shown) => [alert, ...shown].slice(0, 20)),
      ),
    [],
  );
  if (alerts.length === 0) return null;
  return (
    <div role="alert" className="error">
      <h3>{t('manager.readQuota.title')}</h3>
      <ul>
        {alerts.map((alert) => (
          <li key={`${alert.staffId}-${alert.at}`}>
            {t('manager.readQuota.entry', {
              name: alert.fullName,
              staffId: alert.staffId,
              limit: alert.limit,
              time: malaysiaTime(alert.at),
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}
