import { expect } from 'vitest';
import type { ChannelInput, ChannelName, ChannelParsedInput, ErrorBody } from '../../contract';
import { createAuditLog } from '../audit';
import { createAttemptGuard } from '../auth/attempts';
import { createSecretChecks } from '../auth/checks';
import { createSecretHasher } from '../auth/secrets';
import { createUsers } from '../auth/users';
import { createCatalogueStore } from '../catalogue/store';
import { createOpenDayLookup } from '../days/open-day';
import type { CoreDeps } from '../deps';
import type { Actor } from '../dispatch/types';
import { normaliseDocument } from '../identity';
import { DomainError } from '../shared/errors';
import { malaysiaDate } from '../shared/time';
import { createSettings } from '../ppv/settings';
import { uuidV7 } from '../shared/ids';
import { createHarness, TEST_HASH_COST, TEST_PIN, type Harness } from './harness';
import { birthDateOf, dashed, syntheticMyKad, syntheticName } from './synthetic';
import type { DoseContext } from '../doses/service';
import { createUploadStore } from '../upload/store';
import { createBatchViews } from '../upload/views';

/** Synthetic GTINs of the default catalogue (restricted-circulation range, never a real item). */
export const GTIN = {
  COMIRNATY: '00200000000011',
  CORONAVAC: '00200000000110',
  VAXZEVRIA: '00200000000219',
  CONVIDECIA: '00200000000318',
} as const;
export type ProductCode = keyof typeof GTIN;

/** A well-formed UUIDv7 that names no row. */
export const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

export type RegisterInput = ChannelInput<'recipient.register'>;

/** What every synthetic walk-in registers besides who they are. */
const WALK_IN = {
  nationality: 'MYS',
  addressLine: null,
  postcode: '52100',
  state: 'W.P. Kuala Lumpur',
  phone: '+60123456789',
  consent: true,
  duplicateApproval: null,
} as const;

/** The recipient.register input of synthetic recipient `index` (male, born per `birthDateOf`). */
export function nthRecipient(index: number, overrides: Partial<RegisterInput> = {}): RegisterInput {
  return {
    document: { docType: 'MYKAD', docNumber: syntheticMyKad(index), docCountry: null },
    fullName: syntheticName(index),
    birthDate: birthDateOf(index),
    sex: 'M',
    ...WALK_IN,
    ...overrides,
  };
}

/** A walk-in MyKad holder born 1990-01-01 (female), her number typed with dashes. */
export function newRecipient(overrides: Partial<RegisterInput> = {}): RegisterInput {
  return {
    document: {
      docType: 'MYKAD',
      docNumber: dashed(syntheticMyKad({ birthDate: '1990-01-01', sex: 'F' })),
      docCountry: null,
    },
    fullName: 'Siti Aminah binti Ujian',
    birthDate: '1990-01-01',
    sex: 'F',
    ...WALK_IN,
    ...overrides,
  };
}

/** The harness's PPV's settings as `ppv.updateSettings` takes them, with MyVAS set; add an approval. */
export const PPV_SETTINGS = {
  name: 'PPV Dewan Komuniti Ujian',
  state: 'W.P. Kuala Lumpur',
  district: 'Kepong',
  myvasEndpoint: 'https://myvas.example.gov.my',
  myvasToken: 'token-ujian-yang-panjang',
  idleLockMinutes: 5,
  exportRowLimit: 50,
  retentionDays: 365,
} as const;

export interface StationStaff {
  managerId: string;
  clerkId: string;
  vaccinatorId: string;
}

/** Sets up the PPV and signs in a manager ('mgr'), a clerk ('desk') and a vaccinator ('vax'). */
export async function setUpStation(h: Harness): Promise<StationStaff> {
  await h.setUpPpv();
  return {
    managerId: (await h.staff('mgr', ['manager'], 'MGR01')).userId,
    clerkId: (await h.staff('desk', ['clerk'], 'CLERK01')).userId,
    vaccinatorId: (await h.staff('vax', ['vaccinator'], 'VAX01')).userId,
  };
}

