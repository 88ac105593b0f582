import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { ErrorNote, Field } from '../Field';
import { useSubmit } from '../useSubmit';
import { useFirstPage } from './useFirstPage';

type Rejection = ChannelOutput<'batch.rejections'>['items'][number];
type Vial = ChannelOutput<'vial.list'>['items'][number];
type Site = ChannelOutput<'dose.amend'>['site'];

const SITES: readonly Site[] = ['L_DELTOID', 'R_DELTOID', 'L_THIGH', 'R_THIGH'];

/**
 * Records MyVAS rejected, newest batch first, and whether the manager has corrected each. A rejected
 * dose is corrected here by an amendment (the right vial, from today's, and its site), which travels
 * in today's batch and names the rejected record.
 */
export function RejectionsPanel() {
  const { t } = useI18n();
  const [amended, setAmended] = useState(0);
  const [amending, setAmending] = useState<Rejection | null>(null);
  const [notice, setNotice] = useState('');
  const rejections = useFirstPage<Rejection>(
    async () => (await call('batch.rejections', { batchId: null, cursor: null, limit: 25 })).items,
    amended,
  );

  return (
    <section aria-labelledby="manager-rejections-title">
      <h3 id="manager-rejections-title">{t('manager.rejections.title')}</h3>
      <p role="status">{notice}</p>
      {rejections.length === 0 ? (
        <p>{t('manager.rejections.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('manager.rejections.document')}</th>
              <th scope="col">{t('manager.rejections.dose')}</th>
              <th scope="col">{t('manager.rejections.product')}</th>
              <th scope="col">{t('manager.rejections.code')}</th>
              <th scope="col">{t('manager.rejections.message')}</th>
              <th scope="col">{t('manager.rejections.corrected')}</th>
            </tr>
          </thead>
          <tbody>
            {rejections.map((rejection) => (
              <tr key={rejection.recordId} data-testid="manager-rejection">
                <td>{rejection.docNumberMasked}</td>
                <td>{rejection.doseNumber}</td>
                <td>{rejection.productCode}</td>
                <td>{rejection.code}</td>
                <td>{rejection.message}</td>
                <td>
                  {rejection.correctedBy !== null ? (
                    t('manager.rejections.yes')
                  ) : rejection.recordType === 'void' ? (
                    t('manager.rejections.no')
                  ) : (
                    <button
                      type="button"
                      onClick={() => {
                        setNotice('');
                        setAmending(rejection);
                      }}
                    >
                      {t('manager.amend.open', { label: rejection.docNumberMasked })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {amending ? (
        <AmendForm
          key={amending.recordId}
          rejection={amending}
          onAmended={() => {
            setNotice(t('manager.amend.done', { label: amending.docNumberMasked }));
            setAmending(null);
            setAmended((count) => count + 1);
          }}
        />
      ) : null}
    </section>
  );
}

function AmendForm({ rejection, onAmended }: { rejection: Rejection; onAmended(): void }) {
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
        doseId: rejection.doseId,
        reason,
        vialId,
        administeredAt: rejection.administeredAt,
        site,
      });
      onAmended();
    });
  }

  return (
    <form onSubmit={onSubmit} aria-labelledby="manager-amend-title" className="row-form">
      <h4 id="manager-amend-title" tabIndex={-1} ref={title}>
        {t('manager.amend.title', {
          label: rejection.docNumberMasked,
          dose: rejection.doseNumber,
          product: rejection.productCode,
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
