import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import type { Role } from '../../../electron/contract/define';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { ErrorNote, Field } from '../Field';
import { useSubmit } from '../useSubmit';

export type StaffUser = ChannelOutput<'user.list'>['items'][number];

export const ROLES: readonly Role[] = ['clerk', 'vaccinator', 'manager', 'admin'];

type Action = 'active' | 'pin' | 'roles';

/**
 * One staff account's actions: disable or re-enable it with a reason, set a new first PIN, change
 * its name and roles. Each opens a small form in the row; a refusal stays beside that form.
 */
export function UserActions({
  user,
  onChanged,
}: {
  user: StaffUser;
  onChanged(updated: StaffUser): void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState<Action | null>(null);
  const [notice, setNotice] = useState('');
  const firstButton = useRef<HTMLButtonElement>(null);

  function choose(action: Action) {
    setNotice('');
    setOpen(action);
  }

  function close(done: string | null) {
    setOpen(null);
    if (done !== null) setNotice(done);
    firstButton.current?.focus();
  }

  return (
    <div className="user-actions">
      <div className="row-buttons">
        <button ref={firstButton} type="button" onClick={() => choose('active')}>
          {t(user.active ? 'users.disable' : 'users.enable')}
        </button>
        <button type="button" onClick={() => choose('pin')}>
          {t('admin.users.resetPin')}
        </button>
        <button type="button" onClick={() => choose('roles')}>
          {t('admin.users.changeRoles')}
        </button>
      </div>
      {open === null ? null : (
        <ActionForm
          action={open}
          user={user}
          onDone={(updated, done) => {
            onChanged(updated);
            close(done);
          }}
          onCancel={() => close(null)}
        />
      )}
      <p role="status">{notice}</p>
    </div>
  );
}

function ActionForm({
  action,
  user,
  onDone,
  onCancel,
}: {
  action: Action;
  user: StaffUser;
  onDone(updated: StaffUser, notice: string): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [text, setText] = useState(action === 'roles' ? user.fullName : '');
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const id = `user-${user.userId}-${action}`;
  const params = { staffId: user.staffId };

  useEffect(() => document.getElementById(`${id}-text`)?.focus(), [id]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(async () => {
      if (action === 'active') {
        const active = !user.active;
        const updated = await call('user.setActive', { userId: user.userId, active, reason: text });
        onDone(updated, t(active ? 'admin.users.enabled' : 'admin.users.disabled', params));
      } else if (action === 'pin') {
        const updated = await call('user.resetSecret', { userId: user.userId, secret: text });
        onDone(updated, t('admin.users.pinReset', params));
      } else {
        const updated = await call('user.update', { userId: user.userId, fullName: text, roles });
        onDone(updated, t('admin.users.rolesSaved', params));
      }
    });
  }

  const title =
    action === 'active'
      ? t(user.active ? 'admin.users.disableTitle' : 'admin.users.enableTitle', params)
      : action === 'pin'
        ? t('admin.users.resetTitle', params)
        : t('admin.users.rolesTitle', params);

  return (
    <form className="row-form" aria-label={title} onSubmit={onSubmit}>
      <Field
        id={`${id}-text`}
        label={t(
          action === 'active'
            ? 'admin.users.reason'
            : action === 'pin'
              ? 'admin.users.newPin'
              : 'admin.users.fullName',
        )}
        type={action === 'pin' ? 'password' : 'text'}
        autoComplete={action === 'pin' ? 'new-password' : 'off'}
        required
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      {action === 'roles' ? (
        <fieldset>
          <legend>{t('users.roles')}</legend>
          {ROLES.map((role) => (
            <label key={role} className="choice">
              <input
                type="checkbox"
                checked={roles.includes(role)}
                onChange={() =>
                  setRoles((current) =>
                    current.includes(role) ? current.filter((r) => r !== role) : [...current, role],
                  )
                }
              />
              {t(`role.${role}`)}
            </label>
          ))}
        </fieldset>
      ) : null}
      <ErrorNote text={error} />
      <button type="submit" disabled={busy}>
        {action === 'active'
          ? t(user.active ? 'users.disable' : 'users.enable')
          : t('admin.users.save')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('admin.users.cancel')}
      </button>
    </form>
  );
}
