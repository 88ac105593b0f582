import { useState } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { AmendForm } from './AmendForm';
import { useFirstPage } from './useFirstPage';

type Rejection = ChannelOutput<'batch.rejections'>['items'][number];

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
          dose={{
            doseId: amending.doseId,
            label: amending.docNumberMasked,
            doseNumber: amending.doseNumber,
            productCode: amending.productCode,
            administeredAt: amending.administeredAt,
          }}
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
