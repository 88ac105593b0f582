/**
 * How the reference MyVAS judges one record of a chunk (MYVAS-API.md 1.1, "Order of checks"): the first
 * failing check is the answer, and an accepted record joins the recipient's national history at once,
 * so the next record — in this chunk or from any PPV later — is judged against it.
 */
import { hash } from 'node:crypto';
import {
  myvasRecord,
  type MyvasAmendmentRecord,
  type MyvasDoseRecord,
  type MyvasRejectionCode,
  type MyvasVoidRecord,
} from '../../electron/contract/myvas';
import { earliestUnder, ruleInForce, type Catalogue } from '../../electron/core/catalogue';
import type { ChunkResult, HeldRecord, HistoryDose, MyvasStore, StoredBatch } from './store';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const FUTURE_TOLERANCE_MS = 2 * MINUTE;
const LATE_AFTER_MS = 72 * HOUR;
const MALAYSIA_OFFSET_MS = 8 * HOUR;

export interface Judge {
  /** Judges a record received at `receivedAt` (server time) and, when accepted, holds it. */
  judge(raw: Record<string, unknown>, canonical: string, receivedAt: number): ChunkResult;
}

export interface JudgeOptions {
  store: MyvasStore;
  batch: StoredBatch;
  /** The chunk being judged. */
  seq: number;
  /** The national catalogue: its interval rules and each product's primary series. */
  catalogue: Catalogue;
  /** The product codes MyVAS knows; a subset or superset of the catalogue's. */
  productCodes: ReadonlySet<string>;
}

type StandingDose = NonNullable<HeldRecord['dose']>;

class Rejection extends Error {
  constructor(
    readonly code: MyvasRejectionCode,
    message: string,
  ) {
    super(message);
  }
}

function reject(code: MyvasRejectionCode, message: string): never {
  throw new Rejection(code, message);
}

