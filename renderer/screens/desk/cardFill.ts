import type { ChannelOutput } from '../../../electron/contract';

export type CardIdentity = ChannelOutput<'card.take'>;

/** The new-recipient form's person fields, as the clerk edits them. */
export interface PersonDraft {
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F' | null;
  nationality: string;
  addressLine: string;
  postcode: string;
  state: string;
}

/**
 * The form as a MyKad read fills it. The chip's birth date is the card's own record, so it is
 * taken as it is; what the chip leaves out stays blank for the clerk.
 */
export function personFromCard(card: CardIdentity): PersonDraft {
  return {
    fullName: card.fullName,
    birthDate: card.birthDate,
    sex: card.sex,
    nationality: card.nationality ?? '',
    addressLine: card.addressLine ?? '',
    postcode: card.postcode ?? '',
    state: card.state ?? '',
  };
}

/** The find step as a MyKad read fills it. */
export function documentFromCard(card: CardIdentity): {
  docType: 'MYKAD';
  docNumber: string;
  docCountry: string;
} {
  return { docType: 'MYKAD', docNumber: card.docNumber, docCountry: '' };
}
