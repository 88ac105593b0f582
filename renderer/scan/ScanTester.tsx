import { useMemo, useState, type KeyboardEvent } from 'react';
import type { ScanResult } from '../../electron/contract/scan';
import { createWedgeDetector } from './wedge';

type Outcome =
  | { kind: 'scan'; text: string; result: ScanResult | null }
  | { kind: 'typed'; text: string }
  | null;

/**
 * A field to try a keyboard-wedge scanner on: a burst ended by Enter is taken as a scan and shown
 * as the console classifies it; the same keys typed by hand stay in the field as typing.
 */
export function ScanTester() {
  const detector = useMemo(() => createWedgeDetector(), []);
  const [value, setValue] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const verdict = detector.key(event.key, event.timeStamp);
    if (verdict.kind === 'scan') {
      event.preventDefault();
      const text = verdict.text;
      setValue((current) => (current.endsWith(text) ? current.slice(0, -text.length) : current));
      setOutcome({ kind: 'scan', text, result: null });
      void window.ppv.invoke('scan.classify', { text }).then((reply) => {
        setOutcome({ kind: 'scan', text, result: reply.ok ? reply.value : null });
      });
    } else if (event.key === 'Enter') {
      setOutcome({ kind: 'typed', text: value });
    }
  }

  return (
    <section aria-labelledby="scan-tester-title">
      <h2 id="scan-tester-title">
        Uji pengimbas <span lang="en">(Test a scanner)</span>
      </h2>
      <label htmlFor="scan-tester-input">
        Imbas kod, atau taip dan tekan Enter{' '}
        <span lang="en">(Scan a code, or type and press Enter)</span>
      </label>
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
            ? `Imbasan: ${outcome.result?.kind ?? '…'}`
            : `Ditaip: ${outcome.text}`}
      </p>
    </section>
  );
}
