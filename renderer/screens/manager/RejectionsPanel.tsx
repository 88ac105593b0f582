import type { ChannelOutput } from '../../../electron/contract';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { useFirstPage } from './useFirstPage';

type Rejection = ChannelOutput<'batch.rejections'>['items'][number];

/** Records MyVAS rejected, newest batch first, and whether the manager has corrected each. */
export function RejectionsPanel() {
  const { t } = useI18n();
  const rejections = useFirstPage<Rejection>(
    async () => (await call('batch.rejections', { batchId: null, cursor: null, limit: 25 })).items,
  );

  return (
    <section aria-labelledby="manager-rejections-title">
      <h3 id="manager-rejections-title">{t('manager.rejections.title')}</h3>
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
              <tr key={rejection.recordId}>
                <td>{rejection.docNumberMasked}</td>
                <td>{rejection.doseNumber}</td>
                <td>{rejection.productCode}</td>
                <td>{rejection.code}</td>
                <td>{rejection.message}</td>
                <td>
                  {t(
                    rejection.correctedBy === null
                      ? 'manager.rejections.no'
                      : 'manager.rejections.yes',
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
