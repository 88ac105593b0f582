/**
 * The hub's paired desks. A manager or admin at the hub issues a pairing code (8 characters, one
 * use, 10 minutes); a desk that brings it with a name gets an identity: an id and a random token
 * the hub keeps only as a hash. Every connection a desk opens proves itself with that token; a
 * revoked desk's token opens nothing, and a token in use from one address opens nothing from
 * another. A desk app's token is replaced each time its device link opens (`rotate`): a copy of the
 * identity used while the desk was away leaves the desk with a token the hub has replaced, and the
 * first of the two to bring a replaced token again revokes the desk as copied. Codes are kept
 * hashed too. Five wrong codes from one address stop that address for ten
 * minutes, and twenty in a row from anywhere withdraw every live code, so guessing ends long before
 * it could succeed and one laptop cannot take the manager's codes away.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { commitGrouped } from '../../../db/durable';
import type { AppDatabase } from '../../../db/open';
import { deskName as deskNameSchema } from '../../contract/schemas';
import type { AuditLog } from '../audit';
import type { TrustedClock } from '../clock';
import { nameKeys } from '../identity';
import type { IdSource } from '../shared/ids';
import { refuse } from '../shared/errors';
import type { Logger } from '../shared/log';

/** The hub's own screens (its window, browser mode on loopback): the station of every other call. */
export const HUB_STATION = 'hub';
export const PAIRING_CODE_LIFETIME_MS = 10 * 60_000;
/** Wrong codes one address may try in `PAIRING_THROTTLE_MS` before its tries are refused unchecked. */
export const WRONG_CODES_PER_ADDRESS = 5;
export const PAIRING_THROTTLE_MS = 10 * 60_000;
/** Wrong codes in a row, from any addresses, that withdraw every live code: four addresses' worth. */
export const WRONG_CODES_BEFORE_WITHDRAWAL = 4 * WRONG_CODES_PER_ADDRESS;
/** Addresses whose wrong codes are remembered before the old ones are let go. */
const ADDRESSES_REMEMBERED = 1_000;
/**
 * New tokens one desk's link may be given in an hour. Each is a commit and a row kept for good: past
 * this, a desk reopening its link over and over is given the token it was last given again, so it
 * can neither fill the hub's disk nor hold up the other desks' writes.
 */
export const NEW_TOKENS_PER_HOUR = 60;
const HOUR_MS = 60 * 60_000;
/** Addresses a desk's identity was refused from while in use, audited one by one up to this many. */
const ADDRESSES_AUDITED_PER_DESK = 100;

/** Crockford's base32: no I, L, O or U, so a code read aloud or off a screen is not mistyped. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface PairedDesk {
  id: string;
  name: string;
}

export interface DeskIdentity extends PairedDesk {
  /** `<desk id>.<secret>`: what the desk sends with every connection. */
  token: string;
}

/** Where desks reach this hub; null while the hub is not serving the centre's network. */
export interface HubNetwork {
  hubUrls: string[];
  caFingerprint: string;
}

interface CodeRow {
  expires_at: number;
  used_at: number | null;
  withdrawn_at: number | null;
}

interface DeskRow {
  id: string;
  name: string;
  token_hash: string;
  previous_token_hash: string | null;
  rotated_at: number | null;
  paired_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
  revoke_reason: string | null;
  revoke_cause: 'manager' | 'copied' | null;
}

/**
 * What a token proves. `current`: the desk's token (`rotates`: a desk app's, whose sessions open
 * only beside its device link); `previous`: the one before, whose answer may have been lost, good
 * on the device link only; `copied`: a token the hub had replaced, so the desk has just been
 * revoked; `unknown`: nothing (unpaired, revoked, or not a token).
 */
export type Presented =
  | { kind: 'current'; desk: PairedDesk; rotates: boolean }
  | { kind: 'previous'; desk: PairedDesk }
  | { kind: 'copied' }
  | { kind: 'unknown' };

/** Why a desk revoked as copied was revoked, kept with it (the manager's list says it in words). */
const COPIED_REASON = 'Identiti disalin · Identity copied';

export interface DeskRegistryDeps {
  db: AppDatabase;
  clock: TrustedClock;
  audit: AuditLog;
  newId: IdSource;
  log: Logger;
  /** Told after a desk was paired or revoked, or came or went. */
  changed(): void;
}

