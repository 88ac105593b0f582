import type { CardReadFailure } from '../ports';

/** A card read that stopped: `code` is what the desk shows; `message` is for the log (no card data). */
export class CardReadError extends Error {
  constructor(
    readonly code: CardReadFailure,
    message: string = code,
  ) {
    super(message);
    this.name = 'CardReadError';
  }
}
