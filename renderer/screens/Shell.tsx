import { useState } from 'react';
import type { ChannelOutput } from '../../electron/contract';
import type { Role } from '../../electron/contract/define';
import { useI18n } from '../i18n/i18n';
import { AdminSections } from './admin/AdminSections';
import { DeskScreen } from './desk/DeskScreen';
import { DevicesScreen } from './DevicesScreen';
import { ManagerScreen } from './manager/ManagerScreen';
import { VaccinatorScreen } from './vaccinator/VaccinatorScreen';
import { LanguageSwitch } from './LanguageSwitch';
import { StatusBar } from './StatusBar';
import { UsersScreen } from './UsersScreen';

type SessionUser = ChannelOutput<'auth.session'>;

const ROLE_ORDER: readonly Role[] = ['clerk', 'vaccinator', 'manager', 'admin'];

/** The signed-in console: one tab per role the user holds, the status bar under everything. */
export function Shell({
  user,
  onSignOut,
  onLock,
}: {
  user: SessionUser;
  onSignOut(): void;
  onLock(): void;
}) {
  const { t } = useI18n();
  const roles = ROLE_ORDER.filter((role) => user.roles.includes(role));
  const [current, setCurrent] = useState<Role | undefined>(roles[0]);

  return (
    <div className="shell">
      <header>
        <h1>{t('app.title')}</h1>
        <nav aria-label={t('nav.label')}>
          {roles.map((role) => (
            <button
              key={role}
              type="button"
              aria-current={role === current ? 'page' : undefined}
              onClick={() => setCurrent(role)}
            >
              {t(`nav.${role}`)}
            </button>
          ))}
        </nav>
        <div className="actions">
          <LanguageSwitch />
          <button type="button" onClick={onLock}>
            {t('nav.lock')}
          </button>
          <button type="button" onClick={onSignOut}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main>
        {current === 'admin' ? (
          <>
            <UsersScreen />
            <DevicesScreen />
            <AdminSections />
          </>
        ) : current === 'clerk' ? (
          <DeskScreen />
        ) : current === 'vaccinator' ? (
          <VaccinatorScreen />
        ) : current === 'manager' ? (
          <ManagerScreen />
        ) : null}
      </main>
      <StatusBar user={user} />
    </div>
  );
}
