/**
 * The hub's paired desks. A manager or admin at the hub issues a pairing code (8 characters, one
 * use, 10 minutes); a desk that brings it with a name gets an identity: an id and a random token
 * the hub keeps only as a hash. Every connection a desk opens proves itself with that token; a
 * revoked desk's token opens nothing, and a token in use from one address opens nothing from
 * another. Codes are kept hashed too. Five wrong codes from one address stop that address for ten
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
  paired_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
}

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
    `INSERT INTO desks (id, name, token_hash, paired_at, pairing_code_hash)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const selectDesk = sql.prepare<[string], DeskRow>('SELECT * FROM desks WHERE id = ?');
  const allDesks = sql.prepare<[], DeskRow>('SELECT * FROM desks ORDER BY paired_at, id');
  const revokeDesk = sql.prepare(
    `UPDATE desks SET revoked_at = ?, revoked_by = ?, revoke_reason = ?
       WHERE id = ? AND revoked_at IS NULL`,
  );
  const markSeenRow = sql.prepare('UPDATE desks SET last_seen_at = ? WHERE id = ?');

  let network: HubNetwork | null = null;
  let wrongCodes = 0;
  /** When each address last tried wrong codes, within the throttle's window. */
  const wrongCodesFrom = new Map<string, number[]>();
  /** Open connections per desk id, and the address they come from. */
  const connections = new Map<string, { address: string; count: number }>();
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
    (code: string, name: string, address: string): DeskIdentity | null => {
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
      insertDesk.run(desk.id, name, sha256(secret), now.at, codeHash);
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
    pair(input: { code: string; deskName: string; address: string }): DeskIdentity {
      refuseIfThrottled(input.address);
      const name = deskNameSchema.safeParse(input.deskName);
      if (!name.success) refuse('DESK_NAME_INVALID');
      const identity = pairInTransaction.immediate(input.code, name.data, input.address);
      if (identity === null) {
        countWrongCode.immediate(input.address);
        refuse('PAIRING_CODE_WRONG');
      }
      log.info('desk.paired', { desk: identity.id, address: input.address });
      deps.changed();
      return identity;
    },

    /** The desk a token proves, if it is paired and not revoked. */
    authenticate(token: string): PairedDesk | null {
      const [id, secret, ...rest] = token.split('.');
      if (id === undefined || secret === undefined || rest.length > 0) return null;
      const row = selectDesk.get(id);
      if (row === undefined || row.revoked_at !== null) return null;
      const given = Buffer.from(sha256(secret));
      const kept = Buffer.from(row.token_hash);
      return given.length === kept.length && timingSafeEqual(given, kept)
        ? { id: row.id, name: row.name }
        : null;
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
      }));
    },

    /**
     * A desk's connection opened from `address` (which `usedElsewhere` has let through); the
     * returned function closes it. Both count as seen.
     */
    connected(deskId: string, address: string): () => void {
      const open = connections.get(deskId);
      connections.set(deskId, { address: open?.address ?? address, count: (open?.count ?? 0) + 1 });
      markSeen(deskId, clock.now().at, open === undefined);
      if (open === undefined) deps.changed();
      return () => {
        const still = connections.get(deskId);
        const left = (still?.count ?? 1) - 1;
        if (left > 0) connections.set(deskId, { address: still?.address ?? address, count: left });
        else {
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
