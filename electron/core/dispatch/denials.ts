import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { AuditLog } from '../audit';
import type { TrustedClock } from '../clock';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/log';

/** Refusals of calls that name no account are counted per station and written once a minute. */
export const DENIAL_WINDOW_MS = 60_000;

interface Window {
  openedAt: number;
  openedMonotonic: number;
  refusals: Map<string, number>;
  connections: Set<string>;
  closedConnections: number;
}

/**
 * Refusals of callers who are not signed in (a stranger's calls, throttled or waiting sign-ins)
 * are counted rather than written one audit entry each: a flood of them would otherwise grow the
 * append-only log without bound. Each station's counts become one `access.deniedCount` entry per
 * minute, written at the first call after the minute (and when the console closes).
 */
export function createDenialTally(deps: {
  sqlite: SqliteDatabase;
  audit: AuditLog;
  clock: TrustedClock;
  monotonic: Clock;
  log: Logger;
}) {
  const windows = new Map<string, Window>();

  const windowOf = (stationId: string): Window => {
    let window = windows.get(stationId);
    if (!window) {
      window = {
        openedAt: deps.clock.now().at,
        openedMonotonic: deps.monotonic.monotonic(),
        refusals: new Map(),
        connections: new Set(),
        closedConnections: 0,
      };
      windows.set(stationId, window);
    }
    return window;
  };

  function write(stationId: string, window: Window): void {
    const now = deps.clock.now();
    try {
      deps.sqlite.transaction(() =>
        deps.audit.append({
          at: now.at,
          deviceAt: now.deviceAt,
          userId: null,
          station: stationId,
          action: 'access.deniedCount',
          entityType: null,
          entityId: null,
          detail: {
            from: window.openedAt,
            to: now.at,
            refusals: Object.fromEntries(window.refusals),
            connections: window.connections.size,
            closedConnections: window.closedConnections,
          },
        }),
      )();
    } catch (error) {
      deps.log.error('audit.denialsNotRecorded', { stationId, error: String(error) });
    }
  }

  return {
    /** `channel` is one the contract knows (or `unknown`): a caller cannot grow the entry. */
    count(stationId: string, connectionId: string, channel: string, code: string): void {
      const window = windowOf(stationId);
      const key = `${channel} ${code}`;
      window.refusals.set(key, (window.refusals.get(key) ?? 0) + 1);
      window.connections.add(connectionId);
    },
    closed(stationId: string): void {
      windowOf(stationId).closedConnections += 1;
    },
    /** Writes the counts of every station whose minute has passed. */
    flushDue(): void {
      const now = deps.monotonic.monotonic();
      for (const [stationId, window] of windows) {
        if (now - window.openedMonotonic < DENIAL_WINDOW_MS) continue;
        windows.delete(stationId);
        write(stationId, window);
      }
    },
    flush(): void {
      for (const [stationId, window] of windows) write(stationId, window);
      windows.clear();
    },
  };
}

export type DenialTally = ReturnType<typeof createDenialTally>;
