import type { Clock } from '../shared/clock';

interface Session {
  userId: string;
  lastActivity: number;
  locked: boolean;
}

/**
 * Who is signed in on which connection (an Electron window or a station socket). Idle time runs on
 * the monotonic clock so that changing the PC's clock neither locks nor unlocks a desk.
 */
export function createSessions(clock: Clock, idleLockMinutes: () => number) {
  const sessions = new Map<string, Session>();

  return {
    start(connectionId: string, userId: string): void {
      sessions.set(connectionId, { userId, lastActivity: clock.monotonic(), locked: false });
    },
    end(connectionId: string): void {
      sessions.delete(connectionId);
    },
    endAllFor(userId: string): void {
      for (const [connectionId, session] of sessions) {
        if (session.userId === userId) sessions.delete(connectionId);
      }
    },
    get(connectionId: string): Readonly<Session> | undefined {
      return sessions.get(connectionId);
    },
    /** True when the session is locked, locking it first if it has been idle too long. */
    lockIfIdle(connectionId: string): boolean {
      const session = sessions.get(connectionId);
      if (!session) return false;
      if (
        !session.locked &&
        clock.monotonic() - session.lastActivity > idleLockMinutes() * 60_000
      ) {
        session.locked = true;
      }
      return session.locked;
    },
    lock(connectionId: string): void {
      const session = sessions.get(connectionId);
      if (session) session.locked = true;
    },
    unlock(connectionId: string): void {
      const session = sessions.get(connectionId);
      if (session) {
        session.locked = false;
        session.lastActivity = clock.monotonic();
      }
    },
    touch(connectionId: string): void {
      const session = sessions.get(connectionId);
      if (session && !session.locked) session.lastActivity = clock.monotonic();
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