/** How often a connected desk's last sighting is written down. */
const SEEN_WRITTEN_EVERY_MS = 60_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A desk name as it reads on a screen: Unicode's confusables folded, case, spacing and punctuation
 * ignored (the recipients' name rules), so "Kaunter 2" written with a Cyrillic К, in full-width
 * letters or as "KAUNTER-2" is the same desk name.
 */
function deskNameKey(name: string): string {
  return nameKeys(name).join(' @ ') || name.toUpperCase();
}

/** A typed code in the form it is stored under: upper case, dashes and spaces gone, O→0, I/L→1. */
export function normalisePairingCode(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function createDeskRegistry(deps: DeskRegistryDeps) {
  const { db, clock, audit, log } = deps;
  const sql = db.sqlite;
  const insertCode = sql.prepare(
    'INSERT INTO pairing_codes (code_hash, issued_at, expires_at, issued_by) VALUES (?, ?, ?, ?)',
  );
  const selectCode = sql.prepare<[string], CodeRow>(
    'SELECT expires_at, used_at, withdrawn_at FROM pairing_codes WHERE code_hash = ?',
  );
  const useCode = sql.prepare('UPDATE pairing_codes SET used_at = ? WHERE code_hash = ?');
  const withdrawLiveCodes = sql.prepare(
    `UPDATE pairing_codes SET withdrawn_at = ?
       WHERE used_at IS NULL AND withdrawn_at IS NULL AND expires_at > ?`,
  );
  const activeNames = sql.prepare<[], { name: string }>(
    'SELECT name FROM desks WHERE revoked_at IS NULL',
  );
  const insertDesk = sql.prepare(
    `INSERT INTO desks (id, name, token_hash, paired_at, pairing_code_hash, rotated_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const selectDesk = sql.prepare<[string], DeskRow>('SELECT * FROM desks WHERE id = ?');
  const allDesks = sql.prepare<[], DeskRow>('SELECT * FROM desks ORDER BY paired_at, id');
  const revokeDesk = sql.prepare(
    `UPDATE desks SET revoked_at = ?, revoked_by = ?, revoke_reason = ?, revoke_cause = 'manager'
       WHERE id = ? AND revoked_at IS NULL`,
  );
  const revokeCopied = sql.prepare(
    `UPDATE desks SET revoked_at = ?, revoke_reason = ?, revoke_cause = 'copied'
       WHERE id = ? AND revoked_at IS NULL`,
  );
  const isRetired = sql.prepare<[string, string], { found: number }>(
    'SELECT 1 AS found FROM desk_retired_tokens WHERE desk_id = ? AND token_hash = ?',
  );
  const retire = sql.prepare(
    `INSERT INTO desk_retired_tokens (desk_id, token_hash, retired_at) VALUES (?, ?, ?)
       ON CONFLICT DO NOTHING`,
  );
  const replaceToken = sql.prepare(
    'UPDATE desks SET token_hash = ?, previous_token_hash = ?, rotated_at = ? WHERE id = ?',
  );
  const forgetPrevious = sql.prepare('UPDATE desks SET previous_token_hash = NULL WHERE id = ?');
  const markSeenRow = sql.prepare('UPDATE desks SET last_seen_at = ? WHERE id = ?');

  let network: HubNetwork | null = null;
  let wrongCodes = 0;
  /** When each address last tried wrong codes, within the throttle's window. */
  const wrongCodesFrom = new Map<string, number[]>();
  /** Open connections per desk id, the address they come from, and how many are device links. */
  const connections = new Map<string, { address: string; count: number; links: number }>();
  /** When each desk's link was given a new token within the hour, and the last one it was given. */
  const newTokensAt = new Map<string, number[]>();
  const lastIssued = new Map<string, string>();
  /** When each desk was last audited for running out of new tokens. */
  const throttleAuditedAt = new Map<string, number>();
  /** Addresses refused a desk's identity while it was in use elsewhere, audited once each. */
  const refusedElsewhere = new Map<string, Set<string>>();
  /**
   * When each desk was last seen, and last written down: a desk's sockets answer a ping every half
   * minute, and each write is a commit to disk on the thread that serves every desk, so the
   * database hears of it at most once a minute (and whenever a connection opens or closes).
   */
  const lastSeen = new Map<string, { at: number; written: number }>();
  const markSeen = (deskId: string, at: number, force: boolean) => {
    const known = lastSeen.get(deskId);
    if (force || known === undefined || at - known.written >= SEEN_WRITTEN_EVERY_MS) {
      // A desk connecting, closing or answering a ping never has the hub wait for the disk.
      commitGrouped(sql, db.commits, () => markSeenRow.run(at, deskId));
      lastSeen.set(deskId, { at, written: at });
    } else {
      known.at = at;
    }
  };

  function newCode(): string {
    let code = '';
    for (let i = 0; i < 8; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    return code;
  }

  /** Issues a code inside the caller's transaction; the caller audits it. */
  function issueCode(issuedBy: string | null, at: number): { code: string; expiresAt: number } {
    const code = newCode();
    const expiresAt = at + PAIRING_CODE_LIFETIME_MS;
    insertCode.run(sha256(code), at, expiresAt, issuedBy);
    wrongCodes = 0;
    return { code: `${code.slice(0, 4)}-${code.slice(4)}`, expiresAt };
  }

  const stationOf = (desk: PairedDesk, address: string) =>
    `desk:${desk.id} ${desk.name}@${address}`;

  const auditUsedElsewhere = sql.transaction(
    (desk: PairedDesk, address: string, inUseFrom: string) => {
      const now = clock.now();
      audit.append({
        at: now.at,
        deviceAt: now.deviceAt,
        userId: null,
        station: stationOf(desk, address),
        action: 'desk.usedElsewhere',
        entityType: 'desk',
        entityId: desk.id,
        detail: { name: desk.name, address, inUseFrom },
      });
    },
  );

  /** The name another active desk has that reads as `name`, if any. */
  const nameLike = (name: string): string | undefined => {
    const key = deskNameKey(name);
    return activeNames.all().find((desk) => deskNameKey(desk.name) === key)?.name;
  };

  /** Trades a live code for a desk identity, in one transaction with its audit entry. */
  const pairInTransaction = sql.transaction(
    (code: string, name: string, address: string, app: boolean): DeskIdentity | null => {
      const now = clock.now();
      const codeHash = sha256(normalisePairingCode(code));
      const row = selectCode.get(codeHash);
      if (row === undefined) return null;
      if (row.withdrawn_at !== null) refuse('PAIRING_CODE_WITHDRAWN');
      if (row.used_at !== null) refuse('PAIRING_CODE_USED');
      if (row.expires_at <= now.at) refuse('PAIRING_CODE_EXPIRED');
      const taken = nameLike(name);
      if (taken !== undefined) refuse('DESK_NAME_TAKEN', { name: taken });

      const desk: PairedDesk = { id: deps.newId(), name };
      const secret = randomBytes(32).toString('base64url');
      insertDesk.run(desk.id, name, sha256(secret), now.at, codeHash, app ? now.at : null);
      useCode.run(now.at, codeHash);
      audit.append({
        at: now.at,
        deviceAt: now.deviceAt,
        userId: null,
        station: stationOf(desk, address),
        action: 'desk.paired',
        entityType: 'desk',
        entityId: desk.id,
        detail: { name, address },
      });
      return { ...desk, token: `${desk.id}.${secret}` };
    },
  );

  /** The wrong codes `address` has tried within the throttle's window. */
  const recentWrongCodes = (address: string, at: number): number[] => {
    const recent = (wrongCodesFrom.get(address) ?? []).filter(
      (triedAt) => triedAt > at - PAIRING_THROTTLE_MS,
    );
    if (recent.length > 0) wrongCodesFrom.set(address, recent);
    else wrongCodesFrom.delete(address);
    return recent;
  };

  /** An address that has tried five wrong codes lately is refused before its code is looked at. */
  const refuseIfThrottled = (address: string): void => {
    if (recentWrongCodes(address, clock.now().at).length >= WRONG_CODES_PER_ADDRESS) {
      refuse('PAIRING_THROTTLED');
    }
  };

  /**
   * A wrong code counts for its address (the fifth stops it, audited) and for the hub: the
   * twentieth in a row withdraws every live code, audited.
   */
  const countWrongCode = sql.transaction((address: string) => {
    const now = clock.now();
    if (wrongCodesFrom.size >= ADDRESSES_REMEMBERED) {
      for (const known of wrongCodesFrom.keys()) recentWrongCodes(known, now.at);
    }
    const fromAddress = recentWrongCodes(address, now.at);
    wrongCodesFrom.set(address, [...fromAddress, now.at]);
    if (fromAddress.length + 1 === WRONG_CODES_PER_ADDRESS) {
      log.info('desk.pairingThrottled', { address });
      audit.append({
        at: now.at,
        deviceAt: now.deviceAt,
        userId: null,
        station: `pairing@${address}`,
        action: 'desk.pairingThrottled',
        entityType: 'pairing_code',
        entityId: null,
        detail: { address, wrongCodes: WRONG_CODES_PER_ADDRESS },
      });
    }
    wrongCodes += 1;
    if (wrongCodes < WRONG_CODES_BEFORE_WITHDRAWAL) return;
    wrongCodes = 0;
    const withdrawn = withdrawLiveCodes.run(now.at, now.at).changes;
    log.info('desk.pairingCodesWithdrawn', { withdrawn, address });
    audit.append({
      at: now.at,
      deviceAt: now.deviceAt,
      userId: null,
      station: `pairing@${address}`,
      action: 'desk.pairingCodesWithdrawn',
      entityType: 'pairing_code',
      entityId: null,
      detail: { withdrawn, wrongCodes: WRONG_CODES_BEFORE_WITHDRAWAL },
    });
  });

  const sameHash = (given: string, kept: string | null): boolean =>
    kept !== null &&
    given.length === kept.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(kept));

  /** `<desk id>.<secret>` split, and the secret hashed; null for anything else. */
  const parseToken = (token: string): { id: string; hash: string } | null => {
    const [id, secret, ...rest] = token.split('.');
    if (!id || !secret || rest.length > 0) return null;
    return { id, hash: sha256(secret) };
  };

  /** A replaced token brought again: the desk is revoked, in words in the audit. */
  const revokeAsCopied = sql.transaction((row: DeskRow, address: string) => {
    const now = clock.now();
    if (revokeCopied.run(now.at, COPIED_REASON, row.id).changes !== 1) return;
    audit.append({
      at: now.at,
      deviceAt: now.deviceAt,
      userId: null,
      station: stationOf(row, address),
      action: 'desk.copyDetected',
      entityType: 'desk',
      entityId: row.id,
      detail: { name: row.name, address },
    });
  });

  /**
   * Replaces the token `presented` with a new one, in one transaction: `presented` must be the
   * current token (the one before it is then retired: the current one has been used) or the one
   * before it (the current one's answer was lost: the current one is retired, the one before kept).
   */
  const rotateInTransaction = sql.transaction((deskId: string, presented: string) => {
    const given = parseToken(presented);
    const row = selectDesk.get(deskId);
    if (given === null || given.id !== deskId || row === undefined || row.revoked_at !== null) {
      return null;
    }
    const at = clock.now().at;
    let previous: string | null;
    if (sameHash(given.hash, row.token_hash)) {
      if (row.previous_token_hash !== null) retire.run(deskId, row.previous_token_hash, at);
      previous = row.token_hash;
    } else if (sameHash(given.hash, row.previous_token_hash)) {
      retire.run(deskId, row.token_hash, at);
      previous = row.previous_token_hash;
    } else {
      return null;
    }
    const secret = randomBytes(32).toString('base64url');
    replaceToken.run(sha256(secret), previous, at, deskId);
    return `${deskId}.${secret}`;
  });

  const auditTokensThrottled = sql.transaction((row: DeskRow, address: string) => {
    const now = clock.now();
    audit.append({
      at: now.at,
      deviceAt: now.deviceAt,
      userId: null,
      station: stationOf(row, address),
      action: 'desk.tokensThrottled',
      entityType: 'desk',
      entityId: row.id,
      detail: { name: row.name, address, newTokensPerHour: NEW_TOKENS_PER_HOUR },
    });
  });

  /** The desk has the current token: the one before it will not be needed again. */
  const confirmInTransaction = sql.transaction((row: DeskRow) => {
    if (row.previous_token_hash === null) return;
    retire.run(row.id, row.previous_token_hash, clock.now().at);
    forgetPrevious.run(row.id);
  });

  return {
    issueCode,

    /** A code the hub's operator is shown at start, outside any session: audited as the hub's. */
    issueOperatorCode(): { code: string; expiresAt: number } {
      return sql
        .transaction(() => {
          const now = clock.now();
          const issued = issueCode(null, now.at);
          audit.append({
            at: now.at,
            deviceAt: now.deviceAt,
            userId: null,
            station: HUB_STATION,
            action: 'hub.issuePairingCode',
            entityType: 'pairing_code',
            entityId: null,
            detail: { expiresAt: issued.expiresAt, by: 'operator' },
          });
          return issued;
        })
        .immediate();
    },

    /** Whether a code is live (the pairing form is shown only then); wrong ones count as guesses. */
    checkCode(code: string, address: string): void {
      refuseIfThrottled(address);
      const row = selectCode.get(sha256(normalisePairingCode(code)));
      if (row === undefined) {
        countWrongCode.immediate(address);
        refuse('PAIRING_CODE_WRONG');
      }
      if (row.withdrawn_at !== null) refuse('PAIRING_CODE_WITHDRAWN');
      if (row.used_at !== null) refuse('PAIRING_CODE_USED');
      if (row.expires_at <= clock.now().at) refuse('PAIRING_CODE_EXPIRED');
    },

    /**
     * Refuses with PAIRING_THROTTLED, PAIRING_CODE_*, DESK_NAME_INVALID or DESK_NAME_TAKEN;
     * `address` is the desk's, for the throttle and the audit.
     */
    pair(input: { code: string; deskName: string; address: string; app: boolean }): DeskIdentity {
      refuseIfThrottled(input.address);
      const name = deskNameSchema.safeParse(input.deskName);
      if (!name.success) refuse('DESK_NAME_INVALID');
      const identity = pairInTransaction.immediate(input.code, name.data, input.address, input.app);
      if (identity === null) {
        countWrongCode.immediate(input.address);
        refuse('PAIRING_CODE_WRONG');
      }
      log.info('desk.paired', { desk: identity.id, address: input.address });
      deps.changed();
      return identity;
    },

    /**
     * What a token brought from `address` proves. A token the hub has replaced revokes its desk
     * (audited as copied, with the address it came from): only the desk and a copy of it can hold
     * one, and the desk itself never brings one back.
     */
    authenticate(token: string, address: string): Presented {
      const given = parseToken(token);
      const row = given === null ? undefined : selectDesk.get(given.id);
      if (given === null || row === undefined || row.revoked_at !== null)
        return { kind: 'unknown' };
      const desk = { id: row.id, name: row.name };
      if (sameHash(given.hash, row.token_hash)) {
        return { kind: 'current', desk, rotates: row.rotated_at !== null };
      }
      if (sameHash(given.hash, row.previous_token_hash)) return { kind: 'previous', desk };
      if (isRetired.get(row.id, given.hash) === undefined) return { kind: 'unknown' };
      log.info('desk.copyDetected', { desk: row.id, address });
      revokeAsCopied.immediate(row, address);
      lastSeen.delete(row.id);
      deps.changed();
      return { kind: 'copied' };
    },

    /** Whether `deskId` is paired and not revoked: its open connections stay open only while so. */
    active(deskId: string): boolean {
      const row = selectDesk.get(deskId);
      return row !== undefined && row.revoked_at === null;
    },

    /**
     * A new token for the desk whose link opened from `address` with `presented` (its current
     * token, or the one before if the current one's answer was lost); null when `presented` is
     * neither any more. Past the hourly budget, the token it was last given (audited once an hour:
     * while it lasts, a copy used elsewhere does not replace the desk's token).
     */
    rotate(deskId: string, presented: string, address: string): string | null {
      const at = clock.now().at;
      const recent = (newTokensAt.get(deskId) ?? []).filter((issuedAt) => issuedAt > at - HOUR_MS);
      const last = lastIssued.get(deskId);
      if (recent.length >= NEW_TOKENS_PER_HOUR && last !== undefined) {
        const given = parseToken(presented);
        const kept = parseToken(last);
        const row = selectDesk.get(deskId);
        const stillCurrent =
          given !== null &&
          kept !== null &&
          row !== undefined &&
          row.revoked_at === null &&
          sameHash(kept.hash, row.token_hash);
        const holds =
          stillCurrent &&
          (sameHash(given.hash, row.token_hash) || sameHash(given.hash, row.previous_token_hash));
        if (holds) {
          const audited = throttleAuditedAt.get(deskId);
          if (audited === undefined || audited <= at - HOUR_MS) {
            throttleAuditedAt.set(deskId, at);
            log.info('desk.tokensThrottled', { desk: deskId, address });
            auditTokensThrottled.immediate(row, address);
          }
          return last;
        }
      }
      const token = rotateInTransaction.immediate(deskId, presented);
      if (token !== null) {
        newTokensAt.set(deskId, [...recent, at]);
        lastIssued.set(deskId, token);
      }
      return token;
    },

    /** The desk has stored, or used, `token`: if it is the current one, the one before is retired. */
    confirm(token: string): void {
      const given = parseToken(token);
      const row = given === null ? undefined : selectDesk.get(given.id);
      if (given === null || row === undefined || !sameHash(given.hash, row.token_hash)) return;
      confirmInTransaction.immediate(row);
    },

    /** Whether the desk's device link is open from `address`. */
    linkOpenFrom(deskId: string, address: string): boolean {
      const open = connections.get(deskId);
      return open !== undefined && open.address === address && open.links > 0;
    },

    /** Revokes inside the caller's transaction; refuses an unknown or already revoked desk. */
    revoke(deskId: string, reason: string, userId: string, at: number): PairedDesk {
      const row = selectDesk.get(deskId);
      if (row === undefined || revokeDesk.run(at, userId, reason, deskId).changes !== 1) {
        refuse('DESK_NOT_FOUND');
      }
      return { id: row.id, name: row.name };
    },

    list() {
      return allDesks.all().map((row) => ({
        deskId: row.id,
        name: row.name,
        pairedAt: row.paired_at,
        lastSeenAt: lastSeen.get(row.id)?.at ?? row.last_seen_at,
        connected: connections.has(row.id),
        revokedAt: row.revoked_at,
        revokedAsCopied: row.revoke_cause === 'copied',
      }));
    },

    /**
     * A desk's connection opened from `address` (which `usedElsewhere` has let through); the
     * returned function closes it. Both count as seen.
     */
    connected(deskId: string, address: string, link: boolean): () => void {
      const open = connections.get(deskId);
      const links = link ? 1 : 0;
      connections.set(deskId, {
        address: open?.address ?? address,
        count: (open?.count ?? 0) + 1,
        links: (open?.links ?? 0) + links,
      });
      markSeen(deskId, clock.now().at, open === undefined);
      if (open === undefined) deps.changed();
      return () => {
        const still = connections.get(deskId);
        const left = (still?.count ?? 1) - 1;
        if (left > 0) {
          const linksLeft = (still?.links ?? links) - links;
          connections.set(deskId, {
            address: still?.address ?? address,
            count: left,
            links: linksLeft,
          });
        } else {
          connections.delete(deskId);
          refusedElsewhere.delete(deskId);
        }
        markSeen(deskId, clock.now().at, left === 0);
        if (left === 0) deps.changed();
      };
    },

    /**
     * Whether `desk`'s identity is in use from another address than `address`: a copy of it on
     * another PC, refused while the desk is connected (the first refusal from each address audited).
     * A desk that moves to a new address gets in once its old connections have closed.
     */
    usedElsewhere(desk: PairedDesk, address: string): boolean {
      const open = connections.get(desk.id);
      if (open === undefined || open.address === address) return false;
      const refused = refusedElsewhere.get(desk.id) ?? new Set<string>();
      refusedElsewhere.set(desk.id, refused);
      if (!refused.has(address) && refused.size < ADDRESSES_AUDITED_PER_DESK) {
        refused.add(address);
        log.info('desk.usedElsewhere', { desk: desk.id, address, inUseFrom: open.address });
        auditUsedElsewhere.immediate(desk, address, open.address);
      }
      return true;
    },

    /** Still there (a socket answered its ping). */
    seen(deskId: string): void {
      markSeen(deskId, clock.now().at, false);
    },

    setNetwork(next: HubNetwork | null): void {
      network = next;
    },
    network: (): HubNetwork | null => network,
    stationOf,
  };
}

export type DeskRegistry = ReturnType<typeof createDeskRegistry>;
