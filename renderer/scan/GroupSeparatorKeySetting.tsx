import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { call } from '../ppv';
import { ErrorNote } from '../screens/Field';
import { useSubmit } from '../screens/useSubmit';
import { keyName } from './wedge';

/**
 * The key this station's scanner sends for GS when it is not Ctrl+] (set in the scanner's own
 * configuration), set once for the station by a manager or admin: pressed into the field, saved as
 * the station's device setting (audited), cleared with Backspace. A key that codes are made of is
 * refused in words.
 */
export function GroupSeparatorKeySetting({ current }: { current: string | null }) {
  const { t } = useI18n();
  const { error, submit } = useSubmit();
  const [saved, setSaved] = useState('');

  function save(key: string | null) {
    setSaved('');
    void submit(async () => {
      const settings = await call('device.setWedgeGsKey', { groupSeparatorKey: key });
      setSaved(
        settings.groupSeparatorKey === null
          ? t('scanTester.gsKeyCleared')
          : t('scanTester.gsKeySaved', { key: settings.groupSeparatorKey }),
      );
    });
  }

  return (
    <div className="field">
      <label htmlFor="scan-gs-key">{t('scanTester.gsKey')}</label>
      <input
        id="scan-gs-key"
        readOnly
        value={current ?? t('scanTester.gsKeyNone')}
        onKeyDown={(event) => {
          if (event.key === 'Tab' || event.key === 'Shift' || event.key === 'Control') return;
          event.preventDefault();
          save(event.key === 'Backspace' ? null : keyName(event));
        }}
      />
      <ErrorNote text={error} />
      <p role="status">{saved}</p>
    </div>
  );
}
