import { useI18n } from '../../i18n/i18n';

export function ManagerScreen() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="manager-title">
      <h2 id="manager-title">{t('manager.title')}</h2>
      <p>{t('screen.comingSoon')}</p>
    </section>
  );
}
