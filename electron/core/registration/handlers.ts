import { nextDoseDue, type PriorDose } from '../catalogue';
import { assertDayIsToday, assertDayTakesRecords, type DayRow } from '../days/open-day';
import type { CoreDeps } from '../deps';
import type { ChannelParsedInput } from '../../contract';
import type { CheckedSecret } from '../auth/checks';
import { afterApproval } from '../dispatch/staged';
import type { Handlers, HandlerContext, PrepareContext } from '../dispatch/types';
import {
  checkDocumentAgainstPerson,
  displayDocNumber,
  isJpnKey,
  maskDocNumber,
  normaliseDocument,
  SPACES_AND_DASHES,
  type IdentityKey,
} from '../identity';
import type { PersonalDataGuard } from '../privacy/reads';
import { parseSlipQr } from '../../contract/slip';
import { refuse } from '../shared/errors';
import { isCalendarDate, malaysiaDate, malaysiaMidnight } from '../shared/time';
import {
  approveDuplicate,
  assertMayRegister,
  checkPerson,
  nearBirthDates,
  newSlipToken,
  cardNumberMatches,
  slipMatches,
  visitPhone,
} from './rules';
import {
  createRegistrationStore,
  type PresenceProof,
  type QueueRow,
  type RecipientRow,
  type RegistrationRow,
} from './store';
import type { PossibleDuplicate } from './views';
import {
  decodeQueueCursor,
  duplicateCandidate,
  encodeQueueCursor,
  queueEntry,
  queueStart,
  recipientView,
  registrationView,
} from './views';

type Channels =
  | 'identity.check'
  | 'recipient.findByDocument'
  | 'recipient.get'
  | 'recipient.register'
  | 'recipient.correctDocType'
  | 'registration.create'
  | 'queue.list'
  | 'registration.setOutcome'
  | 'presence.confirm'
  | 'presence.scan'
  | 'recipient.export';

const MAX_DUPLICATE_CANDIDATES = 5;
const TWELVE_DIGITS = /^\d{12}$/;
const MALAYSIA = 'MYS';
const DAY_MS = 24 * 60 * 60 * 1000;

/** The chip's document number of a card read at the caller's station, taken once. */
export type TakeCardRead = (readId: string, context: HandlerContext) => { docNumber: string };

/** A document's identity key as one string: what a lookup that found nobody is counted by. */
const keyText = (key: IdentityKey) => `${key.docType}:${key.docCountry}:${key.docNumber}`;

