import type { ChannelOutput } from '../../contract';
import { displayDocNumber, maskDocNumber } from '../identity';
import { refuse } from '../shared/errors';
import type { DoseSummaryRow, QueueRow, RecipientRow, RegistrationRow } from './store';

type RecipientView = ChannelOutput<'recipient.get'>;
type RegistrationView = ChannelOutput<'registration.create'>;
type QueueEntry = ChannelOutput<'queue.list'>['items'][number];

/** What the desk shows of a recipient: who, their doses, the next one due and the phone last given. */
export function recipientView(
  row: RecipientRow,
  doses: DoseSummaryRow[],
  lastPhone: string | null,
  nextDose: RecipientView['nextDose'],
): RecipientView {
  return {
    recipientId: row.id,
    docType: row.doc_type,
    docNumber: row.doc_number,
    docNumberDisplay: displayDocNumber({
      docType: row.doc_type,
      docNumber: row.doc_number,
      docCountry: row.doc_country,
    }),
    docCountry: row.doc_country,
    fullName: row.full_name,
    birthDate: row.birth_date,
    sex: row.sex,
    nationality: row.nationality,
    addressLine: row.address_line,
    postcode: row.postcode,
    state: row.state,
    sameDocumentAs: row.identity_conflict_of,
    doses: doses.map((dose) => ({
      doseId: dose.id,
      doseNumber: dose.dose_number,
      productCode: dose.product_code,
      series: dose.series,
      administeredAt: dose.administered_at,
      voided: dose.void_record_id !== null,
    })),
    nextDose,
    lastPhone,
  };
}

/** An existing recipient who may be the same person as a new registration, and why. */
export interface PossibleDuplicate {
  row: RecipientRow;
  match: 'NAME_AND_BIRTH_DATE' | 'PASSPORT_OTHER_COUNTRY' | 'JPN_NUMBER_OTHER_DOCUMENT';
}

/** What the desk is shown about an existing recipient that may be the same person. */
export function duplicateCandidate({ row, match }: PossibleDuplicate) {
  return {
    recipientId: row.id,
    docType: row.doc_type,
    docNumberMasked: maskDocNumber(row.doc_number),
    docCountry: row.doc_country,
    fullName: row.full_name,
    birthDate: row.birth_date,
    match,
  };
}

export function registrationView(row: RegistrationRow): RegistrationView {
  return {
    registrationId: row.id,
    recipientId: row.recipient_id,
    dayId: row.day_id,
    channel: row.channel,
    registeredAt: row.registered_at,
    slipToken: row.slip_token,
    status: row.queue_status,
    presenceMethod: presenceOf(row),
    presenceTypedReason: row.presence_typed_reason,
    queueNumber: row.queue_number,
  };
}

/** The presence method as staff see it: a MyKad number typed by hand is a method of its own. */
export function presenceOf(row: {
  presence_method: 'MYKAD' | 'SLIP_QR' | null;
  presence_typed_reason: string | null;
}): 'MYKAD' | 'MYKAD_TYPED' | 'SLIP_QR' | null {
  if (row.presence_method === 'MYKAD' && row.presence_typed_reason !== null) return 'MYKAD_TYPED';
  return row.presence_method;
}

export function queueEntry(row: QueueRow): QueueEntry {
  return {
    registrationId: row.id,
    recipientId: row.recipient_id,
    fullName: row.full_name,
    docNumberMasked: maskDocNumber(row.doc_number),
    registeredAt: row.registered_at,
    status: row.queue_status,
    presenceConfirmed: row.presence_confirmed_at !== null,
  };
}

export interface QueuePosition {
  registeredAt: number;
  id: string;
}

export const queueStart: QueuePosition = { registeredAt: -1, id: '' };

const CURSOR = /^(\d{1,16}):([0-9a-f-]{36})$/;

/** An opaque cursor: the last row's (registered_at, id), which the next page starts after. */
export function encodeQueueCursor(position: QueuePosition): string {
  return Buffer.from(`${position.registeredAt}:${position.id}`, 'utf8').toString('base64url');
}

export function decodeQueueCursor(cursor: string): QueuePosition {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1] || !match[2]) {
    return refuse('INVALID_INPUT', { issues: 'cursor: not a cursor of this list' });
  }
  return { registeredAt: Number(match[1]), id: match[2] };
}
