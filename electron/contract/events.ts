import { z } from 'zod';
import { backupStatus } from './backup';
import { cardEvent, deviceSettings, deviceStatus, scanEvent } from './devices';
import { anchorStatus, clockStatus, dayView, uploadStatus } from './schemas';

/**
 * Events the main side pushes to every signed-in screen (`session.locked` only to the one it locks).
 * Payloads carry no personal data.
 */
export const events = {
  'day.changed': dayView.nullable(),
  'queue.changed': z.object({ dayId: z.string(), waiting: z.number().int() }),
  'clock.changed': clockStatus,
  'upload.changed': uploadStatus,
  'audit.anchorChanged': anchorStatus,
  'session.locked': z.object({ reason: z.enum(['idle', 'requested']) }),
  'device.changed': z.array(deviceStatus),
  'device.settingsChanged': deviceSettings,
  'card.changed': cardEvent,
  'scan.received': scanEvent,
  'backup.changed': backupStatus,
  /** Someone reached the hourly quota of distinct recipients read: the manager's screen shows it. */
  'privacy.readQuotaReached': z.object({
    staffId: z.string(),
    fullName: z.string(),
    limit: z.number().int(),
    at: z.number().int(),
  }),
} as const;
