import { expect } from 'vitest';
import type { ChannelName } from '../../contract';
import { createAuditLog } from '../audit';
import { createUsers } from '../auth/users';
import { createCatalogueStore } from '../catalogue/store';
import { createOpenDayLookup } from '../days/open-day';
import type { CoreDeps } from '../deps';
import type { Actor } from '../dispatch/types';
import { DomainError } from '../shared/errors';
import { mod11_2CheckCharacter } from '../identity';
import { createSettings } from '../ppv/settings';
import { uuidV7 } from '../shared/ids';
import { TEST_PIN, type Harness } from '../testing/harness';
import type { DoseContext } from './service';

/** Synthetic GTINs of the default catalogue (restricted-circulation range, never a real item). */
export const GTIN = {
  COMIRNATY: '00200000000011',
  CORONAVAC: '00200000000110',
  VAXZEVRIA: '00200000000219',
  CONVIDECIA: '00200000000318',
} as const;
export type ProductCode = keyof typeof GTIN;

/** Birth date of synthetic recipient `index`: distinct for 336 recipients, all born in 1985. */
export function birthDateOf(index: number): string {
  const month = String((Math.floor(index / 28) % 12) + 1).padStart(2, '0');
  return `1985-${month}-${String((index % 28) + 1).padStart(2, '0')}`;
}

/** A synthetic MyKad-shaped number: born per `birthDateOf`, W.P. Kuala Lumpur, male, check digit right. */
export function syntheticMyKad(index: number): string {
  const body = `${birthDateOf(index).slice(2).replaceAll('-', '')}145`;
  for (let seq = 0; seq < 100; seq += 1) {
    const digits = `${body}${String(seq).padStart(2, '0')}`;
    const check = mod11_2CheckCharacter(digits);
    if (check !== 'X' && Number(check) % 2 === 1) return `${digits}${check}`;
  }
  throw new Error('no synthetic number found');
}

/** Signs in a manager ('mgr'), a clerk ('desk') and a vaccinator ('vax'). */
export function setUpStation(h: Harness): void {
  h.setUpPpv();
  h.staff('mgr', ['manager'], 'MGR01');
  h.staff('desk', ['clerk'], 'CLERK01');
  h.staff('vax', ['vaccinator'], 'VAX01');
}

export interface Visitor {
  index: number;
  docNumber: string;
  recipientId: string;
  registrationId: string;
}

/** Registers synthetic recipient `index` (first visit) and confirms presence by MyKad. */
export function arrive(h: Harness, index: number, options: { confirm?: boolean } = {}): Visitor {
  const docNumber = syntheticMyKad(index);
  const { recipient, registration } = h.ok('desk', 'recipient.register', {
    document: { docType: 'MYKAD', docNumber, docCountry: null },
    fullName: `Penerima Ujian ${index}`,
    birthDate: birthDateOf(index),
    sex: 'M',
    nationality: 'MYS',
    addressLine: null,
    postcode: '52100',
    state: 'W.P. Kuala Lumpur',
    phone: '+60123456789',
    consent: true,
    duplicateApproval: null,
  });
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
    phone: '+60123456789',
    consent: true,
  });
  const again = { ...visitor, registrationId: registration.registrationId };
  confirm(h, again);
  return again;
}

export function confirm(h: Harness, visitor: Visitor): void {
  h.ok('vax', 'presence.confirm', {
    registrationId: visitor.registrationId,
    method: 'MYKAD',
    scanned: visitor.docNumber,
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
  });
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
export function laterDay(h: Harness, days: number): void {
  if (h.ok('mgr', 'day.current', {})) closeDay(h);
  const now = h.clock.now();
  const eightAm = now - ((now + 8 * 3_600_000) % 86_400_000) + 8 * 3_600_000;
  advance(h, eightAm + days * 86_400_000 - now);
  h.ok('mgr', 'day.open', { channel: 'walk-in' });
}

/** Moves the clock on; the desks' PINs unlock their idle-locked sessions. */
export function advance(h: Harness, ms: number): void {
  h.clock.advance(ms);
  for (const desk of ['mgr', 'desk', 'vax']) h.ok(desk, 'auth.unlock', { secret: TEST_PIN });
}

/** The dependencies the console builds, over the harness's database, for service-level tests. */
export function coreDeps(h: Harness, overrides: Partial<CoreDeps> = {}): CoreDeps {
  return {
    db: h.db,
    clock: h.app.clock,
    settings: createSettings(h.db),
    days: createOpenDayLookup(h.db),
    catalogue: createCatalogueStore(h.db),
    users: createUsers(h.db, { N: 2 ** 10, r: 8, p: 1 }, uuidV7),
    audit: createAuditLog(h.db),
    newId: uuidV7,
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

/** Expects the call refused, with nothing written (audit included); returns the refusal's code. */
export function refusedCleanly<C extends ChannelName>(
  h: Harness,
  connectionId: string,
  channel: C,
  input: unknown,
): string {
  const before = h.counts();
  const code = h.refused(connectionId, channel, input);
  expect(h.counts()).toEqual(before);
  return code;
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
