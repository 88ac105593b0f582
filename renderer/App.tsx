import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ChannelOutput } from '../electron/contract';
import { LanguageProvider, useI18n } from './i18n/i18n';
import { call, sessionLocked } from './ppv';
import { ChangeSecret } from './screens/ChangeSecret';
import { SetUp } from './screens/SetUp';
import { Shell } from './screens/Shell';
import { SignIn } from './screens/SignIn';
import { FirstRun } from './screens/station/FirstRun';
import { HubLink, linkStateOf, type LinkState } from './screens/station/HubLink';
import { Unlock } from './screens/Unlock';

type SessionUser = ChannelOutput<'auth.session'>;

type View =
  | { kind: 'loading' }
  | { kind: 'first-run' }
  | { kind: 'set-up' }
  | { kind: 'sign-in'; ppvName: string | null }
  | { kind: 'signed-in'; user: SessionUser }
  | { kind: 'locked'; user: SessionUser };

/**
 * Which screen the console shows. A person's own action (setting up, signing out) moves to the next
 * screen at once, before the server answers: the screen they leave must not stay under their hands,
 * and the one they reach is never replaced by a late answer while they type into it. Over every
 * screen, the link to the hub: while it is down the screen under it is disabled, and once it is
 * back the person signs in again (the hub ended the session with the link).
 */
function Console() {
  const { t } = useI18n();
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [link, setLink] = useState<LinkState>({ kind: 'up' });
  const ppvName = useRef<string | null>(null);

  async function findWhereWeAre(): Promise<void> {
    const station = await window.ppv.invoke('station.identity', {});
    if (station.ok && station.value.role === 'unset') {
      setView({ kind: 'first-run' });
      return;
    }
    const status = await call('ppv.status', {});
    ppvName.current = status.name;
    if (!status.setUp) {
      setView({ kind: 'set-up' });
      return;
    }
    const session = await window.ppv.invoke('auth.session', {});
    if (session.ok) setView({ kind: 'signed-in', user: session.value });
    else setView({ kind: 'sign-in', ppvName: status.name });
  }

  useEffect(() => {
    // A refusal here (the link dropped again) leaves the screen as it is, under the banner.
    const look = () => findWhereWeAre().catch(() => undefined);
    void look();
    const stopLink = window.ppv.on('station.link', (payload) => {
      setLink(linkStateOf(payload));
      if (payload.connected) void look();
    });
    const toLocked = () =>
      setView((current) =>
        current.kind === 'signed-in' ? { kind: 'locked', user: current.user } : current,
      );
    sessionLocked.addEventListener('locked', toLocked);
    const stop = window.ppv.on('session.locked', toLocked);
    return () => {
      sessionLocked.removeEventListener('locked', toLocked);
      stop();
      stopLink();
    };
  }, []);

  // Back, with nothing in doubt: the notice has done its work once the person is signed in again.
  useEffect(() => {
    if (view.kind === 'signed-in') {
      setLink((current) =>
        current.kind === 'back' && current.settled.length === 0 ? { kind: 'up' } : current,
      );
    }
  }, [view.kind]);

  function signOut(): void {
    setView({ kind: 'sign-in', ppvName: ppvName.current });
    void window.ppv.invoke('auth.signOut', {});
  }

  function lock(): void {
    setView((current) =>
      current.kind === 'signed-in' ? { kind: 'locked', user: current.user } : current,
    );
    void window.ppv.invoke('auth.lock', {});
  }

  function screenOf(view: View): ReactNode {
    switch (view.kind) {
      case 'loading':
        return <p className="loading">{t('app.loading')}</p>;
      case 'first-run':
        return <FirstRun onDone={() => void findWhereWeAre().catch(() => undefined)} />;
      case 'set-up':
        return (
          <SetUp
            onDone={(name) => {
              ppvName.current = name;
              setView({ kind: 'sign-in', ppvName: name });
            }}
          />
        );
      case 'sign-in':
        return (
          <SignIn
            ppvName={view.ppvName}
            onSignedIn={(user) => setView({ kind: 'signed-in', user })}
          />
        );
      case 'locked':
        return (
          <Unlock
            user={view.user}
            onUnlocked={(user) => setView({ kind: 'signed-in', user })}
            onSignOut={signOut}
          />
        );
      case 'signed-in':
        if (view.user.mustChangeSecret) {
          return (
            <ChangeSecret
              onChanged={() =>
                setView({ kind: 'signed-in', user: { ...view.user, mustChangeSecret: false } })
              }
            />
          );
        }
        return <Shell user={view.user} onSignOut={signOut} onLock={lock} />;
    }
  }

  const down = link.kind === 'gone' || link.kind === 'refused';
  return (
    <>
      <fieldset className="console-view" disabled={down} inert={down}>
        {screenOf(view)}
      </fieldset>
      <HubLink state={link} onDismiss={() => setLink({ kind: 'up' })} />
    </>
  );
}

export function App() {
  return (
    <LanguageProvider>
      <Console />
    </LanguageProvider>
  );
}
