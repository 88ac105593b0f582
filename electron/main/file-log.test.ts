import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFileLog } from './file-log';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'ppv-file-log-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('the file log', () => {
  it('writes structured lines with no personal data, even when a caller passes some', async () => {
    const log = await openFileLog(folder);
    log.logger.info('card.read', { code: 'CARD_REMOVED', readerId: 'pcsc:ACR39U' });
    log.logger.error('registration.failed', {
      fullName: 'NUR AISYAH BINTI CONTOH',
      recipient: { docNumber: '900101145672', phone: '+60123456789' },
    });
    await log.close();
    const text = log
      .files()
      .map((file) => readFileSync(file, 'utf8'))
      .join('');
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ level: 30, event: 'card.read', code: 'CARD_REMOVED' });
    expect(lines[1]).toMatchObject({ level: 50, event: 'registration.failed' });
    expect(text).not.toMatch(/AISYAH|900101145672|60123456789/);
  });

  it('rotates into a new file past its size and keeps the newest few', async () => {
    const log = await openFileLog(folder, { maxBytes: 1024, files: 3 });
    let line = 0;
    for (let round = 0; round < 5; round += 1) {
      const newest = log.files().at(-1);
      for (let i = 0; i < 20; i += 1, line += 1) {
        log.logger.info('upload.chunk', { batchId: `batch-${line}`, padding: 'x'.repeat(40) });
      }
      await until(() => log.files().at(-1) !== newest); // the file rolled over
    }
    await log.close();
    const files = log.files();
    expect(files.length).toBeLessThanOrEqual(3);
    expect(files.length).toBeGreaterThan(1);
    expect(files.map((file) => readFileSync(file, 'utf8')).join('')).toContain(`batch-${line - 1}`);
  });
});

/** Waits (bounded) for the file's own asynchronous writes to show an outcome. */
async function until(done: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 300 && !done(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (!done()) throw new Error('the log did not roll over');
}
