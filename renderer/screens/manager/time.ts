import type { Language } from '../../i18n/i18n';

const formats = {
  ms: new Intl.DateTimeFormat('ms-MY', {
    timeZone: 'Asia/Kuala_Lumpur',
    dateStyle: 'medium',
    timeStyle: 'short',
  }),
  en: new Intl.DateTimeFormat('en-MY', {
    timeZone: 'Asia/Kuala_Lumpur',
    dateStyle: 'medium',
    timeStyle: 'short',
  }),
} as const;

/** An instant as a person at the PPV reads it: Malaysia time, whatever the desk's zone. */
export function malaysiaTime(at: number, language: Language): string {
  return formats[language].format(at);
}
