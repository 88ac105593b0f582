import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { ErrorNote, Field } from '../Field';
import { LanguageSwitch } from '../LanguageSwitch';
import { useSubmit } from '../useSubmit';

/**
 * The app's first start on a PC: a new PPV (this PC becomes the hub, and PPV set-up follows) or
 * joining one (this PC becomes a desk, paired with the hub by the address, fingerprint and code the
 * hub shows).
 */
export function FirstRun({ onDone }: { onDone(): void }) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [joining, setJoining] = useState(false);
  const [form, setForm] = useState({ hubAddress: '', caFingerprint: '', code: '', deskName: '' });
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (event: { target: { value: string } }) =>
      setForm((current) => ({ ...current, [key]: event.target.value })),
  });

  function becomeHub(): void {
    void submit(async () => {
      await call('station.becomeHub', {});
      onDone();
    });
  }

  function onJoin(event: FormEvent): void {
    event.preventDefault();
    void submit(async () => {
      await call('station.pairWithHub', form);
      onDone();
    });
  }

  if (!joining) {
    return (
      <main className="card">
        <LanguageSwitch />
        <h1>{t('firstRun.title')}</h1>
        <p>{t('firstRun.intro')}</p>
        <div className="first-run-choice">
          <button type="button" onClick={becomeHub} disabled={busy} autoFocus>
            {t('firstRun.hub')}
          </button>
          <button type="button" onClick={() => setJoining(true)} disabled={busy}>
            {t('firstRun.desk')}
          </button>
        </div>
        <ErrorNote text={error} />
      </main>
    );
  }
  return (
    <main className="card">
      <LanguageSwitch />
      <h1>{t('firstRun.join.title')}</h1>
      <p>{t('firstRun.join.intro')}</p>
      <form onSubmit={onJoin}>
        <Field
          id="join-address"
          label={t('firstRun.join.address')}
          autoFocus
          required
          {...field('hubAddress')}
        />
        <Field
          id="join-fingerprint"
          label={t('firstRun.join.fingerprint')}
          required
          spellCheck={false}
          {...field('caFingerprint')}
        />
        <Field id="join-code" label={t('firstRun.join.code')} required {...field('code')} />
        <Field
          id="join-desk-name"
          label={t('firstRun.join.deskName')}
          required
          {...field('deskName')}
        />
        <ErrorNote text={error} />
        <button type="submit" disabled={busy}>
          {t('firstRun.join.submit')}
        </button>
        <button type="button" onClick={() => setJoining(false)} disabled={busy}>
          {t('firstRun.join.back')}
        </button>
      </form>
    </main>
  );
}
