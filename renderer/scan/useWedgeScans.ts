import { useEffect, useRef } from 'react';
import { useLive } from '../screens/useLive';
import { createWedgeDetector, keyName, stationWedgeOptions } from './wedge';

/**
 * The key this station's wedge scanner sends for GS besides Ctrl+]: the station's device setting
 * (a manager or admin sets it once), kept current by its event; null: Ctrl+] only.
 */
export function useGroupSeparatorKey(): string | null {
  const settings = useLive('device.wedgeSettings', 'device.wedgeChanged', (payload) => payload);
  return settings?.groupSeparatorKey ?? null;
}

function isTextEntry(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLInputElement &&
      !['radio', 'checkbox', 'button'].includes(target.type)) ||
    (target instanceof HTMLElement && target.isContentEditable)
  );
}

/**
 * Takes keyboard-wedge scans wherever focus is on the screen: on a button, on nothing, or in a field
 * marked `data-scan-field`. A scan's closing Enter does not reach the button in focus (it would
 * press it); a field where a person types something else (a reason, a note) is left alone.
 */
export function useWedgeScans(onScan: (text: string) => void): void {
  const latest = useRef(onScan);
  latest.current = onScan;
  const groupSeparatorKey = useGroupSeparatorKey();

  useEffect(() => {
    const detector = createWedgeDetector(stationWedgeOptions(groupSeparatorKey));
    function onKeyDown(event: KeyboardEvent) {
      const target = event.target;
      const scanField = target instanceof HTMLElement && target.dataset.scanField !== undefined;
      if (!scanField && isTextEntry(target)) return;
      const verdict = detector.key(keyName(event), event.timeStamp);
      if (verdict.kind === 'scan') {
        event.preventDefault();
        event.stopPropagation();
        latest.current(verdict.text);
      }
    }
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [groupSeparatorKey]);
}
