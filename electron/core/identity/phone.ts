/**
 * Phone numbers as people type them, normalised to E.164 by libphonenumber-js with its full
 * metadata (which number ranges exist in each country), Malaysia being the default country.
 */
import {
  parsePhoneNumberWithError,
  ParseError,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';
import { refuse } from '../shared/errors';

type Reason = { ms: string; en: string };

const reasons = {
  NOT_A_NUMBER: { ms: 'bukan nombor telefon', en: 'is not a phone number' },
  INVALID_COUNTRY: { ms: 'mempunyai kod negara yang tidak wujud', en: 'has no such country code' },
  TOO_SHORT: { ms: 'terlalu pendek', en: 'is too short' },
  TOO_LONG: { ms: 'terlalu panjang', en: 'is too long' },
  EXTENSION: {
    ms: 'mempunyai sambungan (ext), yang tidak boleh dihubungi terus',
    en: 'has an extension, which cannot be reached directly',
  },
  NOT_IN_USE: {
    ms: 'tiada dalam pelan penomboran negaranya',
    en: 'is not in its country’s numbering plan',
  },
} satisfies Record<string, Reason>;

function refusePhone(reason: Reason): never {
  return refuse('PHONE_INVALID', { reasonMs: reason.ms, reasonEn: reason.en });
}

/**
 * A phone number in any form a Malaysian would type (`012-345 6789`, `0123456789`,
 * `011-2345 6789`, `+60 12-345 6789`, `60123456789`, a foreign number with its `+` and country code)
 * as E.164 (`+60123456789`). A number that cannot be one is refused in words (PHONE_INVALID): too
 * short, too long, no such country code, or no such number in its country's plan.
 */
export function normalisePhone(typed: string): string {
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(typed, { defaultCountry: 'MY', extract: false });
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    const known = error.message as keyof typeof reasons;
    return refusePhone(reasons[known] ?? reasons.NOT_A_NUMBER);
  }
  if (parsed.ext) refusePhone(reasons.EXTENSION);
  const lengthProblem = validatePhoneNumberLength(typed, 'MY');
  if (lengthProblem === 'TOO_SHORT' || lengthProblem === 'TOO_LONG') {
    refusePhone(reasons[lengthProblem]);
  }
  if (!parsed.isValid()) refusePhone(reasons.NOT_IN_USE);
  return parsed.number;
}
