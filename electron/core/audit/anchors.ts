import type { ChannelOutput } from '../../contract';
import { myvasAnchorConflict, myvasAnchorsPage } from '../../contract/myvas';
import type { TrustedClock } from '../clock';
import type { Settings } from '../ppv/settings';
import type { Logger } from '../shared/log';
import { malaysiaTimestamp } from '../shared/time';
import {
  connectToMyvas,
  MyvasRedirectError,
  MyvasTransitError,
  type Fetch,
  type MyvasClient,
  type MyvasReply,
} from '../upload/client';
import type { AnchoredHead, AuditLog, KnownAnchors } from '.';

/** How often the chain head is anchored at MyVAS while it can be reached (SPEC.md). */
export const ANCHOR_EVERY_MS = 15 * 60_000;
/** MyVAS lists at most this many anchors a page (MYVAS-API.md, `GET /v1/anchors`). */
const ANCHORS_PER_PAGE = 1000;

export type AnchorStatus = ChannelOutput<'audit.anchorStatus'>;

export interface AnchoringDeps {
  audit: AuditLog;
  settings: Settings;
  clock: TrustedClock;
  log: Logger;
  fetch?: Fetch;
  /** Resolves once every commit made so far is on disk (db/durable.ts). */
  durable(): Promise<void>;
  clockChanged(): void;
  /** Called whenever the status changes: the status bar shows it. */
  changed(status: AnchorStatus): void;
}

/** MyVAS answered, but not as the contract says it would: try again at the next round. */
class NotNow extends Error {}

/**
 * Anchors the audit chain at MyVAS (MYVAS-API.md 1.1): each round sends the chain head
 * (`POST /v1/anchors`), fetches the anchors MyVAS holds that it has not seen yet, and compares them
 * with the log. The anchors are kept in memory, never in the database: the database is what they
 * check, and whoever holds its key could rewrite a copy kept there along with the history. A
 * station that cannot reach MyVAS keeps its last status; one whose log disagrees with MyVAS is in
 * `conflict` until a person looks, and anchors nothing more meanwhile.
 */
export function createAnchoring(deps: AnchoringDeps) {
  const { audit, clock, log } = deps;
  const held: AnchoredHead[] = [];
  let fetchedAt: number | null = null;
  let lastAnchored: { seq: number; hash: string; at: number } | null = null;
  let status: AnchorStatus = {
    state: 'unanchored',
    lastAnchoredSeq: null,
    lastAnchoredAt: null,
    conflictSeq: null,
  };
  let running: Promise<AnchorStatus> | null = null;

  function settle(next: AnchorStatus): AnchorStatus {
    const same = (Object.keys(next) as Array<keyof AnchorStatus>).every(
      (key) => next[key] === status[key],
    );
    if (next.state === 'conflict' && status.state !== 'conflict') {
      log.error('audit.anchor_conflict', { seq: next.conflictSeq });
    }
    status = next;
    if (!same) deps.changed(next);
    return next;
  }

  function conflict(seq: number | null): AnchorStatus {
    return settle({ ...status, state: 'conflict', conflictSeq: seq });
  }

  /** Sends the head unless it is anchored already; the seq MyVAS holds another head for, if any. */
  async function sendHead(client: MyvasClient, ppvCode: string): Promise<number | null> {
    const head = audit.headEntry();
    if (!head || (lastAnchored?.seq === head.seq && lastAnchored.hash === head.hash)) return null;
    // A head MyVAS holds must be one a power cut here cannot take back.
    await deps.durable();
    const at = clock.now().at;
    const reply = await client.anchor(
      JSON.stringify({ ppvCode, seq: head.seq, head: head.hash, at: malaysiaTimestamp(at) }),
    );
    if (reply.status === 409 && myvasAnchorConflict.safeParse(reply.body).success) return head.seq;
    expectOk(reply);
    lastAnchored = { ...head, at };
    return null;
  }

  /** Adds the anchors MyVAS holds past the last one fetched, a page at a time. */
  async function fetchNew(client: MyvasClient): Promise<void> {
    for (;;) {
      const reply = await client.anchorsAfter(held.at(-1)?.seq ?? 0);
      expectOk(reply);
      const page = myvasAnchorsPage.safeParse(reply.body);
      if (!page.success) throw new NotNow('MALFORMED_ANSWER');
      for (const anchor of page.data.anchors) {
        // In seq order, each past the last: anything else is not the answer asked for.
        if (anchor.seq <= (held.at(-1)?.seq ?? 0)) throw new NotNow('MALFORMED_ANSWER');
        held.push({ seq: anchor.seq, head: anchor.head });
      }
      if (page.data.anchors.length < ANCHORS_PER_PAGE) break;
    }
    fetchedAt = clock.now().at;
  }

  /** Which MyVAS (address and PPV) the anchors above were sent to and fetched from. */
  let anchoredAt: string | null = null;

  /**
   * Another MyVAS, or the same one for another PPV: what the last one held says nothing of this one,
   * which must be sent the head and asked for its anchors afresh. A conflict stays until a person
   * has looked: pointing the console elsewhere does not make a rewritten history agree.
   */
  function followAddress(): void {
    const settings = deps.settings.find();
    const address = settings ? `${settings.ppvCode} ${settings.myvasEndpoint ?? ''}` : null;
    if (address === anchoredAt) return;
    anchoredAt = address;
    held.length = 0;
    fetchedAt = null;
    lastAnchored = null;
    if (status.state !== 'conflict') {
      settle({
        state: 'unanchored',
        lastAnchoredSeq: null,
        lastAnchoredAt: null,
        conflictSeq: null,
      });
    }
  }

  async function once(): Promise<AnchorStatus> {
    const connection = connectToMyvas(deps);
    if ('notConfigured' in connection) return status;
    const { client, ppvCode } = connection;
    followAddress();
    try {
      if (status.state === 'conflict') {
        await fetchNew(client);
        return status;
      }
      const refusedAt = await sendHead(client, ppvCode);
      await fetchNew(client);
      if (refusedAt !== null) return conflict(refusedAt);
      const problem = audit.firstDisagreement(held);
      if (problem) return conflict(problem.seq);
      return settle({
        state: lastAnchored ? 'anchored' : 'unanchored',
        lastAnchoredSeq: lastAnchored?.seq ?? null,
        lastAnchoredAt: lastAnchored?.at ?? null,
        conflictSeq: null,
      });
    } catch (error) {
      if (
        error instanceof MyvasTransitError ||
        error instanceof MyvasRedirectError ||
        error instanceof NotNow
      ) {
        log.info('audit.anchor_not_now', { reason: error.message });
        return status;
      }
      throw error;
    }
  }

  return {
    /** One round now; concurrent calls share it. Never throws for MyVAS's sake. */
    round(): Promise<AnchorStatus> {
      running ??= once().finally(() => {
        running = null;
      });
      return running;
    },
    status: (): AnchorStatus => status,
    /** What the verifier compares the log with: null until MyVAS has been asked in this process. */
    known: (): KnownAnchors | null => (fetchedAt === null ? null : { fetchedAt, anchors: held }),
  };
}

export type Anchoring = ReturnType<typeof createAnchoring>;

function expectOk(reply: MyvasReply): void {
  if (reply.status < 200 || reply.status >= 300) throw new NotNow(`HTTP_${reply.status}`);
}
