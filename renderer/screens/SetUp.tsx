import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import { call } from '../ppv';
import { ErrorNote, Field } from './Field';
import { LanguageSwitch } from './LanguageSwitch';
import { useSubmit } from './useSubmit';

/** The first start at a PPV: its code and name, and the first admin account. */
export function SetUp({ onDone }: { onDone(ppvName: string): void }) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [form, setForm] = useState({
    ppvCode: '',
    name: '',
    state: '',
    district: '',
    staffId: '',
    fullName: '',
    secret: '',
  });
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (event: { target: { value: string } }) =>
      setForm((current) => ({ ...current, [key]: event.target.value })),
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      await call('ppv.setUp', {
        ppvCode: form.ppvCode,
        name: form.name,
        state: form.state,
        district: form.district,
        admin: { staffId: form.staffId, fullName: form.fullName, secret: form.secret },
      });
      onDone(form.name);
    });
  }

  return (
    <main className="card">
      <LanguageSwitch />
      <h1>{t('setUp.title')}</h1>
      <p>{t('setUp.intro')}</p>
      <form onSubmit={onSubmit}>
        <Field
          id="setup-code"
          label={t('setUp.ppvCode')}
          autoFocus
          required
          {...field('ppvCode')}
        />
        <Field id="setup-name" label={t('setUp.name')} required {...field('name')} />
        <Field id="setup-state" label={t('setUp.state')} required {...field('state')} />
        <Field id="setup-district" label={t('setUp.district')} required {...field('district')} />
        <Field id="setup-staff" label={t('setUp.adminStaffId')} required {...field('staffId')} />
        <Field id="setup-fullname" label={t('setUp.adminName')} required {...field('fullName')} />
        <Field
          id="setup-secret"
          label={t('setUp.adminSecret')}
          type="password"
          required
          {...field('secret')}
        />
        <ErrorNote text={error} />
        <button type="submit" disabled={busy}>
          {t('setUp.submit')}
        </button>
      </form>
    </main>
  );
}
