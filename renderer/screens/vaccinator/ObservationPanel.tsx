import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { malaysiaTime } from '../desk/queue';
import { ErrorNote } from '../Field';
import { useConsoleClock } from '../manager/ClockPanel';
import { useSubmit } from '../useSubmit';

type Observation = ChannelOutput<'observation.list'>['items'][number];

const OBSERVATION_PAGE = 100;
const TICK_MS = 5_000;
const MINUTE_MS = 60_000;

/** The open day's doses still in observation, soonest to end first. */
export function useObservations(): { items: Observation[]; reload(): Promise<void> } {
  const [items, setItems] = useState<Observation[]>([]);

  async function reload(): Promise<void> {
    const all: Observation[] = [];
    let cursor: string | null = null;
    do {
      const page: ChannelOutput<'observation.list'> = await call('observation.list', {
        limit: OBSERVATION_PAGE,
        cursor,
      });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    setItems(all.sort((a, b) => a.observationEndsAt - b.observationEndsAt));
  }

  useEffect(() => {
    void reload();
  }, []);

  return { items, reload };
}

/** A short tone, so an observation ending is heard across the room; silent where sound is not allowed. */
function soundAlarm(): void {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    tone.frequency.value = 880;
    tone.connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.4);
    tone.onended = () => void audio.close();
  } catch {
    // No sound device: the alert on screen remains.
  }
}

/**
 * Who is still being watched after their dose, at every station of the PPV, the minutes left by the
 * console's trusted clock, and ending an observation. When one ends, an alert (announced at once)
 * says whose, with a tone.
 */
export function ObservationPanel({
  items,
  onReleased,
}: {
  items: Observation[];
  onReleased(text: string): Promise<void>;
}) {
  const { t } = useI18n();
  // The console's trusted time, not this PC's clock: the times the doses were given are in it.
  const clock = useConsoleClock();
  const consoleNow = () => (clock.status === undefined ? Date.now() : clock.now());
  const [now, setNow] = useState(consoleNow);
  const [releasing, setReleasing] = useState<string | null>(null);
  const announced = useRef(new Set<string>());

  useEffect(() => {
    setNow(consoleNow());
    const timer = setInterval(() => setNow(consoleNow()), TICK_MS);
    return () => clearInterval(timer);
  }, [items, clock.status]);

  const ended = items.filter((item) => item.observationEndsAt <= now);
  const newlyEnded = ended.filter((item) => !announced.current.has(item.doseId));
  useEffect(() => {
    if (newlyEnded.length === 0) return;
    for (const item of newlyEnded) announced.current.add(item.doseId);
    soundAlarm();
  }, [newlyEnded.map((item) => item.doseId).join()]);

  return (
    <section aria-labelledby="observation-title" className="observations">
      <h3 id="observation-title">{t('vaccinator.observation.title', { count: items.length })}</h3>
      <p
        role="alert"
        aria-live="assertive"
        aria-atomic="true"
        className="alarm"
        data-testid="observation-alarm"
      >
        {ended.length === 0
          ? ''
          : t('vaccinator.observation.ended', {
              names: ended.map((item) => item.fullName).join(', '),
            })}
      </p>
      {items.length === 0 ? (
        <p>{t('vaccinator.observation.none')}</p>
      ) : (
        <ul>
          {items.map((item) => {
            const minutesLeft = Math.ceil((item.observationEndsAt - now) / MINUTE_MS);
            const due = minutesLeft <= 0;
            return (
              <li key={item.doseId} className={due ? 'due' : undefined}>
                <span>
                  {t('vaccinator.observation.entry', {
                    name: item.fullName,
                    document: item.docNumberMasked,
                  })}{' '}
                  <strong>
                    {due
                      ? t('vaccinator.observation.due', {
                          until: malaysiaTime(item.observationEndsAt),
                        })
                      : t('vaccinator.observation.left', {
                          minutes: minutesLeft,
                          until: malaysiaTime(item.observationEndsAt),
                        })}
                  </strong>
                </span>
                {releasing === item.doseId ? (
                  <ReleaseForm
                    observation={item}
                    onCancel={() => setReleasing(null)}
                    onReleased={async (text) => {
                      setReleasing(null);
                      await onReleased(text);
                    }}
                  />
                ) : (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => setReleasing(item.doseId)}
                  >
                    {t('vaccinator.observation.release', { name: item.fullName })}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function ReleaseForm({
  observation,
  onCancel,
  onReleased,
}: {
  observation: Observation;
  onCancel(): void;
  onReleased(text: string): Promise<void>;
}) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [note, setNote] = useState('');
  const noteId = `adverse-${observation.doseId}`;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      const adverseEventNote = note.trim() === '' ? null : note.trim();
      await call('observation.release', { doseId: observation.doseId, adverseEventNote });
      await onReleased(
        t(
          adverseEventNote === null
            ? 'vaccinator.observation.released'
            : 'vaccinator.observation.releasedWithNote',
          { name: observation.fullName },
        ),
      );
    });
  }

  return (
    <form onSubmit={onSubmit} className="inline">
      <div className="field">
        <label htmlFor={noteId}>{t('vaccinator.observation.note')}</label>
        <textarea
          id={noteId}
          autoFocus
          rows={2}
          maxLength={1000}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
      <ErrorNote text={error} />
      <button type="submit" disabled={busy}>
        {t('vaccinator.observation.confirm')}
      </button>{' '}
      <button type="button" className="secondary" onClick={onCancel}>
        {t('vaccinator.observation.cancel')}
      </button>
    </form>
  );
}
