import { useEffect, useState, type FormEvent } from 'react';
import type { Role } from '../../electron/contract/define';
import { useI18n } from '../i18n/i18n';
import { call } from '../ppv';
import { FirstPin, ROLES, UserActions, type StaffUser } from './admin/UserActions';
import { approvalInput, ApprovalFields, noApproval } from './ApprovalFields';
import { ErrorNote, Field } from './Field';
import { useSubmit } from './useSubmit';

/**
 * The admin's staff accounts: who they are, their roles, what can be done to each (disable,
 * re-enable, a new first PIN, roles), and a form to add one. The console generates each first PIN
 * and shows it here once; a manager's or admin's account needs a second person's approval. The
 * list and the form appear together once the list has arrived: rows arriving later would push the
 * form down under the admin's hands.
 */
export function UsersScreen() {
  const { t } = useI18n();
  const [users, setUsers] = useState<StaffUser[] | null>(null);
  const [created, setCreated] = useState<{
    staffId: string;
    firstPin: string;
    witnessed: boolean;
  }>();
  const { busy, error, submit } = useSubmit();
  const [form, setForm] = useState({ staffId: '', fullName: '', roles: [] as Role[] });
  const [approval, setApproval] = useState(noApproval);
  const privileged = form.roles.includes('manager') || form.roles.includes('admin');

  async function load(): Promise<void> {
    setUsers((await call('user.list', { limit: 100, cursor: null })).items);
  }
  useEffect(() => {
    void load();
  }, []);

  function toggleRole(role: Role) {
    setForm((current) => ({
      ...current,
      roles: current.roles.includes(role)
        ? current.roles.filter((r) => r !== role)
        : [...current.roles, role],
    }));
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setCreated(undefined);
    void submit(async () => {
      const sent = privileged ? approvalInput(approval) : null;
      setApproval({ ...approval, secret: '' });
      const user = await call('user.create', { ...form, approval: sent });
      setCreated({ staffId: user.staffId, firstPin: user.firstPin, witnessed: sent !== null });
      setForm({ staffId: '', fullName: '', roles: [] });
      setApproval(noApproval);
      await load();
    });
  }

  if (users === null) {
    return (
      <section aria-labelledby="users-title">
        <h2 id="users-title">{t('users.title')}</h2>
        <p className="loading">{t('app.loading')}</p>
      </section>
    );
  }

  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">{t('users.title')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('users.staffId')}</th>
            <th scope="col">{t('users.fullName')}</th>
            <th scope="col">{t('users.roles')}</th>
            <th scope="col">{t('users.active')}</th>
            <th scope="col">{t('admin.users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.userId}>
              <td>{user.staffId}</td>
              <td>{user.fullName}</td>
              <td>{user.roles.map((role) => t(`role.${role}`)).join(', ')}</td>
              <td>{t(user.active ? 'users.status.active' : 'users.status.disabled')}</td>
              <td>
                <UserActions
                  user={user}
                  onChanged={(updated) =>
                    setUsers(
                      (current) =>
                        current?.map((each) => (each.userId === updated.userId ? updated : each)) ??
                        null,
                    )
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{t('users.create')}</h3>
      <form onSubmit={onSubmit}>
        <Field
          id="user-staff"
          label={t('users.staffId')}
          required
          value={form.staffId}
          onChange={(event) => setForm({ ...form, staffId: event.target.value })}
        />
        <Field
          id="user-name"
          label={t('users.fullName')}
          required
          value={form.fullName}
          onChange={(event) => setForm({ ...form, fullName: event.target.value })}
        />
        <fieldset>
          <legend>{t('users.roles')}</legend>
          {ROLES.map((role) => (
            <label key={role} className="choice">
              <input
                type="checkbox"
                checked={form.roles.includes(role)}
                onChange={() => toggleRole(role)}
              />
              {t(`role.${role}`)}
            </label>
          ))}
        </fieldset>
        {privileged ? (
          <ApprovalFields
            id="user-approval"
            legend={t('approval.legend')}
            value={approval}
            onChange={setApproval}
          />
        ) : null}
        <ErrorNote text={error} />
        <div role="status">
          {created ? (
            <>
              <p>{t('users.created', { staffId: created.staffId })}</p>
              <FirstPin
                label={t('users.firstPin', { staffId: created.staffId })}
                pin={created.firstPin}
              />
              {created.witnessed ? <p>{t('users.firstPinWitness')}</p> : null}
            </>
          ) : null}
        </div>
        <button type="submit" disabled={busy}>
          {t('users.create')}
        </button>
      </form>
    </section>
  );
}
