import { useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../electron/contract';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { call } from '../ppv';
import { ErrorNote, Field } from './Field';
import { LanguageSwitch } from './LanguageSwitch';
import { useSubmit } from './useSubmit';

type SignedIn = ChannelOutput<'auth.signIn'>;

export function SignIn({
  ppvName,
  onSignedIn,
}: {
  ppvName: string | null;
  onSignedIn(user: SignedIn): void;
}) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [staffId, setStaffId] = useState('');
  const [secret, setSecret] = useState('');
  const [told, setTold] = useState<SignedIn | null>(null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      const user = await call('auth.signIn', { staffId, secret });
      setSecret('');
      if (user.notices.length > 0) setTold(user);
      else onSignedIn(user);
    });
  }

  if (told !== null) return <Notices user={told} onContinue={() => onSignedIn(told)} />;

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

/** What the person is told once, at this sign-in: who reset their PIN, which roles went. */
function Notices({ user, onContinue }: { user: SignedIn; onContinue(): void }) {
  const { t } = useI18n();
  return (
    <main className="card">
      <LanguageSwitch />
      <h1>{t('signIn.notices')}</h1>
      <ul className="notices">
        {user.notices.map((notice, index) => (
          <li key={index}>
            {notice.kind === 'pin-reset'
              ? t('signIn.notice.pinReset', {
                  name: notice.byName,
                  staffId: notice.byStaffId,
                  at: formatDateTime(notice.at),
                })
              : t('signIn.notice.rolesRemoved', {
                  roles: notice.roles.map((role) => t(`role.${role}`)).join(', '),
                  at: formatDateTime(notice.at),
                })}
          </li>
        ))}
      </ul>
      <button type="button" autoFocus onClick={onContinue}>
        {t('signIn.continue')}
      </button>
    </main>
  );
}
