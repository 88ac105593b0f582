/**
 * A serial barcode scanner on a pseudo-terminal, for developing without one:
 *
 *   npm run scanner-sim -- [--dir DIR] [--terminator CR|LF|CRLF|TAB|none] [--gap-ms 200] [SCAN …]
 *
 * It prints the port the console should open. Scans on the command line are sent each time Enter is
 * pressed; without them, every line typed (or piped) is one scan. `\x1d` in a scan is GS.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Terminator } from '../../electron/devices/serial/framer';
import { createPtyPair, unescapeScan } from './pty-pair';

const terminators: Terminator[] = ['CR', 'LF', 'CRLF', 'TAB', 'none'];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dir: { type: 'string', default: path.join(os.tmpdir(), 'ppv-scanner-sim') },
    terminator: { type: 'string', default: 'CR' },
    'gap-ms': { type: 'string', default: '200' },
  },
});

const terminator =
  values.terminator.toUpperCase() === 'NONE' ? 'none' : values.terminator.toUpperCase();
if (!terminators.includes(terminator as Terminator)) {
  console.error(`--terminator must be one of ${terminators.join(', ')}`);
  process.exit(2);
}
const gapMs = Number(values['gap-ms']);
const scanOptions = terminator === 'none' ? { pauseMs: gapMs } : {};

mkdirSync(values.dir, { recursive: true });
const pair = await createPtyPair(values.dir);
console.log(`Console: set the serial scanner's port to ${pair.consolePath} (any baud rate)`);
console.log(`Terminator ${terminator}; scans are written into ${pair.scannerPath}`);

const fixedScans = positionals.map(unescapeScan);
console.log(
  fixedScans.length > 0
    ? `Press Enter to send ${fixedScans.length} scan(s); Ctrl-C ends.`
    : 'Type a scan and press Enter; Ctrl-C ends.',
);

const shutDown = () => {
  void pair.close().then(() => process.exit(0));
};
process.on('SIGINT', shutDown);
process.on('SIGTERM', shutDown);

for await (const line of createInterface({ input: process.stdin })) {
  const scans = fixedScans.length > 0 ? fixedScans : [unescapeScan(line)];
  await pair.write(scans, terminator as Terminator, scanOptions);
  console.log(`sent ${scans.length} scan(s)`);
}
console.log('Input ended; the port stays until Ctrl-C.');
