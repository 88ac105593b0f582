import { useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../electron/contract';
import { useI18n } from '../i18n/i18n';
import { call } from '../ppv';
import { ErrorNote, Field } from './Field';
import { LanguageSwitch } from './LanguageSwitch';
import { useSubmit } from './useSubmit';

type SessionUser = ChannelOutput<'auth.signIn'>;

export function SignIn({
  ppvName,
  onSignedIn,
}: {
  ppvName: string | null;
  onSignedIn(user: SessionUser): void;
}) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [staffId, setStaffId] = useState('');
  const [secret, setSecret] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      const user = await call('auth.signIn', { staffId, secret });
      setSecret('');
      onSignedIn(user);
    });
  }

  return (
    <main className="card">
      <LanguageSwitch />
      <h1>{t('signIn.title')}</h1>
      {ppvName ? <p className="ppv-name">{ppvName}</p> : null}
      <form onSubmit={onSubmit}>
        <Field
          id="signin-staff"
          label={t('signIn.staffId')}
          autoFocus
          autoComplete="username"
          required
          value={staffId}
          onChange={(event) => setStaffId(event.target.value)}
        />
        <Field
          id="signin-secret"
          label={t('signIn.secret')}
          type="password"
          autoComplete="current-password"
          required
          value={secret}
          onChange={(event) => setSecret(event.target.value)}
        />
        <ErrorNote text={error} />
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
