/**
 * The hub's paired desks. A manager or admin at the hub issues a pairing code (8 characters, one
 * use, 10 minutes); a desk that brings it with a name gets an identity: an id and a random token
 * the hub keeps only as a hash. Every connection a desk opens proves itself with that token; a
 * revoked desk's token opens nothing. Codes are kept hashed too, and ten wrong codes in a row
 * withdraw every live one, so guessing ends long before it could succeed.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { AppDatabase } from '../../../db/open';
import type { AuditLog } from '../audit';
import type { TrustedClock } from '../clock';
import type { IdSource } from '../shared/ids';
import { refuse } from '../shared/errors';
import type { Logger } from '../shared/log';

/** The hub's own screens (its window, browser mode on loopback): the station of every other call. */
export const HUB_STATION = 'hub';
export const PAIRING_CODE_LIFETIME_MS = 10 * 60_000;
export const WRONG_CODES_BEFORE_WITHDRAWAL = 10;

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
  const activeName = sql.prepare<[string], { id: string }>(
    'SELECT id FROM desks WHERE revoked_at IS NULL AND lower(name) = lower(?)',
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
  /** Open connections per desk id. */
  const connections = new Map<string, number>();
  /**
   * When each desk was last seen, and last written down: a desk's sockets answer a ping every half
   * minute, and each write is a commit to disk on the thread that serves every desk, so the
   * database hears of it at most once a minute (and whenever a connection opens or closes).
   */
  const lastSeen = new Map<string, { at: number; written: number }>();
  const markSeen = (deskId: string, at: number, force: boolean) => {
    const known = lastSeen.get(deskId);
    if (force || known === undefined || at - known.written >= SEEN_WRITTEN_EVERY_MS) {
      markSeenRow.run(at, deskId);
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
      if (activeName.get(name) !== undefined) refuse('DESK_NAME_TAKEN', { name });

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

  /** The tenth wrong code in a row withdraws every live code, audited. */
  const countWrongCode = sql.transaction((address: string) => {
    wrongCodes += 1;
    if (wrongCodes < WRONG_CODES_BEFORE_WITHDRAWAL) return;
    wrongCodes = 0;
    const now = clock.now();
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
      const row = selectCode.get(sha256(normalisePairingCode(code)));
      if (row === undefined) {
        countWrongCode.immediate(address);
        refuse('PAIRING_CODE_WRONG');
      }
      if (row.withdrawn_at !== null) refuse('PAIRING_CODE_WITHDRAWN');
      if (row.used_at !== null) refuse('PAIRING_CODE_USED');
      if (row.expires_at <= clock.now().at) refuse('PAIRING_CODE_EXPIRED');
    },

    /** Refuses with PAIRING_CODE_* or DESK_NAME_TAKEN; `address` is the desk's, for the audit. */
    pair(input: { code: string; deskName: string; address: string }): DeskIdentity {
      const identity = pairInTransaction.immediate(input.code, input.deskName, input.address);
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
        connected: (connections.get(row.id) ?? 0) > 0,
        revokedAt: row.revoked_at,
      }));
    },

    /** A desk's connection opened; the returned function closes it. Both count as seen. */
    connected(deskId: string): () => void {
      const count = connections.get(deskId) ?? 0;
      connections.set(deskId, count + 1);
      markSeen(deskId, clock.now().at, count === 0);
      if (count === 0) deps.changed();
      return () => {
        const left = (connections.get(deskId) ?? 1) - 1;
        if (left > 0) connections.set(deskId, left);
        else connections.delete(deskId);
        markSeen(deskId, clock.now().at, left === 0);
        if (left === 0) deps.changed();
      };
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