export function createJudge({ store, batch, seq, catalogue, productCodes }: JudgeOptions): Judge {
  const primaryDoses = new Map(catalogue.products.map((p) => [p.code, p.primaryDoses]));

  function judge(raw: Record<string, unknown>, canonical: string, receivedAt: number) {
    const recordId = typeof raw['recordId'] === 'string' ? raw['recordId'] : '';
    const held = recordId ? store.held(recordId) : null;
    const contentHash = hash('sha256', canonical, 'buffer');
    if (held !== null) {
      return held.contentHash.equals(contentHash)
        ? { recordId, status: 'duplicate' as const }
        : rejected(recordId, 'RECORD_CONFLICT', 'recordId is held with other content');
    }
    try {
      const record = parse(raw);
      const dose =
        record.recordType === 'void' ? acceptVoid(record) : acceptAdministered(record, receivedAt);
      store.hold({
        recordId: record.recordId,
        ppvCode: batch.ppvCode,
        batchId: batch.batchId,
        seq,
        recordType: record.recordType,
        amends: record.recordType === 'dose' ? null : record.amends,
        contentHash,
        dose,
      });
      return { recordId, status: 'accepted' as const };
    } catch (error) {
      if (error instanceof Rejection) return rejected(recordId, error.code, error.message);
      throw error;
    }
  }

  function parse(raw: Record<string, unknown>) {
    const parsed = myvasRecord.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || 'record';
      reject('INCOMPLETE', `${where}: ${issue?.message ?? 'malformed'}`);
    }
    return parsed.data;
  }

  /** 1.1: checked right after AFTER_CLOSURE, so a record from the future says so first. */
  function checkBatchConsistency(record: { ppvCode: string; sessionDate: string }): void {
    if (record.ppvCode !== batch.ppvCode) reject('INCOMPLETE', "ppvCode is not the batch's PPV");
    if (record.sessionDate !== batch.sessionDate) {
      reject('INCOMPLETE', "sessionDate is not the batch's session date");
    }
  }

  /**
   * The dose a void or amendment names, of this PPV and not already voided or replaced: one MyVAS
   * holds, or `null` for one it rejected. Naming a rejected record closes its rejection, whatever
   * becomes of the correction itself (1.1: a rejected record is corrected once; a correction rejected
   * in turn is a rejected record of its own).
   */
  function target(record: MyvasVoidRecord | MyvasAmendmentRecord): StandingDose | null {
    const held = store.held(record.amends);
    if (held?.dose && held.ppvCode === batch.ppvCode && held.dose.effective) return held.dose;
    if (
      !held &&
      store.rejectedFrom(record.amends, batch.ppvCode) &&
      !store.rejectionClosed(record.amends)
    ) {
      store.closeRejection(record.amends, record.recordId);
      return null;
    }
    reject('UNKNOWN_RECORD', 'amends names no standing or uncorrected rejected record of this PPV');
  }

  function acceptVoid(record: MyvasVoidRecord): null {
    const dose = target(record);
    checkBatchConsistency(record);
    // A void of a rejected record only closes the rejection: nobody's history changes.
    if (!dose) return null;
    const later = store.history(dose.personKey).find((d) => d.doseNumber > dose.doseNumber);
    if (later) {
      reject(
        'DOSE_SEQUENCE',
        `voiding dose ${dose.doseNumber} would leave dose ${later.doseNumber} after a gap`,
      );
    }
    store.retire(dose.recordId);
    return null;
  }

  /**
   * A dose, or an amendment judged as the dose it stands for: of a held record it replaces it; of
   * a rejected record it is judged afresh, in full. An amendment's sessionDate is the day it was
   * made, so only the "after closedAt" part of AFTER_CLOSURE applies to it.
   */
  function acceptAdministered(
    record: MyvasDoseRecord | MyvasAmendmentRecord,
    receivedAt: number,
  ): HistoryDose & { personKey: string } {
    const replaced = record.recordType === 'amendment' ? target(record) : null;
    const { dose, recipient } = record;
    const administeredAt = Date.parse(dose.administeredAt);
    const date = malaysiaDate(administeredAt);

    if (administeredAt > receivedAt + FUTURE_TOLERANCE_MS) {
      reject(
        'ADMINISTERED_IN_FUTURE',
        'administeredAt is after the time MyVAS received the record',
      );
    }
    if (administeredAt > batch.closedAt) {
      reject('AFTER_CLOSURE', "administeredAt is after the batch's closedAt");
    }
    if (record.recordType === 'dose' && date !== batch.sessionDate) {
      reject('AFTER_CLOSURE', "administeredAt is outside the batch's sessionDate");
    }
    checkBatchConsistency(record);
    if (!productCodes.has(dose.productCode)) {
      reject('UNKNOWN_PRODUCT', `${dose.productCode} is not in the national catalogue`);
    }
    if (dose.expiry < date) reject('EXPIRED_LOT', 'the lot expired before the administration date');
    if (receivedAt - administeredAt > LATE_AFTER_MS && record.lateReason === undefined) {
      reject(
        'LATE_UPLOAD_NO_REASON',
        'uploaded more than 72 hours after administeredAt without lateReason',
      );
    }

    const personKey = `${recipient.docType}:${recipient.docCountry}:${recipient.docNumber}`;
    const history = store.history(personKey).filter((d) => d.recordId !== replaced?.recordId);
    checkHistory(history, { ...dose, date, recordId: record.recordId });

    if (replaced) store.retire(replaced.recordId);
    return {
      recordId: record.recordId,
      personKey,
      doseNumber: dose.doseNumber,
      productCode: dose.productCode,
      series: dose.series,
      date,
    };
  }

  function checkHistory(history: readonly HistoryDose[], dose: HistoryDose) {
    const byNumber = new Map(history.map((d) => [d.doseNumber, d]));
    if (byNumber.has(dose.doseNumber)) {
      reject('DUPLICATE_DOSE', `the recipient already has dose ${dose.doseNumber}`);
    }
    for (let n = 1; n < dose.doseNumber; n++) {
      if (!byNumber.has(n))
        reject('DOSE_SEQUENCE', `the recipient has no dose ${n} before dose ${dose.doseNumber}`);
    }
    const first = dose.doseNumber === 1 ? dose : byNumber.get(1);
    const seriesLength = primaryDoses.get(first?.productCode ?? dose.productCode) ?? 1;
    const series = dose.doseNumber <= seriesLength ? 'primary' : 'booster';
    if (dose.series !== series) {
      reject('DOSE_SEQUENCE', `dose ${dose.doseNumber} belongs to the ${series} series`);
    }
    if (series === 'primary' && first && first.productCode !== dose.productCode) {
      reject('PRODUCT_MISMATCH', `the primary series began with ${first.productCode}`);
    }
    const previous = byNumber.get(dose.doseNumber - 1);
    if (!previous) return;
    if (dose.date < previous.date) {
      reject('INTERVAL', `dose ${dose.doseNumber} is dated before dose ${previous.doseNumber}`);
    }
    const rule = ruleInForce(
      catalogue.intervalRules,
      dose.productCode,
      series,
      series === 'primary' ? dose.doseNumber : null,
      dose.date,
    );
    if (rule && dose.date < earliestUnder(rule, previous.date)) {
      reject('INTERVAL', `below the national minimum interval (${rule.id})`);
    }
  }

  return { judge };
}

function rejected(recordId: string, code: MyvasRejectionCode, message: string): ChunkResult {
  return { recordId, status: 'rejected', code, message };
}

function malaysiaDate(instant: number): string {
  return new Date(instant + MALAYSIA_OFFSET_MS).toISOString().slice(0, 10);
}
