/**
 * What each station's devices bring to its screens. Adapters (the hub's own, or a desk's relayed
 * over its link) report device states, card reads and scanned text; this keeps the states for the
 * status bar, checks a card's identity against the document rules, classifies scans, and pushes
 * each to the screens of the station it came from, and only there. Events carry no personal data:
 * a card's identity and a scanned document number wait here, briefly, for that station to take them.
 */
import type {
  CardRead,
  CardReaderListener,
  DeviceStatus,
  MyKadIdentity,
  ScannerListener,
} from '../../contract/devices';
import type { ChannelOutput } from '../../contract';
import type { ErrorCode } from '../../contract/errors';
import { localise } from '../../contract/errors';
import type { ScanResult } from '../../contract/scan';
import {
  checkDocumentAgainstPerson,
  findState,
  maskDocNumber,
  normaliseDocument,
} from '../identity';
import type { Clock } from '../shared/clock';
import { DomainError, refuse } from '../shared/errors';
import type { Logger } from '../shared/log';
import { malaysiaDate } from '../shared/time';

/** How long a read card or a scanned document waits for its desk before it is forgotten. */
export const HELD_FOR_MS = 2 * 60_000;
/**
 * Untaken card reads, and untaken scans, one station's devices may leave waiting: past this the
 * oldest goes. A desk that floods its link with reads cannot fill the hub's memory.
 */
export const HELD_PER_STATION = 20;
/** Devices one station may report; more are ignored (a desk has a reader and a scanner or two). */
export const DEVICES_PER_STATION = 16;

/** Classifies scanned text; the pure classifier lives with the devices and is passed in. */
export type ScanClassifier = (text: string) => ScanResult;

type CardIdentity = ChannelOutput<'card.take'>;

/** The event target naming every screen of one station (a desk, or the hub's own). */
export const stationTarget = (station: string): string => `station:${station}`;

export interface DeviceDeskDeps {
  clock: Clock;
  classify: ScanClassifier;
  newId(): string;
  log: Logger;
  /** Each device event is for the screens of the station whose device it came from. */
  publish(
    event: 'device.changed' | 'card.changed' | 'scan.received',
    payload: unknown,
    target: string,
  ): void;
}

interface Held<T> {
  station: string;
  /** The reader or scanner it came from. */
  deviceId: string;
  value: T;
  until: number;
}

const CITIZEN = 'WARGANEGARA';

