import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { ErrorNote, Field } from '../Field';
import { useSubmit } from '../useSubmit';

type Vial = ChannelOutput<'vial.list'>['items'][number];
type Site = ChannelOutput<'dose.amend'>['site'];

const SITES: readonly Site[] = ['L_DELTOID', 'R_DELTOID', 'L_THIGH', 'R_THIGH'];

/** The dose an amendment corrects, as the form names it. */
export interface AmendedDose {
  doseId: string;
  /** The recipient's masked document number. */
  label: string;
  doseNumber: number;
  productCode: string;
  administeredAt: number;
}

/**
 * An amendment of a sealed dose: the right vial (one of today's), the site and a reason. It keeps
 * the original time and travels in today's batch.
 */
export function AmendForm({ dose, onAmended }: { dose: AmendedDose; onAmended(): void }) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [vials, setVials] = useState<Vial[]>([]);
  const [vialId, setVialId] = useState('');
  const [site, setSite] = useState<Site>('L_DELTOID');
  const [reason, setReason] = useState('');
  const title = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    title.current?.focus();
    void call('vial.list', { cursor: null, limit: 100 }).then(
      (page) => {
        const usable = page.items.filter((vial) => !vial.reconciled);
        setVials(usable);
        setVialId(usable[0]?.vialId ?? '');
      },
      () => setVials([]),
    );
  }, []);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      await call('dose.amend', {
        doseId: dose.doseId,
        reason,
        vialId,
        administeredAt: dose.administeredAt,
        site,
      });
      onAmended();
    });
  }

  return (
    <form onSubmit={onSubmit} aria-labelledby="manager-amend-title" className="row-form">
      <h4 id="manager-amend-title" tabIndex={-1} ref={title}>
        {t('manager.amend.title', {
          label: dose.label,
          dose: dose.doseNumber,
          product: dose.productCode,
        })}
      </h4>
      <Field
        id="manager-amend-reason"
        label={t('manager.amend.reason')}
        required
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      {vials.length === 0 ? (
        <p>{t('manager.amend.noVial')}</p>
      ) : (
        <div className="field">
          <label htmlFor="manager-amend-vial">{t('manager.amend.vial')}</label>
          <select
            id="manager-amend-vial"
            value={vialId}
            onChange={(event) => setVialId(event.target.value)}
          >
            {vials.map((vial) => (
              <option key={vial.vialId} value={vial.vialId}>
                {`${vial.productName}, lot ${vial.lot}`}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="manager-amend-site">{t('manager.amend.site')}</label>
        <select
          id="manager-amend-site"
          value={site}
          onChange={(event) => setSite(event.target.value as Site)}
        >
          {SITES.map((option) => (
            <option key={option} value={option}>
              {t(`vaccinator.site.${option}`)}
            </option>
          ))}
        </select>
      </div>
      <ErrorNote text={error} />
      <button type="submit" disabled={busy || vialId === ''}>
        {t('manager.amend.submit')}
      </button>
    </form>
  );
}
