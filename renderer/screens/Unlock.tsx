import { useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../electron/contract';
import { useI18n } from '../i18n/i18n';
import { call } from '../ppv';
import { ErrorNote, Field } from './Field';
import { LanguageSwitch } from './LanguageSwitch';
import { useSubmit } from './useSubmit';

type SessionUser = ChannelOutput<'auth.unlock'>;

/** After the idle lock: the same person unlocks with their secret, or signs out. */
export function Unlock({
  user,
  onUnlocked,
  onSignOut,
}: {
  user: SessionUser;
  onUnlocked(user: SessionUser): void;
  onSignOut(): void;
}) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [secret, setSecret] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      const unlocked = await call('auth.unlock', { secret });
      setSecret('');
      onUnlocked(unlocked);
    });
  }

  return (
    <main className="card">
      <LanguageSwitch />
      <h1>{t('lock.title')}</h1>
      <p>{t('lock.intro', { name: user.fullName })}</p>
      <form onSubmit={onSubmit}>
        <Field
          id="unlock-secret"
          label={t('signIn.secret')}
          type="password"
          autoFocus
          required
          value={secret}
          onChange={(event) => setSecret(event.target.value)}
        />
        <ErrorNote text={error} />
        <button type="submit" disabled={busy}>
          {t('lock.submit')}
        </button>
        <button type="button" className="secondary" onClick={onSignOut}>
          {t('lock.signOut')}
        </button>
      </form>
    </main>
  );
}
