import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { refuse } from '../shared/errors';

/** scrypt is memory-hard: N·r·128 bytes per hash (32 MiB at the production cost). */
export interface HashCost {
  N: number;
  r: number;
  p: number;
}

export const productionHashCost: HashCost = { N: 2 ** 15, r: 8, p: 1 };

const KEY_LENGTH = 32;

/** A PIN of at least 6 digits, or a password of at least 10 characters. */
export function assertSecretStrongEnough(secret: string): void {
  const isPin = /^[0-9]{6,}$/.test(secret);
  const isPassword = !/^[0-9]+$/.test(secret) && secret.length >= 10;
  if (!isPin && !isPassword) refuse('PIN_TOO_WEAK');
}

export function hashSecret(secret: string, cost: HashCost): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret.normalize('NFKC'), salt, KEY_LENGTH, {
    ...cost,
    maxmem: 256 * cost.N * cost.r,
  });
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifySecret(secret: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(
    secret.normalize('NFKC'),
    Buffer.from(salt, 'base64'),
    expected.length,
    {
      ...cost,
      maxmem: 256 * cost.N * cost.r,
    },
  );
  return timingSafeEqual(actual, expected);
}