export function createDeviceDesk(deps: DeviceDeskDeps) {
  /** Device states by station, then by device id. */
  const devices = new Map<string, Map<string, DeviceStatus>>();
  const cards = new Map<string, Held<CardIdentity>>();
  const scans = new Map<string, Held<ScanResult>>();
  /** Stations that reported more devices than they may: logged once until their link goes. */
  const tooMany = new Set<string>();

  function forgetExpired(): void {
    const now = deps.clock.monotonic();
    for (const held of [cards, scans]) {
      for (const [id, item] of held) if (item.until <= now) held.delete(id);
    }
  }

  /** Holds `item` under `id`, letting the station's oldest go past `HELD_PER_STATION`. */
  function hold<T>(held: Map<string, Held<T>>, id: string, item: Held<T>): void {
    held.set(id, item);
    const own = [...held].filter(([, each]) => each.station === item.station);
    for (const [oldest] of own.slice(0, Math.max(0, own.length - HELD_PER_STATION))) {
      held.delete(oldest);
    }
  }

  const devicesOf = (station: string): DeviceStatus[] => [
    ...(devices.get(station)?.values() ?? []),
  ];

  function listenersFor(station: string) {
    const target = stationTarget(station);

    function status(next: DeviceStatus): void {
      const own = devices.get(station) ?? new Map<string, DeviceStatus>();
      devices.set(station, own);
      if (!own.has(next.id) && own.size >= DEVICES_PER_STATION) {
        if (!tooMany.has(station)) deps.log.info('device.tooMany', { station });
        tooMany.add(station);
        return;
      }
      const before = own.get(next.id);
      own.set(next.id, next);
      if (before?.state !== next.state || before.code !== next.code) {
        deps.log.info('device.status', {
          station,
          id: next.id,
          state: next.state,
          code: next.code,
        });
        deps.publish('device.changed', devicesOf(station), target);
      }
    }

    function failed(readerId: string, code: ErrorCode, params: Record<string, string> = {}) {
      deps.log.info('card.failed', { station, readerId, code });
      const error = { code, message: localise(code, params) };
      deps.publish('card.changed', { readerId, state: 'failed', readId: null, error }, target);
    }

    function cardRead(read: CardRead): void {
      forgetExpired();
      if (!read.ok) {
        failed(read.readerId, read.code);
        return;
      }
      let identity: CardIdentity;
      try {
        identity = fromChip(read.identity, malaysiaDate(deps.clock.now()));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        failed(read.readerId, error.code, stringParams(error.params));
        return;
      }
      const readId = deps.newId();
      // A new card replaces what the last one left at the same reader; other readers keep theirs.
      for (const [id, held] of cards) {
        if (held.station === station && held.deviceId === read.readerId) cards.delete(id);
      }
      const until = deps.clock.monotonic() + HELD_FOR_MS;
      hold(cards, readId, { station, deviceId: read.readerId, value: identity, until });
      deps.log.info('card.read', {
        station,
        readerId: read.readerId,
        doc: maskDocNumber(identity.docNumber),
      });
      const event = { readerId: read.readerId, state: 'read', readId, error: null };
      deps.publish('card.changed', event, target);
    }

    function scanned(deviceId: string, text: string): void {
      forgetExpired();
      const result = deps.classify(text);
      const scanId = deps.newId();
      const until = deps.clock.monotonic() + HELD_FOR_MS;
      hold(scans, scanId, { station, deviceId, value: result, until });
      deps.log.info('scan.received', { station, deviceId, kind: result.kind });
      const shown =
        result.kind === 'document'
          ? { ...result, number: maskDocNumber(result.number) }
          : result.kind === 'refused' && result.looksLike === 'document'
            ? { ...result, params: {} }
            : result;
      deps.publish('scan.received', { scanId, deviceId, result: shown }, target);
    }

    const cardListener: CardReaderListener = {
      status,
      reading: (readerId) =>
        deps.publish(
          'card.changed',
          { readerId, state: 'reading', readId: null, error: null },
          target,
        ),
      read: cardRead,
    };
    const scannerListener: ScannerListener = { status, scan: scanned };
    return { cardListener, scannerListener };
  }

  return {
    /** Where one station's device adapters report (the hub's own, or a desk's over its link). */
    listenersFor,
    devices: devicesOf,
    /** A desk's link is gone: its devices are no longer known, and what they left is dropped. */
    forgetStation(station: string): void {
      tooMany.delete(station);
      if (devices.delete(station)) deps.publish('device.changed', [], stationTarget(station));
      for (const held of [cards, scans]) {
        for (const [id, item] of held) if (item.station === station) held.delete(id);
      }
    },
    /** The identity a card read at this station left, once: the desk that takes it fills its form. */
    takeCard(station: string, readId: string): CardIdentity {
      forgetExpired();
      const held = cards.get(readId);
      if (held?.station !== station) refuse('CARD_READ_GONE');
      cards.delete(readId);
      return held.value;
    },
    takeScan(station: string, scanId: string): ScanResult {
      forgetExpired();
      const held = scans.get(scanId);
      if (held?.station !== station) refuse('SCAN_GONE');
      return held.value;
    },
    classify: (text: string): ScanResult => deps.classify(text),
  };
}

export type DeviceDesk = ReturnType<typeof createDeviceDesk>;

/**
 * The chip's identity as the registration form takes it. The chip's birth date is authoritative, but
 * the number must agree with its own rules and with the chip's sex byte and birth date: a
 * disagreement is refused, never silently fixed. The chip's state is given its stored name when the
 * postcode tells which state it is ("WILAYAH PERSEKUTUAN" and 50480 are W.P. Kuala Lumpur).
 */
function fromChip(chip: MyKadIdentity, today: string): CardIdentity {
  const document = normaliseDocument({ docType: 'MYKAD', docNumber: chip.docNumber }, today);
  checkDocumentAgainstPerson(document, { birthDate: chip.birthDate, sex: chip.sex });
  const postcode = /^\d{5}$/.test(chip.address.postcode) ? chip.address.postcode : null;
  const chipState = chip.address.state.trim();
  const addressLine = [...chip.address.lines, chip.address.city]
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(', ');
  return {
    docType: 'MYKAD',
    docNumber: document.key.docNumber,
    fullName: chip.name,
    birthDate: chip.birthDate,
    sex: chip.sex,
    nationality: chip.citizenship.trim().toUpperCase() === CITIZEN ? 'MYS' : null,
    addressLine: addressLine === '' ? null : addressLine,
    postcode,
    state: findState(chipState, postcode ?? '')?.name ?? (chipState === '' ? null : chipState),
    warnings: document.warnings,
  };
}

function stringParams(params: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)]));
}
