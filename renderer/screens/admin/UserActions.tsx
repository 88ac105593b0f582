import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import type { Role } from '../../../electron/contract/define';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { approvalInput, ApprovalFields, noApproval } from '../ApprovalFields';
import { ErrorNote, Field } from '../Field';
import { useSubmit } from '../useSubmit';

export type StaffUser = ChannelOutput<'user.list'>['items'][number];

export const ROLES: readonly Role[] = ['clerk', 'vaccinator', 'manager', 'admin'];
const PRIVILEGED: readonly Role[] = ['manager', 'admin'];

type Action = 'active' | 'pin' | 'roles';

/** A first PIN the console generated, shown this once for the admin to hand over. */
export function FirstPin({ label, pin }: { label: string; pin: string }) {
  return (
    <p className="first-pin">
      {label} <strong data-testid="first-pin">{pin}</strong>
    </p>
  );
}

/**
 * One staff account's actions: disable or re-enable it with a reason, have the console generate a
 * new first PIN (shown once), change its name and roles. Granting the manager or admin role, or a
 * new PIN for a manager or an admin, takes a second person's approval in the same form. Each opens
 * a small form in the row; a refusal stays beside that form.
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
  const [firstPin, setFirstPin] = useState<string | null>(null);
  const firstButton = useRef<HTMLButtonElement>(null);

  function choose(action: Action) {
    setNotice('');
    setFirstPin(null);
    setOpen(action);
  }

  function close(done: string | null, pin: string | null = null) {
    setOpen(null);
    if (done !== null) setNotice(done);
    setFirstPin(pin);
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
          onDone={(updated, done, pin) => {
            onChanged(updated);
            close(done, pin);
          }}
          onCancel={() => close(null)}
        />
      )}
      <div role="status">
        {firstPin === null ? notice : <FirstPin label={notice} pin={firstPin} />}
      </div>
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
  onDone(updated: StaffUser, notice: string, firstPin: string | null): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const { busy, error, submit } = useSubmit();
  const [text, setText] = useState(action === 'roles' ? user.fullName : '');
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [approval, setApproval] = useState(noApproval);
  const id = `user-${user.userId}-${action}`;
  const params = { staffId: user.staffId };
  const granting = roles.some((role) => PRIVILEGED.includes(role) && !user.roles.includes(role));
  const privileged = user.roles.some((role) => PRIVILEGED.includes(role));
  const needsApproval = (action === 'roles' && granting) || (action === 'pin' && privileged);

  const firstField =
    action !== 'pin' ? `${id}-text` : needsApproval ? `${id}-approval-staff` : `${id}-submit`;
  useEffect(() => document.getElementById(firstField)?.focus(), [firstField]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const sent = needsApproval ? approvalInput(approval) : null;
    setApproval({ ...approval, secret: '' });
    void submit(async () => {
      if (action === 'active') {
        const active = !user.active;
        const updated = await call('user.setActive', { userId: user.userId, active, reason: text });
        onDone(updated, t(active ? 'admin.users.enabled' : 'admin.users.disabled', params), null);
      } else if (action === 'pin') {
        const updated = await call('user.resetSecret', { userId: user.userId, approval: sent });
        onDone(updated, t('admin.users.pinReset', params), updated.firstPin);
      } else {
        const updated = await call('user.update', {
          userId: user.userId,
          fullName: text,
          roles,
          approval: sent,
        });
        onDone(updated, t('admin.users.rolesSaved', params), null);
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
      {action === 'pin' ? (
        <p>{t('admin.users.resetExplain')}</p>
      ) : (
        <Field
          id={`${id}-text`}
          label={t(action === 'active' ? 'admin.users.reason' : 'admin.users.fullName')}
          autoComplete="off"
          required
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      )}
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
      {needsApproval ? (
        <ApprovalFields
          id={`${id}-approval`}
          legend={t('approval.legend')}
          value={approval}
          onChange={setApproval}
        />
      ) : null}
      <ErrorNote text={error} />
      <button id={`${id}-submit`} type="submit" disabled={busy}>
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
