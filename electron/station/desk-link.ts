// The desk app's device link to its hub: the desk's card reader and scanners report through it, as
// the hub's own adapters report to its console, so a read at a desk reaches that desk's screens
// only. The hub sends the desk a new token when the link opens (the desk stores it, then says so),
// and its device settings then and whenever they change.
// Everything a desk sends is checked against these schemas: a desk is trusted with its own reads,
// not with the hub's memory.
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { deviceStatus, type CardRead, type DeviceSettings } from '../contract/devices';
import type { ConsoleApp } from '../core/app';
import type { Logger } from '../core/shared/log';

/** Where the desk app opens its device link (with its bearer token, never from a page). */
export const deskLinkPath = '/desk-link';

const text = (max: number) => z.string().max(max);

const myKadIdentity = z.object({
  name: text(200),
  docNumber: text(20),
  sex: z.enum(['M', 'F']),
  birthDate: text(10),
  citizenship: text(60),
  address: z.object({
    lines: z.array(text(120)).max(5),
    postcode: text(10),
    city: text(120),
    state: text(120),
  }),
});

const cardRead = z.union([
  z.object({ ok: z.literal(true), readerId: text(200), identity: myKadIdentity }),
  z.object({
    ok: z.literal(false),
    readerId: text(200),
    code: z.enum([
      'CARD_REMOVED',
      'CARD_NOT_MYKAD',
      'CARD_BLOCKED',
      'CARD_READ_FAILED',
      'CARD_DATA_INVALID',
      'READER_GONE',
    ]),
  }),
]);

/** What a desk sends: its devices' states, card reads and scans, and that it stored its new token. */
export const deskReport = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tokenStored'), token: text(200) }),
  z.object({ type: z.literal('status'), status: deviceStatus }),
  z.object({ type: z.literal('card.reading'), readerId: text(200) }),
  z.object({ type: z.literal('card.read'), read: cardRead }),
  z.object({ type: z.literal('scan'), deviceId: text(200), text: text(2000) }),
]);
export type DeskReport = z.input<typeof deskReport>;

/** What the hub sends a desk's link: its new token first, then its device settings. */
export type HubNotice =
  { type: 'token'; token: string } | { type: 'settings'; settings: DeviceSettings };

type LinkAccess = Pick<ConsoleApp, 'stationDevices' | 'devices'>;

/**
 * Serves one desk's link until it closes; the returned function forgets the desk's devices.
 * `tokenStored`: the desk says it has stored a token (the hub checks it is the one this link gave).
 */
export function serveDeskLink(
  client: WebSocket,
  deskId: string,
  access: LinkAccess,
  log: Logger,
  tokenStored: (token: string) => void,
): () => void {
  const devices = access.stationDevices(deskId);
  const send = (notice: HubNotice) => {
    if (client.readyState === client.OPEN) client.send(JSON.stringify(notice));
  };
  send({ type: 'settings', settings: devices.settings() });
  const stopSettings = devices.onSettingsChanged((settings) =>
    send({ type: 'settings', settings }),
  );

  client.on('message', (data, isBinary) => {
    const parsed = isBinary ? null : deskReport.safeParse(safeJson(data.toString()));
    if (!parsed?.success) {
      log.info('desk.reportInvalid', { desk: deskId });
      return;
    }
    const report = parsed.data;
    switch (report.type) {
      case 'tokenStored':
        return tokenStored(report.token);
      case 'status':
        return devices.cardListener.status(report.status);
      case 'card.reading':
        return devices.cardListener.reading(report.readerId);
      case 'card.read':
        return devices.cardListener.read(report.read as CardRead);
      case 'scan':
        return devices.scannerListener.scan(report.deviceId, report.text);
    }
  });

  return () => {
    stopSettings();
    access.devices.forgetStation(deskId);
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
