// The installation's log: structured lines (pino) in a rotating file (pino-roll), for support. The
// core logs through its own port (core/shared/log.ts); this is its adapter in Electron main and
// browser mode. Callers pass ids and codes, never personal data; in case one slips through, the
// fields that would carry it are removed before a line is written.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import roll from 'pino-roll';
import type { Logger } from '../core/shared/log';

const baseName = 'ppv-console';
const fileName = /^ppv-console\.\d+\.log$/;

/** Field names that would hold personal data, at any of the first two levels. */
const personalFields = [
  'fullName',
  'name',
  'docNumber',
  'document',
  'birthDate',
  'phone',
  'address',
  'addressLine',
  'postcode',
  'secret',
  'managerSecret',
  'identity',
];

export interface FileLog {
  logger: Logger;
  /** The log files there are now, oldest first. */
  files(): string[];
  /** Writes out what is buffered and closes the file. */
  close(): Promise<void>;
}

/** Logs into `folder`, a new file every 2 MB, the newest five files kept. */
export async function openFileLog(
  folder: string,
  options: { maxBytes?: number; files?: number } = {},
): Promise<FileLog> {
  const stream = await roll({
    file: path.join(folder, baseName),
    extension: '.log',
    size: `${Math.max(1, Math.round((options.maxBytes ?? 2 * 1024 * 1024) / 1024))}k`,
    limit: { count: (options.files ?? 5) - 1 },
    mkdir: true,
  });
  // A full disk must not stop the console over a log line.
  stream.on('error', () => undefined);
  const log = pino(
    {
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: personalFields.flatMap((field) => [field, `*.${field}`]),
        censor: '[removed]',
      },
    },
    stream,
  );
  return {
    logger: {
      info: (event, fields) => log.info({ event, ...fields }),
      error: (event, fields) => log.error({ event, ...fields }),
    },
    files: () =>
      readdirSync(folder)
        .filter((name) => fileName.test(name))
        .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
        .map((name) => path.join(folder, name)),
    close: () =>
      new Promise<void>((resolve) => {
        stream.once('close', () => resolve());
        stream.end();
      }),
  };
}
