import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { refuse } from '../shared/errors';

/** scrypt is memory-hard: 128·N·r bytes per hash (128 MiB at the production cost). */
export interface HashCost {
  N: number;
  r: number;
  p: number;
}

export const productionHashCost: HashCost = { N: 2 ** 17, r: 8, p: 1 };

const KEY_LENGTH = 32;
/**
 * Hashes run in libuv's thread pool (4 threads unless configured), which file access shares, and
 * each holds 128·N·r bytes: at most two at once keeps both in bounds whatever arrives.
 */
const MAX_CONCURRENT_HASHES = 2;
const FIRST_PIN_DIGITS = 8;

/** A PIN of at least 6 digits, or a password of at least 10 characters, and not a trivial one. */
export function assertSecretStrongEnough(secret: string): void {
  const isPin = /^[0-9]{6,}$/.test(secret);
  const isPassword = !/^[0-9]+$/.test(secret) && secret.length >= 10;
  if (!isPin && !isPassword) refuse('PIN_TOO_WEAK');
  if (isTrivialSecret(secret)) refuse('PIN_TRIVIAL');
}

/**
 * One repeated character; digits running up or down (wrapping 9→0 as on a keypad row); or digits
 * that read as a date in DDMMYY, YYMMDD, DDMMYYYY or YYYYMMDD form. Staff have no birth date on
 * record, so any date is refused: a birth date is the date a colleague would try first.
 */
export function isTrivialSecret(secret: string): boolean {
  if (/^(.)\1+$/su.test(secret)) return true;
  if (!/^[0-9]+$/.test(secret)) return false;
  const digits = [...secret].map(Number);
  const steps = digits.slice(1).map((digit, index) => (digit - digits[index]! + 10) % 10);
  if (steps.every((step) => step === 1) || steps.every((step) => step === 9)) return true;
  return readsAsDate(secret);
}

function isDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    year <= 2099 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

function readsAsDate(digits: string): boolean {
  const part = (from: number, length: number) => Number(digits.slice(from, from + length));
  /** A two-digit year may be either century. */
  const shortYear = (year: number, month: number, day: number) =>
    isDate(1900 + year, month, day) || isDate(2000 + year, month, day);
  if (digits.length === 6) {
    return (
      shortYear(part(4, 2), part(2, 2), part(0, 2)) || shortYear(part(0, 2), part(2, 2), part(4, 2))
    );
  }
  if (digits.length === 8) {
    return isDate(part(4, 4), part(2, 2), part(0, 2)) || isDate(part(0, 4), part(4, 2), part(6, 2));
  }
  return false;
}

/** A first PIN for an account: random digits, never a trivial one. */
export function generateFirstPin(): string {
  for (;;) {
    const pin = String(randomInt(0, 10 ** FIRST_PIN_DIGITS)).padStart(FIRST_PIN_DIGITS, '0');
    if (!isTrivialSecret(pin)) return pin;
  }
}

function scryptAsync(secret: string, salt: Buffer, length: number, cost: HashCost) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(
      secret.normalize('NFKC'),
      salt,
      length,
      { ...cost, maxmem: 256 * cost.N * cost.r },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** Runs at most `max` tasks at once; the others wait their turn, first come first served. */
function createLimiter(max: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < max) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/**
 * Hashing and checking secrets with scrypt in libuv's thread pool, never on the thread that serves
 * the desks: a hash at the production cost takes a few hundred milliseconds of CPU.
 */
export function createSecretHasher(cost: HashCost) {
  const limit = createLimiter(MAX_CONCURRENT_HASHES);
  let equaliser: Promise<string> | null = null;

  const hash = (secret: string): Promise<string> =>
    limit(async () => {
      const salt = randomBytes(16);
      const key = await scryptAsync(secret, salt, KEY_LENGTH, cost);
      return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
    });

  const verify = (secret: string, stored: string): Promise<boolean> =>
    limit(async () => {
      const [scheme, n, r, p, salt, expectedText] = stored.split('$');
      if (scheme !== 'scrypt' || !n || !r || !p || !salt || !expectedText) return false;
      const expected = Buffer.from(expectedText, 'base64');
      const actual = await scryptAsync(secret, Buffer.from(salt, 'base64'), expected.length, {
        N: Number(n),
        r: Number(r),
        p: Number(p),
      });
      return timingSafeEqual(actual, expected);
    });

  /** A hash to check against when there is none (an unknown staff ID), at the same cost. */
  const equaliserHash = (): Promise<string> => (equaliser ??= hash('timing-equaliser'));

  return {
    hash,
    verify,
    /** Checks `secret` against `stored`, or spends the same work when there is nothing to check. */
    async check(secret: string, stored: string | null): Promise<boolean> {
      const against = stored ?? (await equaliserHash());
      const matches = await verify(secret, against);
      return stored !== null && matches;
    },
  };
}

export type SecretHasher = ReturnType<typeof createSecretHasher>;