export function registrationHandlers(
  deps: CoreDeps,
  guard: PersonalDataGuard,
  takeCardRead: TakeCardRead,
): Pick<Handlers, Channels> {
  const { days, newId } = deps;
  const store = createRegistrationStore(deps.db);

  /** The recipient as the desk sees them at `at`: the next dose is timed from that day. */
  function viewOf(recipient: RecipientRow, at: number) {
    const doses = store.dosesOf(recipient.id);
    const history: PriorDose[] = doses
      .filter((dose) => dose.void_record_id === null)
      .map((dose) => ({
        productCode: dose.product_code,
        doseNumber: dose.dose_number,
        series: dose.series,
        date: malaysiaDate(dose.administered_at),
      }));
    const nextDose = nextDoseDue(deps.catalogue.load(), history, malaysiaDate(at));
    return recipientView(recipient, doses, store.lastPhone(recipient.id), nextDose);
  }

  const reloadRegistration = (registrationId: string): RegistrationRow =>
    store.registration(registrationId) ?? refuse('REGISTRATION_NOT_FOUND');

  /** Puts a recipient in the open day's queue. */
  function enqueue(
    recipientId: string,
    day: DayRow,
    phone: string | null,
    context: HandlerContext,
  ): RegistrationRow {
    const registrationId = newId();
    store.insertRegistration({
      id: registrationId,
      recipientId,
      dayId: day.id,
      channel: day.channel,
      phone,
      slipToken: newSlipToken(),
      registeredAt: context.now.at,
      registeredDeviceAt: context.now.deviceAt,
      registeredBy: context.actor.userId,
    });
    return reloadRegistration(registrationId);
  }

  function queueChanged(dayId: string, context: HandlerContext): void {
    context.emit('queue.changed', { dayId, waiting: store.waitingCount(dayId) });
  }

  /**
   * Recipients who may be the same person as a new registration: a name key in common and a birth
   * date equal, a day apart or with day and month swapped; or, for a passport, the same number
   * under another issuing country; or JPN's 12 digits both as a JPN number and as the number of a
   * document JPN does not issue (MyTentera, passport), either way round. Oldest first, at most
   * MAX_DUPLICATE_CANDIDATES.
   */
  function possibleDuplicates(key: IdentityKey, nameKeys: string[], birthDate: string) {
    const found = new Map<string, PossibleDuplicate>();
    const add = (rows: RecipientRow[], match: PossibleDuplicate['match']) => {
      for (const row of rows) if (!found.has(row.id)) found.set(row.id, { row, match });
    };
    if (key.docType === 'PASSPORT') {
      add(store.samePassportOtherCountry(key, MAX_DUPLICATE_CANDIDATES), 'PASSPORT_OTHER_COUNTRY');
    }
    if (isJpnKey(key)) {
      add(
        store.jpnDigitsOtherDocument(key.docNumber, MAX_DUPLICATE_CANDIDATES),
        'JPN_NUMBER_OTHER_DOCUMENT',
      );
    } else if (TWELVE_DIGITS.test(key.docNumber)) {
      const holder = store.recipientByIdentity({ ...key, docType: 'MYKAD', docCountry: MALAYSIA });
      if (holder) add([holder], 'JPN_NUMBER_OTHER_DOCUMENT');
    }
    const byName = store.sameNameNearBirth(
      nameKeys,
      nearBirthDates(birthDate),
      MAX_DUPLICATE_CANDIDATES,
    );
    add(byName, 'NAME_AND_BIRTH_DATE');
    return [...found.values()]
      .sort((a, b) => a.row.created_at - b.row.created_at || a.row.id.localeCompare(b.row.id))
      .slice(0, MAX_DUPLICATE_CANDIDATES);
  }

  /** A registration of the open day that is still waiting. */
  function waitingRegistration(registrationId: string): {
    day: DayRow;
    registration: RegistrationRow;
  } {
    const day = days.require();
    const registration = store.registration(registrationId);
    if (!registration || registration.day_id !== day.id) return refuse('REGISTRATION_NOT_FOUND');
    if (registration.queue_status !== 'waiting') refuse('REGISTRATION_NOT_WAITING');
    return { day, registration };
  }

  /** A duplicate's approval, its manager PIN checked off the event loop before the transaction. */
  const approvalOf = (
    input: ChannelParsedInput<'recipient.register'>,
    prepared: PrepareContext,
  ): Promise<CheckedSecret> | null =>
    input.duplicateApproval &&
    deps.checks.approval(
      {
        staffId: input.duplicateApproval.managerStaffId,
        secret: input.duplicateApproval.managerSecret,
      },
      prepared.call,
      prepared.now.at,
    );

  /**
   * What proves the recipient is here: a card read at this station whose chip number is theirs, the
   * registration's slip QR, or their MyKad number typed by hand (with a reason, shown on the record).
   */
  function presenceProof(
    input: ChannelParsedInput<'presence.confirm'>,
    context: HandlerContext,
    registration: RegistrationRow,
    recipient: RecipientRow,
  ): PresenceProof {
    switch (input.method) {
      case 'MYKAD': {
        const card = takeCardRead(input.readId, context);
        if (!cardNumberMatches(card.docNumber, recipient)) refuse('PRESENCE_MISMATCH');
        return { method: 'MYKAD', readId: input.readId };
      }
      case 'SLIP_QR':
        if (!slipMatches(input.scanned, registration)) refuse('PRESENCE_MISMATCH');
        return { method: 'SLIP_QR' };
      case 'MYKAD_TYPED':
        if (!cardNumberMatches(input.scanned, recipient)) {
          // A wrong number typed for a queued person is a guess at their document: a lookup.
          guard.lookedUpNobody(context, 'presence.confirm', `typed:${input.scanned}`);
          refuse('PRESENCE_MISMATCH');
        }
        return { method: 'MYKAD_TYPED', reason: input.reason };
    }
  }

  /**
   * Who a scan at the station is, and its proof of presence: a slip QR, a card read at this station
   * (its read id), or a MyKad number typed with a reason. A MyKad number that came as a scan is no
   * card read: it is refused as a slip, and counts as a lookup when typed and nobody has it.
   */
  function scannedPresence(
    input: ChannelParsedInput<'presence.scan'>,
    context: HandlerContext,
    dayId: string,
  ): { found: QueueRow; proof: PresenceProof } {
    switch (input.method) {
      case 'SLIP_QR': {
        const token = parseSlipQr(input.scanned);
        if (token === null) {
          const digits = input.scanned.replace(SPACES_AND_DASHES, '');
          return refuse(
            TWELVE_DIGITS.test(digits) ? 'PRESENCE_NUMBER_NOT_CARD' : 'PRESENCE_NOT_IN_QUEUE',
          );
        }
        const found = store.waitingWithSlip(dayId, token) ?? refuse('PRESENCE_NOT_IN_QUEUE');
        return { found, proof: { method: 'SLIP_QR' } };
      }
      case 'MYKAD': {
        const card = takeCardRead(input.readId, context);
        const digits = card.docNumber.replace(SPACES_AND_DASHES, '');
        const found = store.waitingWithCard(dayId, digits) ?? refuse('PRESENCE_NOT_IN_QUEUE');
        return { found, proof: { method: 'MYKAD', readId: input.readId } };
      }
      case 'MYKAD_TYPED': {
        const digits = input.scanned.replace(SPACES_AND_DASHES, '');
        const found = TWELVE_DIGITS.test(digits) ? store.waitingWithCard(dayId, digits) : null;
        if (!found) {
          guard.lookedUpNobody(context, 'presence.scan', `MYKAD:MYS:${digits}`);
          return refuse('PRESENCE_NOT_IN_QUEUE');
        }
        guard.read(context, 'presence.scan', found.recipient_id);
        return { found, proof: { method: 'MYKAD_TYPED', reason: input.reason } };
      }
    }
  }

  return {
    'identity.check': (input, context) => {
      const doc = normaliseDocument(input, malaysiaDate(context.now.at));
      const existing = store.recipientByIdentity(doc.key);
      if (existing) {
        guard.read(context, 'identity.check', existing.id);
        guard.take(context, existing.id);
      } else {
        guard.lookedUpNobody(context, 'identity.check', keyText(doc.key));
      }
      return {
        ...doc.key,
        docNumberDisplay: displayDocNumber(doc.key),
        suggestedBirthDate: doc.myKad?.birthDate ?? null,
        alternativeBirthDate: doc.myKad?.birthDateAlternative ?? null,
        sex: doc.myKad?.sex ?? null,
        warnings: doc.warnings,
        existingRecipientId: existing?.id ?? null,
        existingDocType: existing?.doc_type ?? null,
      };
    },

    // A clerk or a manager finds by document, and the one found becomes theirs to read; a
    // vaccinator's work is the recipients present at their station.
    'recipient.findByDocument': (input, context) => {
      const doc = normaliseDocument(input, malaysiaDate(context.now.at));
      const recipient = store.recipientByIdentity(doc.key);
      if (!recipient) {
        guard.lookedUpNobody(context, 'recipient.findByDocument', keyText(doc.key));
        return null;
      }
      const finds = context.actor.roles.some((role) => role === 'clerk' || role === 'manager');
      if (!finds) {
        guard.requireInWork(context, 'recipient.findByDocument', recipient.id, keyText(doc.key));
      }
      guard.read(context, 'recipient.findByDocument', recipient.id);
      guard.take(context, recipient.id);
      return viewOf(recipient, context.now.at);
    },

    'recipient.get': (input, context) => {
      guard.requireInWork(context, 'recipient.get', input.recipientId);
      const recipient = store.recipient(input.recipientId) ?? refuse('RECIPIENT_NOT_FOUND');
      guard.read(context, 'recipient.get', recipient.id);
      return viewOf(recipient, context.now.at);
    },

    'recipient.register': afterApproval(approvalOf, (input, context, checked) => {
      const today = malaysiaDate(context.now.at);
      const day = days.require();
      assertMayRegister(deps, day, input, today);
      assertDayIsToday(day, today);
      const doc = normaliseDocument(input.document, today);
      const person = checkPerson(input, today);
      const phone = visitPhone(input.phone);
      checkDocumentAgainstPerson(doc, { birthDate: input.birthDate, sex: input.sex });

      const existing = store.recipientByIdentity(doc.key);
      if (existing) {
        // The clerk typed this document: the one on file is theirs to show instead.
        guard.read(context, 'recipient.register', existing.id);
        guard.take(context, existing.id);
        refuse('RECIPIENT_EXISTS', {}, { recipientId: existing.id, docType: existing.doc_type });
      }

      const candidates = possibleDuplicates(doc.key, person.nameKeys, input.birthDate);
      let approval: { approverId: string; reason: string } | null = null;
      if (candidates.length > 0) {
        if (!input.duplicateApproval) {
          // Each candidate's name and birth date is a read: a typed number must not show them
          // past the quota or unaudited, as findByDocument would not.
          for (const candidate of candidates) {
            guard.read(context, 'recipient.register', candidate.row.id);
          }
          refuse('POSSIBLE_DUPLICATE', {}, { candidates: candidates.map(duplicateCandidate) });
        }
        approval = {
          approverId: approveDuplicate(deps, checked, context),
          reason: input.duplicateApproval.reason,
        };
      }

      const recipientId = newId();
      store.insertRecipient({
        id: recipientId,
        key: doc.key,
        fullName: input.fullName,
        nameKey: person.nameKey,
        nameKeys: person.nameKeys,
        birthDate: input.birthDate,
        sex: input.sex,
        nationality: input.nationality,
        addressLine: input.addressLine,
        postcode: input.postcode,
        state: person.state,
        duplicateApprovedBy: approval?.approverId ?? null,
        duplicateReason: approval?.reason ?? null,
        createdAt: context.now.at,
        createdBy: context.actor.userId,
      });
      const registration = enqueue(recipientId, day, phone, context);
      context.describe({
        entityType: 'recipient',
        entityId: recipientId,
        detail: {
          registrationId: registration.id,
          dayId: day.id,
          channel: registration.channel,
          docType: doc.key.docType,
          docNumberMasked: maskDocNumber(doc.key.docNumber),
          ...(approval && {
            possibleDuplicateOf: candidates.map((candidate) => candidate.row.id),
            approverId: approval.approverId,
            reason: approval.reason,
          }),
        },
      });
      queueChanged(day.id, context);
      const recipient = store.recipient(recipientId) ?? refuse('RECIPIENT_NOT_FOUND');
      // What the clerk just typed is no read of stored data: theirs to show, outside the quota.
      guard.take(context, recipientId);
      return {
        recipient: viewOf(recipient, context.now.at),
        registration: registrationView(registration),
      };
    }),

    'recipient.correctDocType': (input, context) => {
      guard.requireInWork(context, 'recipient.correctDocType', input.recipientId);
      const recipient = store.recipient(input.recipientId) ?? refuse('RECIPIENT_NOT_FOUND');
      const current: IdentityKey = {
        docType: recipient.doc_type,
        docNumber: recipient.doc_number,
        docCountry: recipient.doc_country,
      };
      const corrected: IdentityKey = { ...current, docType: input.docType };
      if (!isJpnKey(current) || !isJpnKey(corrected) || corrected.docType === current.docType) {
        refuse('DOC_TYPE_CORRECTION_INVALID');
      }
      checkDocumentAgainstPerson(
        { key: corrected },
        { birthDate: recipient.birth_date, sex: recipient.sex },
      );
      if (!store.setDocType(recipient.id, corrected.docType)) refuse('RECIPIENT_NOT_FOUND');
      context.describe({
        entityType: 'recipient',
        entityId: recipient.id,
        detail: {
          from: current.docType,
          to: corrected.docType,
          docNumberMasked: maskDocNumber(current.docNumber),
          reason: input.reason,
        },
      });
      guard.read(context, 'recipient.correctDocType', recipient.id);
      return viewOf(store.recipient(recipient.id) ?? refuse('RECIPIENT_NOT_FOUND'), context.now.at);
    },

    'registration.create': (input, context) => {
      guard.requireInWork(context, 'registration.create', input.recipientId);
      const recipient = store.recipient(input.recipientId) ?? refuse('RECIPIENT_NOT_FOUND');
      const today = malaysiaDate(context.now.at);
      const day = days.require();
      assertMayRegister(deps, day, input, today);
      assertDayIsToday(day, today);
      const already = store.registrationOfDay(recipient.id, day.id);
      if (already) refuse('ALREADY_IN_QUEUE', {}, { registrationId: already.id });

      const registration = enqueue(recipient.id, day, visitPhone(input.phone), context);
      context.describe({
        entityType: 'registration',
        entityId: registration.id,
        detail: {
          recipientId: recipient.id,
          dayId: day.id,
          channel: registration.channel,
          docNumberMasked: maskDocNumber(recipient.doc_number),
        },
      });
      queueChanged(day.id, context);
      return registrationView(registration);
    },

    'queue.list': (input) => {
      const day = days.find();
      if (!day) return { items: [], nextCursor: null };
      const after = input.cursor === null ? queueStart : decodeQueueCursor(input.cursor);
      const rows = store.queuePage(day.id, input.status, after, input.limit + 1);
      const pageRows = rows.slice(0, input.limit);
      const last = pageRows.at(-1);
      return {
        items: pageRows.map(queueEntry),
        nextCursor:
          rows.length > input.limit && last
            ? encodeQueueCursor({ registeredAt: last.registered_at, id: last.id })
            : null,
      };
    },

    'registration.setOutcome': (input, context) => {
      const { day, registration } = waitingRegistration(input.registrationId);
      if (!store.setOutcome(registration.id, input.outcome, input.reason)) {
        refuse('REGISTRATION_NOT_WAITING');
      }
      // The reason may describe the recipient's health: it stays on the registration, which is
      // purged with the personal data, and never enters the append-only audit log.
      context.describe({
        entityType: 'registration',
        entityId: registration.id,
        detail: { outcome: input.outcome, recipientId: registration.recipient_id, dayId: day.id },
      });
      queueChanged(day.id, context);
      return registrationView(reloadRegistration(registration.id));
    },

    'presence.confirm': (input, context) => {
      const { day, registration } = waitingRegistration(input.registrationId);
      assertDayTakesRecords(deps.settings, day, context.now);
      const recipient = store.recipient(registration.recipient_id) ?? refuse('RECIPIENT_NOT_FOUND');
      const proof = presenceProof(input, context, registration, recipient);
      store.confirmPresence(registration.id, proof, context.now.at, context.actor.userId);
      context.describe({
        entityType: 'registration',
        entityId: registration.id,
        detail: {
          method: input.method,
          ...(proof.method === 'MYKAD' && { readId: proof.readId }),
          recipientId: recipient.id,
          dayId: day.id,
        },
      });
      guard.take(context, recipient.id);
      queueChanged(day.id, context);
      return registrationView(reloadRegistration(registration.id));
    },

    'presence.scan': (input, context) => {
      const day = days.require();
      assertDayTakesRecords(deps.settings, day, context.now);
      const { found, proof } = scannedPresence(input, context, day.id);
      const alreadyConfirmed = found.presence_confirmed_at !== null;
      if (!alreadyConfirmed) {
        store.confirmPresence(found.id, proof, context.now.at, context.actor.userId);
        queueChanged(day.id, context);
      }
      context.describe({
        entityType: 'registration',
        entityId: found.id,
        detail: {
          method: proof.method,
          ...(proof.method === 'MYKAD' && { readId: proof.readId }),
          alreadyConfirmed,
          recipientId: found.recipient_id,
          dayId: day.id,
        },
      });
      guard.take(context, found.recipient_id);
      return queueEntry({
        ...found,
        presence_confirmed_at: found.presence_confirmed_at ?? context.now.at,
      });
    },

    'recipient.export': (input, context) => {
      const { exportRowLimit } = deps.settings.get();
      if (input.limit > exportRowLimit) refuse('EXPORT_TOO_LARGE', { limit: exportRowLimit });
      if (!isCalendarDate(input.sessionDate)) {
        refuse('INVALID_INPUT', { issues: 'sessionDate: not a real calendar date' });
      }
      const from = malaysiaMidnight(input.sessionDate);
      const rows = store.exportRows(from, from + DAY_MS, input.limit + 1);
      const truncated = rows.length > input.limit;
      const exported = rows.slice(0, input.limit).map((row) => ({
        docNumberMasked: maskDocNumber(row.doc_number),
        fullName: row.full_name,
        doseNumber: row.dose_number,
        productCode: row.product_code,
        administeredAt: row.administered_at,
      }));
      context.describe({
        entityType: 'export',
        entityId: null,
        detail: {
          reason: input.reason,
          sessionDate: input.sessionDate,
          rows: exported.length,
          limit: input.limit,
          truncated,
        },
      });
      return { rows: exported, truncated };
    },
  };
}
