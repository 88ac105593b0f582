import { z } from 'zod';
import { backupStatus } from './backup';
import { cardEvent, deviceSettings, deviceStatus, scanEvent, wedgeSettings } from './devices';
import { anchorStatus, clockStatus, dayView, myvasChange, uploadStatus } from './schemas';

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
  'ppv.myvasChanged': myvasChange,
  'session.locked': z.object({ reason: z.enum(['idle', 'requested']) }),
  'device.changed': z.array(deviceStatus),
  'device.settingsChanged': deviceSettings,
  /** The station's wedge scanner GS key changed: its screens take scans with the new key. */
  'device.wedgeChanged': wedgeSettings,
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
  /** A desk was paired or revoked, or came or went: the desk list is out of date. */
  'hub.desksChanged': z.object({}),
  /**
   * A desk's link to its hub, told by the desk's own side (its main process or its page), signed in
   * or not: lost, or back — with what became of the writes the loss left in doubt.
   */
  'station.link': z.object({
    connected: z.boolean(),
    /** The hub answered, but will not take this desk: it was revoked, or never paired. */
    refused: z.boolean(),
    settled: z.array(z.object({ channel: z.string(), saved: z.boolean() })),
  }),
} as const;
