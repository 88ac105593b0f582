import { useEffect, useRef, useState } from 'react';
import type { ChannelOutput } from '../electron/contract';
import { LanguageProvider, useI18n } from './i18n/i18n';
import { call, sessionLocked } from './ppv';
import { ChangeSecret } from './screens/ChangeSecret';
import { SetUp } from './screens/SetUp';
import { Shell } from './screens/Shell';
import { SignIn } from './screens/SignIn';
import { Unlock } from './screens/Unlock';

type SessionUser = ChannelOutput<'auth.session'>;

type View =
  | { kind: 'loading' }
  | { kind: 'set-up' }
  | { kind: 'sign-in'; ppvName: string | null }
  | { kind: 'signed-in'; user: SessionUser }
  | { kind: 'locked'; user: SessionUser };

/**
 * Which screen the console shows. A person's own action (setting up, signing out) moves to the next
 * screen at once, before the server answers: the screen they leave must not stay under their hands,
 * and the one they reach is never replaced by a late answer while they type into it.
 */
function Console() {
  const { t } = useI18n();
  const [view, setView] = useState<View>({ kind: 'loading' });
  const ppvName = useRef<string | null>(null);

  async function findWhereWeAre(): Promise<void> {
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
    void findWhereWeAre();
    const toLocked = () =>
      setView((current) =>
        current.kind === 'signed-in' ? { kind: 'locked', user: current.user } : current,
      );
    sessionLocked.addEventListener('locked', toLocked);
    const stop = window.ppv.on('session.locked', toLocked);
    return () => {
      sessionLocked.removeEventListener('locked', toLocked);
      stop();
    };
  }, []);

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

  switch (view.kind) {
    case 'loading':
      return <p className="loading">{t('app.loading')}</p>;
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

export function App() {
  return (
    <LanguageProvider>
      <Console />
    </LanguageProvider>
  );
}
