import { useEffect, useState } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { auditEntryKey } from '../audit/messages';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { ErrorNote } from '../Field';
import { useSubmit } from '../useSubmit';

type AuditEntry = ChannelOutput<'audit.list'>['items'][number];
type Verification = ChannelOutput<'audit.verify'>;

const PAGE = 25;

/** The audit log, newest first, a page at a time, and the check that its hash chain still holds. */
export function AuditPanel() {
  const { t } = useI18n();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [staffIds, setStaffIds] = useState<ReadonlyMap<string, string>>(new Map());
  const [verification, setVerification] = useState<Verification>();
  const list = useSubmit();
  const verify = useSubmit();

  async function readPage(cursor: string | null): Promise<void> {
    const [page, users] = await Promise.all([
      call('audit.list', { cursor, limit: PAGE }),
      call('user.list', { cursor: null, limit: 100 }),
    ]);
    setStaffIds(new Map(users.items.map((user) => [user.userId, user.staffId])));
    setEntries((current) => (cursor === null ? page.items : [...current, ...page.items]));
    setNextCursor(page.nextCursor);
  }

  useEffect(() => {
    void list.submit(() => readPage(null));
    // The first page is read once; the admin reloads it with the button.
  }, []);

  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t('admin.audit.title')}</h2>
      <div className="row-buttons">
        <button
          type="button"
          disabled={list.busy}
          onClick={() => void list.submit(() => readPage(null))}
        >
          {t('admin.audit.refresh')}
        </button>
        <button
          type="button"
          disabled={verify.busy}
          onClick={() =>
            void verify.submit(async () => setVerification(await call('audit.verify', {})))
          }
        >
          {t('admin.audit.verify')}
        </button>
      </div>
      <div role="status" data-testid="audit-verdict">
        {verification === undefined ? null : verification.intact ? (
          <p>{t('admin.audit.intact', { entries: verification.entries })}</p>
        ) : (
          <>
            <p className="audit-broken">
              {t('admin.audit.broken', { count: verification.problems.length })}
            </p>
            <ul>
              {verification.problems.map((problem, index) => (
                <li key={index}>
                  {t('admin.audit.problem', {
                    seq: problem.seq ?? '—',
                    kind: t(`admin.audit.problem.${problem.kind}`),
                  })}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {verification === undefined ? null : (
        <p data-testid="audit-anchors">
          {verification.anchors.checked && verification.anchors.fetchedAt !== null
            ? t('admin.audit.anchors.checked', {
                count: verification.anchors.count,
                at: formatDateTime(verification.anchors.fetchedAt),
              })
            : t('admin.audit.anchors.unchecked')}
        </p>
      )}
      <ErrorNote text={verify.error ?? list.error} />
      {entries.length === 0 ? (
        <p>{list.busy ? '' : t('admin.audit.empty')}</p>
      ) : (
        <table className="audit">
          <thead>
            <tr>
              <th scope="col">{t('admin.audit.seq')}</th>
              <th scope="col">{t('admin.audit.at')}</th>
              <th scope="col">{t('admin.audit.user')}</th>
              <th scope="col">{t('admin.audit.action')}</th>
              <th scope="col">{t('admin.audit.entity')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.seq}>
                <td>{entry.seq}</td>
                <td>{formatDateTime(entry.at)}</td>
                <td>
                  {entry.userId === null
                    ? t('admin.audit.system')
                    : (staffIds.get(entry.userId) ?? entry.userId)}
                </td>
                <td>
                  {(() => {
                    const key = auditEntryKey(entry);
                    return key === null ? entry.action : t(key);
                  })()}
                </td>
                <td>{entry.entityType ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor === null ? null : (
        <button
          type="button"
          disabled={list.busy}
          onClick={() => void list.submit(() => readPage(nextCursor))}
        >
          {t('admin.audit.more')}
        </button>
      )}
    </section>
  );
}
