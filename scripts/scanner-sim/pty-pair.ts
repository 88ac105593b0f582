import { spawn } from 'node:child_process';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { terminatorBytes, type Terminator } from '../../electron/devices/serial/framer';

/**
 * A pseudo-terminal pair made by socat: what is written into `scannerPath` comes out of
 * `consolePath`, as if a serial scanner were plugged in there.
 */
export interface PtyPair {
  /** The end the console opens (its serial scanner's port setting). */
  consolePath: string;
  /** The end scans are written into. */
  scannerPath: string;
  /** Writes the scans, each followed by the terminator; with `pauseMs`, waits that long after each. */
  write(scans: string[], terminator: Terminator, options?: { pauseMs?: number }): Promise<void>;
  /** Ends socat: both ends vanish, as when the scanner is unplugged. */
  close(): Promise<void>;
}

export function encodeScans(scans: string[], terminator: Terminator): Buffer {
  return Buffer.concat(
    scans.flatMap((scan) => [Buffer.from(scan, 'latin1'), terminatorBytes[terminator]]),
  );
}

/** `\xHH` in typed text becomes that byte, so `\x1d` is GS. */
export function unescapeScan(typed: string): string {
  return typed.replace(/\\x([0-9a-fA-F]{2})/g, (_whole, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

export async function createPtyPair(dir: string, timeoutMs = 5_000): Promise<PtyPair> {
  const consolePath = path.join(dir, 'console');
  const scannerPath = path.join(dir, 'scanner');
  const socat = spawn('socat', [
    '-d',
    '-d',
    `pty,raw,echo=0,link=${consolePath}`,
    `pty,raw,echo=0,link=${scannerPath}`,
  ]);
  const exited = new Promise<void>((resolve) => socat.once('close', () => resolve()));

  await new Promise<void>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => {
      socat.kill();
      reject(new Error(`socat did not start within ${timeoutMs} ms: ${log}`));
    }, timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    socat.once('error', (error) =>
      fail(new Error(`socat could not run (is it installed?): ${error.message}`)),
    );
    socat.once('exit', (code) => fail(new Error(`socat exited with ${code}: ${log}`)));
    socat.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('starting data transfer loop')) {
        clearTimeout(timer);
        socat.removeAllListeners('exit');
        resolve();
      }
    });
  });

  let scannerEnd: FileHandle | null = null;
  return {
    consolePath,
    scannerPath,
    async write(scans, terminator, options = {}) {
      scannerEnd ??= await open(scannerPath, 'r+');
      if (!options.pauseMs) {
        await scannerEnd.write(encodeScans(scans, terminator));
        return;
      }
      for (const scan of scans) {
        await scannerEnd.write(encodeScans([scan], terminator));
        await sleep(options.pauseMs);
      }
    },
    async close() {
      await scannerEnd?.close();
      scannerEnd = null;
      if (socat.exitCode === null && socat.signalCode === null) socat.kill();
      await exited;
    },
  };
}
