import { useI18n } from '../i18n/i18n';

/** Switches between Malay and English at any moment; it names the other language in that language. */
export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <button
      type="button"
      className="secondary language"
      title={t('language.switchLabel')}
      lang={language === 'ms' ? 'en' : 'ms'}
      onClick={() => setLanguage(language === 'ms' ? 'en' : 'ms')}
    >
      {t('language.switch')}
    </button>
  );
}
