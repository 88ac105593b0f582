import { describe, expect, it } from 'vitest';
import { channels } from '../../../electron/contract/channels';
import { SYSTEM_AUDIT_ACTIONS } from '../../../electron/contract/vocabulary';
import { auditEn, auditEntryKey, auditMs } from './messages';

/** Every action the audit log can record: each write channel's entry and the console's own. */
const writtenActions = [
  ...Object.entries(channels)
    .filter(([, spec]) => spec.writes)
    .map(([name]) => name),
  ...SYSTEM_AUDIT_ACTIONS,
];

describe('the audit log in words', () => {
  it.each(writtenActions)('%s has words in Malay and English', (action) => {
    const key = `audit.${action}` as keyof typeof auditMs;
    expect(auditMs[key]?.trim(), `${action} has no Malay words`).toBeTruthy();
    expect(auditEn[key]?.trim(), `${action} has no English words`).toBeTruthy();
    expect(auditMs[key]).not.toBe(action);
  });

  it('holds no words for an action nothing writes', () => {
    const written = new Set(writtenActions.map((action) => `audit.${action}`));
    const presence = Object.keys(auditMs).filter((key) => key.startsWith('audit.presence.by'));
    expect(Object.keys(auditMs).filter((key) => !written.has(key))).toEqual(presence);
  });

  it.each([
    [
      'presence.scan',
      'MYKAD',
      'Presence confirmed by a card read',
      'Kehadiran disahkan dengan bacaan kad',
    ],
    [
      'presence.confirm',
      'MYKAD',
      'Presence confirmed by a card read',
      'Kehadiran disahkan dengan bacaan kad',
    ],
    [
      'presence.scan',
      'SLIP_QR',
      'Presence confirmed by a slip scan',
      'Kehadiran disahkan dengan imbasan slip',
    ],
    [
      'presence.confirm',
      'MYKAD_TYPED',
      'Presence confirmed by a MyKad number typed, with a reason',
      'Kehadiran disahkan dengan nombor MyKad yang ditaip, beserta sebab',
    ],
  ])('%s by %s reads “%s”', (action, method, english, malay) => {
    const key = auditEntryKey({ action, detail: { method } });
    expect(key && auditEn[key]).toBe(english);
    expect(key && auditMs[key]).toBe(malay);
  });

  it('shows an action of an older version as its code', () => {
    expect(auditEntryKey({ action: 'old.action', detail: {} })).toBeNull();
  });
});