/**
 * The console restarted over the same database, its PC clock now reading `wallClock`, and the
 * station's staff (`setUpStation`) signed in again at their desks. The caller closes the harness.
 */
export async function restartStation(h: Harness, wallClock: number): Promise<Harness> {
  await h.db.close();
  const again = createHarness({ file: h.file, start: wallClock });
  for (const [desk, staffId] of [
    ['mgr', 'MGR01'],
    ['desk', 'CLERK01'],
    ['vax', 'VAX01'],
  ] as const) {
    await again.okAsync(desk, 'auth.signIn', { staffId, secret: TEST_PIN });
  }
  return again;
}

/**
 * The stations one test opens, all closed by `closeAll` (the test file's `afterEach`): fresh ones
 * (`createStation`) and the same database restarted (`restartStation`).
 */
export function openedStations() {
  const opened: Harness[] = [];
  const kept = (h: Harness): Harness => {
    opened.push(h);
    return h;
  };
  return {
    create: async (): Promise<Harness> => kept(await createStation()),
    restart: async (h: Harness, wallClock: number): Promise<Harness> =>
      kept(await restartStation(h, wallClock)),
    closeAll(): void {
      for (const harness of opened.splice(0)) harness.close();
    },
  };
}

/** The manager opens a walk-in day, confirming the date and time the console shows. */
export function openWalkIn(h: Harness) {
  return h.ok('mgr', 'day.open', { channel: 'walk-in', confirmedTime: h.app.clock.now().at });
}

/**
 * A fresh harness with the station set up (`setUpStation`) and, unless `openDay` is false, a walk-in
 * day open: where most tests start.
 */
export async function createStation(options: { openDay?: boolean } = {}): Promise<Harness> {
  const h = createHarness();
  await setUpStation(h);
  if (options.openDay !== false) openWalkIn(h);
  return h;
}

export interface Visitor {
  index: number;
  docNumber: string;
  recipientId: string;
  registrationId: string;
}

/** Registers synthetic recipient `index` (first visit) and confirms presence by MyKad. */
export function arrive(h: Harness, index: number, options: { confirm?: boolean } = {}): Visitor {
  const input = nthRecipient(index);
  const docNumber = input.document.docNumber;
  const { recipient, registration } = h.ok('desk', 'recipient.register', input);
  const visitor = {
    index,
    docNumber,
    recipientId: recipient.recipientId,
    registrationId: registration.registrationId,
  };
  if (options.confirm !== false) confirm(h, visitor);
  return visitor;
}

/** A known recipient comes back on a later day for their next dose. */
export function returns(h: Harness, visitor: Visitor): Visitor {
  const registration = h.ok('desk', 'registration.create', {
    recipientId: visitor.recipientId,
    phone: WALK_IN.phone,
    consent: true,
  });
  const again = { ...visitor, registrationId: registration.registrationId };
  confirm(h, again);
  return again;
}

/**
 * A synthetic MyKad holding `docNumber` goes into the hub's reader (or a paired desk's, `station`);
 * returns the read id its card.changed event names.
 */
export function readCard(
  h: Harness,
  docNumber: string,
  options: { fullName?: string; station?: string } = {},
): string {
  const digits = docNumber.replace(/[\s-]/g, '');
  const document = normaliseDocument(
    { docType: 'MYKAD', docNumber: digits },
    malaysiaDate(h.clock.now()),
  );
  if (!document.myKad) throw new Error('not a MyKad number');
  const reader = options.station
    ? h.app.stationDevices(options.station).cardListener
    : h.app.devices.cardListener;
  reader.read({
    ok: true,
    readerId: 'pcsc:Virtual PCD',
    identity: {
      name: options.fullName ?? 'Pemegang Kad Ujian',
      docNumber: digits,
      sex: document.myKad.sex,
      birthDate: document.myKad.birthDate,
      citizenship: 'WARGANEGARA',
      address: { lines: ['1 Jalan Ujian'], postcode: '52100', city: 'Kepong', state: 'W.P. KL' },
    },
  });
  const read = h.events.at(-1);
  const readId = (read?.payload as { readId?: unknown } | undefined)?.readId;
  if (read?.event !== 'card.changed' || typeof readId !== 'string') {
    throw new Error('the card was not read');
  }
  return readId;
}

