import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { PpvError } from '../ppv';

/** Runs a form's call once at a time, keeping its refusal (in the current language) for the form. */
export function useSubmit() {
  const { pick, t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ ms: string; en: string } | null>(null);

  async function submit(work: () => Promise<void>): Promise<void> {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(
        caught instanceof PpvError
          ? caught.text
          : { ms: t('error.disconnected'), en: t('error.disconnected') },
      );
    } finally {
      setBusy(false);
    }
  }

  return { busy, error: error === null ? null : pick(error), submit };
}
