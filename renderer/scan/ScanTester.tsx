import { useMemo, useState, type KeyboardEvent } from 'react';
import type { ScanResult } from '../../electron/contract/scan';
import { useI18n } from '../i18n/i18n';
import { call } from '../ppv';
import { GroupSeparatorKeySetting } from './GroupSeparatorKeySetting';
import { useGroupSeparatorKey } from './useWedgeScans';
import { createWedgeDetector, keyName, stationWedgeOptions } from './wedge';

type Outcome =
  | { kind: 'scan'; text: string; result: ScanResult | null }
  | { kind: 'typed'; text: string }
  | null;

/**
 * A field to try a keyboard-wedge scanner on: a burst ended by Enter is taken as a scan and shown
 * as the console classifies it; the same keys typed by hand stay in the field as typing.
 */
export function ScanTester() {
  const { t } = useI18n();
  const gsKey = useGroupSeparatorKey();
  const detector = useMemo(() => createWedgeDetector(stationWedgeOptions(gsKey)), [gsKey]);
  const [value, setValue] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const verdict = detector.key(keyName(event), event.timeStamp);
    if (verdict.kind === 'scan') {
      event.preventDefault();
      const text = verdict.text;
      setValue((current) => (current.endsWith(text) ? current.slice(0, -text.length) : current));
      setOutcome({ kind: 'scan', text, result: null });
      void call('scan.classify', { text }).then(
        (result) => setOutcome({ kind: 'scan', text, result }),
        () => setOutcome({ kind: 'scan', text, result: null }),
      );
    } else if (event.key === 'Enter') {
      setOutcome({ kind: 'typed', text: value });
    }
  }

  return (
    <section aria-labelledby="scan-tester-title">
      <h3 id="scan-tester-title">{t('scanTester.title')}</h3>
      <label htmlFor="scan-tester-input">{t('scanTester.label')}</label>
      <input
        id="scan-tester-input"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={onKeyDown}
        autoComplete="off"
      />
      <p role="status" data-testid="scan-outcome">
        {outcome === null
          ? ''
          : outcome.kind === 'scan'
            ? t('scanTester.scanned', {
                kind: outcome.result ? t(`scan.kind.${outcome.result.kind}`) : '…',
              })
            : t('scanTester.typed', { text: outcome.text })}
      </p>
      <GroupSeparatorKeySetting current={gsKey} />
    </section>
  );
}