/** The vaccinator confirms presence by the visitor's MyKad, read at the station's reader. */
export function confirm(h: Harness, visitor: Pick<Visitor, 'registrationId' | 'docNumber'>): void {
  h.ok('vax', 'presence.confirm', {
    registrationId: visitor.registrationId,
    method: 'MYKAD',
    readId: readCard(h, visitor.docNumber),
  });
}

export function openVial(
  h: Harness,
  product: ProductCode = 'COMIRNATY',
  extra: { lot?: string; expiry?: string; serial?: string | null } = {},
) {
  return h.ok('vax', 'vial.open', {
    gtin: GTIN[product],
    lot: extra.lot ?? `LOT-${product.slice(0, 3)}1`,
    expiry: extra.expiry ?? '2027-12-31',
    serial: extra.serial ?? null,
    // The vaccinator checked the lot shown: these tests' lots are not recorded as delivered.
    lotConfirmed: true,
  });
}

/** The dose.record input: `visitor` given a dose from `vialId` at `administeredAt` (now), left deltoid. */
export function doseInput(
  h: Harness,
  visitor: { registrationId: string },
  vialId: string,
  administeredAt = h.clock.now(),
): ChannelParsedInput<'dose.record'> {
  return { registrationId: visitor.registrationId, vialId, administeredAt, site: 'L_DELTOID' };
}

/** The vaccinator records a dose per `doseInput`. */
export function recordDose(
  h: Harness,
  visitor: { registrationId: string },
  vialId: string,
  administeredAt = h.clock.now(),
) {
  return h.ok('vax', 'dose.record', doseInput(h, visitor, vialId, administeredAt));
}

/** Gives `visitor` a dose now from a vial of `product` opened (or found open) for it. */
export function vaccinate(h: Harness, visitor: { registrationId: string }, product?: ProductCode) {
  return recordDose(h, visitor, openVial(h, product).vialId);
}

/** A time server says the PC clock is `offsetMs` behind it (ahead, when negative). */
export function skewClock(h: Harness, offsetMs: number, source = 'test') {
  const device = h.clock.now();
  return h.app.clock.record({
    source,
    deviceSentAt: device,
    deviceReceivedAt: device,
    monotonicReceivedAt: h.clock.monotonic(),
    serverTime: device + offsetMs,
  });
}

/** The stored row of a dose; fails the test when there is none. */
export function doseRow(h: Harness, doseId: string): Record<string, unknown> {
  const row = h.db.sqlite
    .prepare<[string], Record<string, unknown>>('SELECT * FROM doses WHERE id = ?')
    .get(doseId);
  if (!row) throw new Error('dose row missing');
  return row;
}

/** The stored queue status of a registration, or 'missing'. */
export function queueStatus(h: Harness, registrationId: string): string {
  return (
    h.db.sqlite
      .prepare<[string], { queue_status: string }>(
        'SELECT queue_status FROM registrations WHERE id = ?',
      )
      .get(registrationId)?.queue_status ?? 'missing'
  );
}

/** The stored records of a sealed batch, in order. */
export function batchRows(h: Harness, batchId: string) {
  return h.db.sqlite
    .prepare<
      [string],
      { record_id: string; position: number; record_type: string; canonical: string }
    >(
      'SELECT record_id, position, record_type, canonical FROM batch_records WHERE batch_id = ? ORDER BY position',
    )
    .all(batchId);
}

