import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../../i18n/i18n';
import { malaysiaTime, type QueueEntry } from '../desk/queue';

/**
 * Every row is this tall, so the rows in view follow from the scroll position alone: room for a
 * name on two lines and the document and time under it.
 */
export const QUEUE_ROW_HEIGHT = 80;
const ROWS_IN_VIEW = 10;
const ROWS_BEYOND_VIEW = 5;

/**
 * The waiting queue as a scrolling list that renders only the rows in view, so thousands waiting
 * stay smooth. Arrow keys (and Home/End) move the selection and keep it in view; Enter or a click
 * picks the recipient and sends focus on to the work. A row shows the name wrapped and says it
 * whole (its accessible name and title), with the document and time on a line of their own.
 */
export function QueueWindow({
  entries,
  selectedId,
  onSelect,
}: {
  entries: QueueEntry[];
  selectedId: string | null;
  onSelect(registrationId: string, focusWork: boolean): void;
}) {
  const { t } = useI18n();
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const first = Math.max(0, Math.floor(scrollTop / QUEUE_ROW_HEIGHT) - ROWS_BEYOND_VIEW);
  const last = Math.min(
    entries.length,
    Math.ceil(scrollTop / QUEUE_ROW_HEIGHT) + ROWS_IN_VIEW + ROWS_BEYOND_VIEW,
  );

  useEffect(() => {
    if (focusIndex === null) return;
    viewport.current
      ?.querySelector<HTMLButtonElement>(`[data-index="${focusIndex}"]`)
      ?.focus({ preventScroll: true });
  }, [focusIndex, first]);

  function moveTo(index: number) {
    const box = viewport.current;
    const entry = entries[index];
    if (!box || !entry) return;
    const top = index * QUEUE_ROW_HEIGHT;
    if (top < box.scrollTop) box.scrollTop = top;
    else if (top + QUEUE_ROW_HEIGHT > box.scrollTop + box.clientHeight) {
      box.scrollTop = top + QUEUE_ROW_HEIGHT - box.clientHeight;
    }
    setScrollTop(box.scrollTop);
    setFocusIndex(index);
    onSelect(entry.registrationId, false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const focused = Number(
      (event.target as HTMLElement).dataset.index ??
        entries.findIndex((entry) => entry.registrationId === selectedId),
    );
    const step: Record<string, number> = {
      ArrowDown: focused + 1,
      ArrowUp: focused - 1,
      Home: 0,
      End: entries.length - 1,
    };
    const next = step[event.key];
    if (next === undefined) return;
    event.preventDefault();
    moveTo(Math.min(entries.length - 1, Math.max(0, next)));
  }

  return (
    <section aria-labelledby="vaccinator-queue-title" className="queue">
      <h3 id="vaccinator-queue-title">{t('vaccinator.queue.title', { count: entries.length })}</h3>
      {entries.length === 0 ? (
        <p>{t('vaccinator.queue.empty')}</p>
      ) : (
        <div
          ref={viewport}
          className="queue-window"
          style={{ height: ROWS_IN_VIEW * QUEUE_ROW_HEIGHT }}
          onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
          onKeyDown={onKeyDown}
        >
          <ul style={{ height: entries.length * QUEUE_ROW_HEIGHT }}>
            {entries.slice(first, last).map((entry, offset) => {
              const index = first + offset;
              const label = `${t('vaccinator.queue.entry', {
                name: entry.fullName,
                document: entry.docNumberMasked,
                time: malaysiaTime(entry.registeredAt),
              })}${entry.presenceConfirmed ? ` ${t('vaccinator.queue.present')}` : ''}`;
              return (
                <li
                  key={entry.registrationId}
                  aria-setsize={entries.length}
                  aria-posinset={index + 1}
                  style={{ top: index * QUEUE_ROW_HEIGHT, height: QUEUE_ROW_HEIGHT }}
                >
                  <button
                    type="button"
                    className="secondary"
                    data-index={index}
                    aria-pressed={entry.registrationId === selectedId}
                    aria-label={label}
                    title={label}
                    onClick={() => {
                      setFocusIndex(null);
                      onSelect(entry.registrationId, true);
                    }}
                  >
                    <span className="queue-name">{entry.fullName}</span>
                    <span className="queue-detail">
                      {entry.docNumberMasked} · {malaysiaTime(entry.registeredAt)}
                      {entry.presenceConfirmed ? ` ${t('vaccinator.queue.present')}` : ''}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </section>
  );
}
