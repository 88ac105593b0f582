import { useEffect, useRef } from 'react';
import { createWedgeDetector, keyName, stationWedgeOptions } from './wedge';

const GROUP_SEPARATOR_KEY = 'ppv.scan.groupSeparatorKey';

/** The key this station's wedge scanner is set to send for GS (besides Ctrl+]), or null. */
export function storedGroupSeparatorKey(): string | null {
  try {
    return localStorage.getItem(GROUP_SEPARATOR_KEY);
  } catch {
    return null;
  }
}

export function storeGroupSeparatorKey(key: string | null): void {
  try {
    if (key === null || key === '') localStorage.removeItem(GROUP_SEPARATOR_KEY);
    else localStorage.setItem(GROUP_SEPARATOR_KEY, key);
  } catch {
    // A browser that keeps nothing: the scanner's GS must then be Ctrl+].
  }
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

  useEffect(() => {
    const detector = createWedgeDetector(stationWedgeOptions(storedGroupSeparatorKey()));
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
  }, []);
}
