import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import { call } from '../ppv';
import { ErrorNote, Field } from './Field';
import { LanguageSwitch } from './LanguageSwitch';
import { useSubmit } from './useSubmit';

/** A first sign-in with a temporary PIN: the person sets their own before anything else. */
export function ChangeSecret({ onChanged }: { onChanged(): void }) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [currentSecret, setCurrent] = useState('');
  const [newSecret, setNew] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      await call('auth.changeSecret', { currentSecret, newSecret });
      onChanged();
    });
  }

  return (
    <main className="card">
      <LanguageSwitch />
      <h1>{t('changeSecret.title')}</h1>
      <p>{t('changeSecret.intro')}</p>
      <form onSubmit={onSubmit}>
        <Field
          id="change-current"
          label={t('changeSecret.current')}
          type="password"
          autoFocus
          required
          value={currentSecret}
          onChange={(event) => setCurrent(event.target.value)}
        />
        <Field
          id="change-new"
          label={t('changeSecret.new')}
          type="password"
          autoComplete="new-password"
          required
          value={newSecret}
          onChange={(event) => setNew(event.target.value)}
        />
        <ErrorNote text={error} />
        <button type="submit" disabled={busy}>
          {t('changeSecret.submit')}
        </button>
      </form>
    </main>
  );
}
