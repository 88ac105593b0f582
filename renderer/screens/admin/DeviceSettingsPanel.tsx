import { useEffect, useState, type FormEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import { useI18n } from '../../i18n/i18n';
import { call } from '../../ppv';
import { ErrorNote, Field } from '../Field';
import { useSubmit } from '../useSubmit';

type DeviceSettings = ChannelOutput<'device.settings'>;
type Terminator = DeviceSettings['serialTerminator'];
type HidMode = 'none' | 'pos' | 'keyboard';

const TERMINATORS: readonly Terminator[] = ['CR', 'LF', 'CRLF', 'TAB', 'none'];
const HID_MODES: readonly HidMode[] = ['none', 'pos', 'keyboard'];
const HEX_ID = /^[0-9a-f]{1,4}$/i;

interface Form {
  cardReader: string;
  serialPath: string;
  serialBaudRate: string;
  serialTerminator: Terminator;
  hidMode: HidMode;
  vendorId: string;
  productId: string;
}

const hex = (id: number) => id.toString(16).padStart(4, '0');

function formOf(settings: DeviceSettings): Form {
  return {
    cardReader: settings.cardReader ?? '',
    serialPath: settings.serialPath ?? '',
    serialBaudRate: String(settings.serialBaudRate),
    serialTerminator: settings.serialTerminator,
    hidMode: settings.hid?.mode ?? 'none',
    vendorId: settings.hid ? hex(settings.hid.vendorId) : '',
    productId: settings.hid ? hex(settings.hid.productId) : '',
  };
}

/** This station's card reader, serial scanner and USB HID scanner, as the admin sets them. */
export function DeviceSettingsPanel() {
  const { t } = useI18n();
  const [form, setForm] = useState<Form>();
  const [notice, setNotice] = useState('');
  const [hexError, setHexError] = useState<string | null>(null);
  const { busy, error, submit } = useSubmit();

  useEffect(() => {
    void call('device.settings', {}).then((read) => setForm(formOf(read)));
  }, []);

  if (form === undefined) return null;
  const edit = (change: Partial<Form>) => {
    setNotice('');
    setForm({ ...form, ...change });
  };

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (form === undefined) return;
    setHexError(null);
    if (form.hidMode !== 'none') {
      const bad = !HEX_ID.test(form.vendorId)
        ? { id: 'device-vendor', label: t('admin.device.vendorId') }
        : !HEX_ID.test(form.productId)
          ? { id: 'device-product', label: t('admin.device.productId') }
          : null;
      if (bad !== null) {
        setHexError(t('admin.device.hexInvalid', { field: bad.label }));
        document.getElementById(bad.id)?.focus();
        return;
      }
    }
    void submit(async () => {
      const saved = await call('device.updateSettings', {
        cardReader: form.cardReader.trim() === '' ? null : form.cardReader.trim(),
        serialPath: form.serialPath.trim() === '' ? null : form.serialPath.trim(),
        serialBaudRate: Number(form.serialBaudRate),
        serialTerminator: form.serialTerminator,
        hid:
          form.hidMode === 'none'
            ? null
            : {
                vendorId: parseInt(form.vendorId, 16),
                productId: parseInt(form.productId, 16),
                mode: form.hidMode,
              },
      });
      setForm(formOf(saved));
      setNotice(t('admin.device.saved'));
    });
  }

  return (
    <section aria-labelledby="device-settings-title">
      <h3 id="device-settings-title">{t('admin.device.title')}</h3>
      <form onSubmit={onSubmit}>
        <Field
          id="device-card-reader"
          label={t('admin.device.cardReader')}
          value={form.cardReader}
          onChange={(event) => edit({ cardReader: event.target.value })}
        />
        <Field
          id="device-serial-path"
          label={t('admin.device.serialPath')}
          value={form.serialPath}
          onChange={(event) => edit({ serialPath: event.target.value })}
        />
        <Field
          id="device-baud"
          label={t('admin.device.baudRate')}
          type="number"
          min={1200}
          max={921600}
          required
          value={form.serialBaudRate}
          onChange={(event) => edit({ serialBaudRate: event.target.value })}
        />
        <div className="field">
          <label htmlFor="device-terminator">{t('admin.device.terminator')}</label>
          <select
            id="device-terminator"
            value={form.serialTerminator}
            onChange={(event) => edit({ serialTerminator: event.target.value as Terminator })}
          >
            {TERMINATORS.map((terminator) => (
              <option key={terminator} value={terminator}>
                {t(`admin.device.terminator.${terminator}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="device-hid-mode">{t('admin.device.hidMode')}</label>
          <select
            id="device-hid-mode"
            value={form.hidMode}
            onChange={(event) => edit({ hidMode: event.target.value as HidMode })}
          >
            {HID_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {t(`admin.device.hid.${mode}`)}
              </option>
            ))}
          </select>
        </div>
        {form.hidMode === 'none' ? null : (
          <>
            <Field
              id="device-vendor"
              label={t('admin.device.vendorId')}
              required
              value={form.vendorId}
              onChange={(event) => edit({ vendorId: event.target.value })}
            />
            <Field
              id="device-product"
              label={t('admin.device.productId')}
              required
              value={form.productId}
              onChange={(event) => edit({ productId: event.target.value })}
            />
          </>
        )}
        <ErrorNote text={hexError ?? error} />
        <p role="status">{notice}</p>
        <button type="submit" disabled={busy}>
          {t('admin.device.save')}
        </button>
      </form>
    </section>
  );
}
