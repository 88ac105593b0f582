import type { EventPayload } from '../../../electron/contract';
import { en, ms, type MessageKey } from '../../i18n/messages';

type Settled = EventPayload<'station.link'>['settled'];

/** What the screen knows of its link to the hub (or, in browser mode, to the console's server). */
export type LinkState =
  | { kind: 'up' }
  | { kind: 'gone' }
  | { kind: 'refused' }
  /** Back after a loss: the person signs in again; `settled`, what became of writes in flight. */
  | { kind: 'back'; settled: Settled };

/** Writes of the session itself: the person signs in again anyway, so their fate is not news. */
const sessionChannels = new Set(['auth.signIn', 'auth.signOut', 'auth.unlock']);

/** The state a `station.link` event leaves the screen in. */
export function linkStateOf(link: EventPayload<'station.link'>): LinkState {
  if (!link.connected) return { kind: link.refused ? 'refused' : 'gone' };
  return {
    kind: 'back',
    settled: link.settled.filter((write) => !sessionChannels.has(write.channel)),
  };
}

const fill = (text: string, params: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);

/**
 * Said in both languages at once, Malay first: whoever stands at the desk reads it, whatever the
 * screen was set to. On a line each, or `inline` (a button's label).
 */
function Both({
  text,
  inline = false,
}: {
  text: (table: Record<MessageKey, string>) => string;
  inline?: boolean;
}) {
  const className = inline ? undefined : 'language-line';
  return (
    <>
      <span lang="ms" className={className}>
        {text(ms)}
      </span>
      {inline ? ' / ' : ' '}
      <span lang="en" className={className}>
        {text(en)}
      </span>
    </>
  );
}

function actionOf(channel: string, table: Record<MessageKey, string>): string {
  const key = `link.action.${channel}`;
  return key in table ? table[key as MessageKey] : fill(table['link.action.other'], { channel });
}

/**
 * The link's state where the status bar is, over it, on every screen: the hub gone (nothing can be
 * saved, the screen under it is disabled), refused, or back — with whether each write in flight
 * when it dropped was saved at the hub.
 */
export function HubLink({ state, onDismiss }: { state: LinkState; onDismiss(): void }) {
  if (state.kind === 'up') return null;
  if (state.kind === 'gone' || state.kind === 'refused') {
    const key = state.kind === 'gone' ? 'link.gone' : 'link.refused';
    return (
      <div className="link-banner alarm" role="alert" data-testid="hub-link">
        <p>
          <Both text={(table) => table[key]} />
        </p>
      </div>
    );
  }
  return (
    <div className="link-banner back" role="status" data-testid="hub-link">
      <p>
        <Both text={(table) => table['link.back']} />
      </p>
      {state.settled.length > 0 && (
        <>
          <p>
            <Both text={(table) => table['link.inFlight']} />
          </p>
          <ul>
            {state.settled.map((write, index) => (
              <li
                key={index}
                data-testid="hub-link-settled"
                className={write.saved ? undefined : 'not-saved'}
              >
                <Both
                  text={(table) =>
                    fill(table[write.saved ? 'link.saved' : 'link.notSaved'], {
                      action: actionOf(write.channel, table),
                    })
                  }
                />
              </li>
            ))}
          </ul>
          <button type="button" onClick={onDismiss}>
            <Both text={(table) => table['link.dismiss']} inline />
          </button>
        </>
      )}
    </div>
  );
}
