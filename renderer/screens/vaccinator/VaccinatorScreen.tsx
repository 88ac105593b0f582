import { useI18n } from '../../i18n/i18n';

export function VaccinatorScreen() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="vaccinator-title">
      <h2 id="vaccinator-title">{t('vaccinator.title')}</h2>
      <p>{t('screen.comingSoon')}</p>
    </section>
  );
}
