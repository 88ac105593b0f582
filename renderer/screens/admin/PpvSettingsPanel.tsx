import { useEffect, useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { approvalInput, ApprovalFields, noApproval } from '../ApprovalFields';
import { ErrorNote, Field } from '../Field';
import { useSubmit } from '../useSubmit';

type PpvSettings = ChannelOutput<'ppv.settings'>;

interface Form {
  name: string;
  state: string;
  district: string;
  myvasEndpoint: string;
  myvasToken: string;
  clearToken: boolean;
  idleLockMinutes: string;
  exportRowLimit: string;
  retentionDays: string;
}

function formOf(settings: PpvSettings): Form {
  return {
    name: settings.name,
    state: settings.state,
    district: settings.district,
    myvasEndpoint: settings.myvasEndpoint ?? '',
    myvasToken: '',
    clearToken: false,
    idleLockMinutes: String(settings.idleLockMinutes),
    exportRowLimit: String(settings.exportRowLimit),
    retentionDays: String(settings.retentionDays),
  };
}

/**
 * The PPV's name and place, its MyVAS address and token, and its limits. The token is never shown:
 * an empty token field keeps the one set, and clearing it is a deliberate tick. Changing the
 * address or the token takes a manager's staff ID and PIN in the same form.
 */
export function PpvSettingsPanel() {
  const { t } = useI18n();
  const [settings, setSettings] = useState<PpvSettings>();
  const [form, setForm] = useState<Form>();
  const [notice, setNotice] = useState('');
  const [approval, setApproval] = useState(noApproval);
  const { busy, error, submit } = useSubmit();

  useEffect(() => {
    void call('ppv.settings', {}).then((read) => {
      setSettings(read);
      setForm(formOf(read));
    });
  }, []);

  if (settings === undefined || form === undefined) return null;
  const myvasChanging =
    form.clearToken ||
    form.myvasToken !== '' ||
    form.myvasEndpoint.trim() !== (settings.myvasEndpoint ?? '');
  const edit = (change: Partial<Form>) => {
    setNotice('');
    setForm({ ...form, ...change });
  };

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (form === undefined) return;
    const sent = myvasChanging ? approvalInput(approval) : null;
    setApproval({ ...approval, secret: '' });
    void submit(async () => {
      const saved = await call('ppv.updateSettings', {
        name: form.name,
        state: form.state,
        district: form.district,
        myvasEndpoint: form.myvasEndpoint.trim() === '' ? null : form.myvasEndpoint.trim(),
        myvasToken: form.clearToken ? null : form.myvasToken === '' ? undefined : form.myvasToken,
        idleLockMinutes: Number(form.idleLockMinutes),
        exportRowLimit: Number(form.exportRowLimit),
        retentionDays: Number(form.retentionDays),
        approval: sent,
      });
      setApproval(noApproval);
      setSettings(saved);
      setForm(formOf(saved));
      setNotice(t('admin.ppv.saved'));
    });
  }

  const number = (key: 'idleLockMinutes' | 'exportRowLimit' | 'retentionDays', max: number) => ({
    type: 'number',
    min: 1,
    max,
    required: true,
    value: form[key],
    onChange: (event: { target: { value: string } }) => edit({ [key]: event.target.value }),
  });

  return (
    <section aria-labelledby="ppv-settings-title">
      <h2 id="ppv-settings-title">{t('admin.ppv.title')}</h2>
      <p>{t('admin.ppv.code', { code: settings.ppvCode })}</p>
      <form onSubmit={onSubmit}>
        <Field
          id="ppv-name"
          label={t('admin.ppv.name')}
          required
          value={form.name}
          onChange={(event) => edit({ name: event.target.value })}
        />
        <Field
          id="ppv-state"
          label={t('admin.ppv.state')}
          required
          value={form.state}
          onChange={(event) => edit({ state: event.target.value })}
        />
        <Field
          id="ppv-district"
          label={t('admin.ppv.district')}
          required
          value={form.district}
          onChange={(event) => edit({ district: event.target.value })}
        />
        <Field
          id="ppv-endpoint"
          label={t('admin.ppv.endpoint')}
          type="url"
          value={form.myvasEndpoint}
          onChange={(event) => edit({ myvasEndpoint: event.target.value })}
        />
        <p id="ppv-token-state">
          {t(settings.myvasTokenSet ? 'admin.ppv.tokenSet' : 'admin.ppv.tokenUnset')}
        </p>
        <Field
          id="ppv-token"
          label={t('admin.ppv.token')}
          type="password"
          autoComplete="off"
          aria-describedby="ppv-token-state"
          minLength={16}
          disabled={form.clearToken}
          value={form.myvasToken}
          onChange={(event) => edit({ myvasToken: event.target.value })}
        />
        {settings.myvasTokenSet ? (
          <label className="choice">
            <input
              type="checkbox"
              checked={form.clearToken}
              onChange={(event) => edit({ clearToken: event.target.checked, myvasToken: '' })}
            />
            {t('admin.ppv.clearToken')}
          </label>
        ) : null}
        <Field id="ppv-idle" label={t('admin.ppv.idleLock')} {...number('idleLockMinutes', 60)} />
        <Field
          id="ppv-export"
          label={t('admin.ppv.exportLimit')}
          {...number('exportRowLimit', 200)}
        />
        <Field
          id="ppv-retention"
          label={t('admin.ppv.retention')}
          {...number('retentionDays', 3650)}
        />
        {myvasChanging ? (
          <ApprovalFields
            id="ppv-approval"
            legend={t('approval.managerLegend')}
            required
            value={approval}
            onChange={setApproval}
          />
        ) : null}
        <ErrorNote text={error} />
        <p role="status">{notice}</p>
        <button type="submit" disabled={busy}>
          {t('admin.ppv.save')}
        </button>
      </form>
    </section>
  );
}
