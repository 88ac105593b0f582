import { useI18n } from '../../i18n/i18n';

export function DeskScreen() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="desk-title">
      <h2 id="desk-title">{t('desk.title')}</h2>
      <p>{t('screen.comingSoon')}</p>
    </section>
  );
}