/** Releases every observation and reconciles every vial of the open day, then closes it. */
export function closeDay(h: Harness) {
  const day = h.ok('mgr', 'day.current', {});
  if (!day) throw new Error('no open day');
  const inObservation = h.db.sqlite
    .prepare<[string], { id: string }>(
      `SELECT id FROM doses WHERE day_id = ? AND void_record_id IS NULL
         AND observation_released_at IS NULL`,
    )
    .all(day.dayId);
  for (const { id } of inObservation) {
    h.ok('vax', 'observation.release', { doseId: id, adverseEventNote: null });
  }
  for (const vial of h.ok('mgr', 'vial.list', { limit: 100 }).items) {
    if (!vial.reconciled) {
      h.ok('mgr', 'vial.reconcile', {
        vialId: vial.vialId,
        dosesWasted: vial.dosesPerVial - vial.dosesDrawn,
      });
    }
  }
  return h.ok('mgr', 'day.close', {});
}

/** Closes the open day (if any), moves the clock on whole days, and opens the next day at 08:00. */
export async function laterDay(h: Harness, days: number): Promise<void> {
  if (h.ok('mgr', 'day.current', {})) closeDay(h);
  const now = h.clock.now();
  const eightAm = now - ((now + 8 * 3_600_000) % 86_400_000) + 8 * 3_600_000;
  await advance(h, eightAm + days * 86_400_000 - now);
  openWalkIn(h);
}

/** Moves the clock on; the desks' PINs unlock their idle-locked sessions. */
export async function advance(h: Harness, ms: number): Promise<void> {
  h.clock.advance(ms);
  for (const desk of ['mgr', 'desk', 'vax'])
    await h.okAsync(desk, 'auth.unlock', { secret: TEST_PIN });
}

/** The dependencies the console builds, over the harness's database, for service-level tests. */
export function coreDeps(h: Harness, overrides: Partial<CoreDeps> = {}): CoreDeps {
  const users = createUsers(h.db, uuidV7);
  return {
    db: h.db,
    clock: h.app.clock,
    settings: createSettings(h.db),
    days: createOpenDayLookup(h.db),
    catalogue: createCatalogueStore(h.db),
    users,
    audit: createAuditLog(h.db),
    newId: uuidV7,
    batchViews: createBatchViews(h.db, createUploadStore(h.db), h.app.clock),
    checks: createSecretChecks({
      users,
      guard: createAttemptGuard(h.clock),
      hasher: createSecretHasher(TEST_HASH_COST),
    }),
    ...overrides,
  };
}

/** A handler context outside the dispatcher, for calling the service directly. */
export function serviceContext(h: Harness, actor: Actor): DoseContext {
  return {
    actor,
    now: h.app.clock.now(),
    describe: () => undefined,
    emit: () => undefined,
  };
}

export function actorOf(h: Harness, connectionId: string): Actor {
  const session = h.ok(connectionId, 'auth.session', {});
  return { ...session, roles: [...session.roles] };
}

/** Expects the call refused, with nothing written (audit included); returns the refusal. */
export function cleanRefusal<C extends ChannelName>(
  h: Harness,
  connectionId: string,
  channel: C,
  input: unknown,
): ErrorBody {
  const before = h.counts();
  const error = h.refusal(connectionId, channel, input);
  expect(h.counts()).toEqual(before);
  return error;
}

/** Expects the call refused, with nothing written (audit included); returns the refusal's code. */
export function refusedCleanly<C extends ChannelName>(
  h: Harness,
  connectionId: string,
  channel: C,
  input: unknown,
): string {
  return cleanRefusal(h, connectionId, channel, input).code;
}

/** Expects a direct service call refused with nothing written; returns the refusal. */
export function serviceRefusal(h: Harness, call: () => unknown): DomainError {
  const before = h.counts();
  let refusal: unknown = null;
  try {
    call();
  } catch (error) {
    refusal = error;
  }
  expect(refusal).toBeInstanceOf(DomainError);
  expect(h.counts()).toEqual(before);
  return refusal as DomainError;
}
