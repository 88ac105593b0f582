/** Structured log lines. Callers pass ids and codes, never personal data (mask document numbers). */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export const consoleLogger: Logger = {
  info: (event, fields) =>
    process.stdout.write(`${JSON.stringify({ level: 'info', event, ...fields })}\n`),
  error: (event, fields) =>
    process.stderr.write(`${JSON.stringify({ level: 'error', event, ...fields })}\n`),
};

export const silentLogger: Logger = { info: () => undefined, error: () => undefined };
