import { useEffect, useRef, useState, type FormEvent } from 'react';
import { formatDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { DateField } from '../DateField';
import { ErrorNote, Field } from '../Field';
import { useSubmit } from '../useSubmit';

/** The PPV's closure date: shown, and set with a reason. Nothing may be dated after it. */
export function ClosurePanel() {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [current, setCurrent] = useState<string | null | undefined>(undefined);
  const [closureDate, setClosureDate] = useState('');
  const [reason, setReason] = useState('');
  const [dateMissing, setDateMissing] = useState(false);
  const status = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    call('ppv.settings', {}).then(
      (settings) => setCurrent(settings.closureDate),
      // A refused read leaves the date unknown; the form still sets it.
      () => setCurrent(undefined),
    );
  }, []);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (closureDate === '') {
      setDateMissing(true);
      return;
    }
    void submit(async () => {
      const settings = await call('ppv.setClosureDate', { closureDate, reason });
      setCurrent(settings.closureDate);
      setReason('');
      status.current?.focus();
    });
  }

  return (
    <section aria-labelledby="manager-closure-title">
      <h3 id="manager-closure-title">{t('manager.closure.title')}</h3>
      <p ref={status} tabIndex={-1} data-testid="manager-closure-current">
        {current === undefined
          ? ''
          : current === null
            ? t('manager.closure.none')
            : t('manager.closure.current', { date: formatDate(current) })}
      </p>
      <form onSubmit={onSubmit}>
        <DateField
          id="closure-date"
          label={t('manager.closure.date')}
          isRequired
          value={closureDate}
          onChange={(date) => {
            setClosureDate(date);
            if (date !== '') setDateMissing(false);
          }}
          error={dateMissing ? t('manager.closure.dateMissing') : null}
        />
        <Field
          id="closure-reason"
          label={t('manager.closure.reason')}
          required
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <ErrorNote text={error} />
        <button type="submit" disabled={busy}>
          {t('manager.closure.set')}
        </button>
      </form>
    </section>
  );
}
