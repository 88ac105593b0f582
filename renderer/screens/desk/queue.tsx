import { useEffect, useRef, useState } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { formatTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';

export type QueueEntry = ChannelOutput<'queue.list'>['items'][number];

const QUEUE_PAGE = 100;

/** An instant as Malaysia's wall-clock time, HH:mm on a 24-hour clock. */
export const malaysiaTime = formatTime;

async function readQueue(whole: boolean): Promise<QueueEntry[] | null> {
  const entries: QueueEntry[] = [];
  let cursor: string | null = null;
  do {
    const result: Awaited<ReturnType<typeof window.ppv.invoke<'queue.list'>>> =
      await window.ppv.invoke('queue.list', {
        status: 'waiting',
        limit: QUEUE_PAGE,
        cursor,
      });
    if (!result.ok) return null;
    entries.push(...result.value.items);
    cursor = whole ? result.value.nextCursor : null;
  } while (cursor !== null);
  return entries;
}

/**
 * Today's waiting recipients, oldest first, read again whenever the queue changes: the first page,
 * or with `whole` every page. Changes that arrive while a read is under way cause one more read,
 * not one each, so a busy desk does not pile reads up.
 */
export function useWaitingQueue(options: { whole?: boolean } = {}): {
  entries: QueueEntry[];
  reload(): Promise<void>;
} {
  const whole = options.whole ?? false;
  const [entries, setEntries] = useState<QueueEntry[]>([]);
  const reading = useRef<Promise<void> | null>(null);
  const stale = useRef(false);

  function reload(): Promise<void> {
    if (reading.current) {
      stale.current = true;
      return reading.current;
    }
    const run = async () => {
      do {
        stale.current = false;
        const read = await readQueue(whole);
        if (read) setEntries(read);
      } while (stale.current);
      reading.current = null;
    };
    reading.current = run();
    return reading.current;
  }

  useEffect(() => {
    void reload();
    return window.ppv.on('queue.changed', () => void reload());
  }, []);

  return { entries, reload };
}

/** The waiting queue as a table: who, which document, since when, presence confirmed or not. */
export function QueueTable({ entries }: { entries: QueueEntry[] }) {
  const { t } = useI18n();
  return (
    // Focusable: a long queue scrolls inside its section, and the keyboard must reach it.
    <section aria-labelledby="desk-queue-title" className="desk-queue" tabIndex={0}>
      <h3 id="desk-queue-title">{t('desk.queue.title', { count: entries.length })}</h3>
      {entries.length === 0 ? (
        <p>{t('desk.queue.empty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('desk.queue.name')}</th>
              <th scope="col">{t('desk.queue.document')}</th>
              <th scope="col">{t('desk.queue.registeredAt')}</th>
              <th scope="col">{t('desk.queue.presence')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.registrationId}>
                <td>{entry.fullName}</td>
                <td>{entry.docNumberMasked}</td>
                <td>{malaysiaTime(entry.registeredAt)}</td>
                <td>
                  {t(entry.presenceConfirmed ? 'desk.queue.present' : 'desk.queue.notPresent')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
