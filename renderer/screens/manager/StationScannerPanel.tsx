import { useI18n } from '../../i18n/i18n';
import { GroupSeparatorKeySetting } from '../../scan/GroupSeparatorKeySetting';
import { useGroupSeparatorKey } from '../../scan/useWedgeScans';

/** This station's wedge scanner: the key it sends for GS, which the manager sets once. */
export function StationScannerPanel() {
  const { t } = useI18n();
  const groupSeparatorKey = useGroupSeparatorKey();
  return (
    <section aria-labelledby="manager-scanner-title">
      <h3 id="manager-scanner-title">{t('manager.scanner.title')}</h3>
      <GroupSeparatorKeySetting current={groupSeparatorKey} />
    </section>
  );
}
