import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { ErrorNote, Field } from '../Field';
import { useSubmit } from '../useSubmit';

/** How many distinct recipients one person may read in an hour before the console refuses more. */
export function ReadQuotaPanel() {
  const { t } = useI18n();
  const [limit, setLimit] = useState<string>();
  const [notice, setNotice] = useState('');
  const { busy, error, submit } = useSubmit();

  useEffect(() => {
    void call('ppv.settings', {}).then((read) => setLimit(String(read.recipientReadsPerHour)));
  }, []);

  if (limit === undefined) return null;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      const saved = await call('ppv.setRecipientReadQuota', {
        recipientReadsPerHour: Number(limit),
      });
      setLimit(String(saved.recipientReadsPerHour));
      setNotice(t('admin.readQuota.saved'));
    });
  }

  return (
    <section aria-labelledby="read-quota-title">
      <h2 id="read-quota-title">{t('admin.readQuota.title')}</h2>
      <form onSubmit={onSubmit}>
        <Field
          id="read-quota"
          label={t('admin.readQuota.limit')}
          type="number"
          min={20}
          max={1000}
          required
          value={limit}
          onChange={(event) => {
            setNotice('');
            setLimit(event.target.value);
          }}
        />
        <ErrorNote text={error} />
        <p role="status">{notice}</p>
        <button type="submit" disabled={busy}>
          {t('admin.readQuota.save')}
        </button>
      </form>
    </section>
  );
}
