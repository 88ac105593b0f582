// pino-roll ships no types: the part of its API the file log uses.
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';

  interface RollingStream extends DestinationStream {
    on(event: 'error', listener: (error: Error) => void): this;
    once(event: 'close', listener: () => void): this;
    end(): void;
  }

  export default function roll(options: {
    file: string;
    extension?: string;
    size?: string | number;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
  }): Promise<RollingStream>;
}
