/**
 * A full disk: the database on a small tmpfs this test mounts (root, as CI runs), filled to the
 * last byte while the desks work. Every write is then refused in words (DISK_FULL), nothing half
 * written stays, and once space is freed the file reopens clean and takes writes again.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { localise } from '../../electron/contract';
import { createAuditLog } from '../../electron/core/audit';
import {
  createHarness,
  TEST_KEY,
  TEST_PIN,
  type Harness,
} from '../../electron/core/testing/harness';
import {
  arrive,
  doseInput,
  nthRecipient,
  openVial,
  openWalkIn,
  setUpStation,
} from '../../electron/core/testing/scenario';

let mount: string;
let h: Harness;

beforeAll(() => {
  mount = mkdtempSync(path.join(tmpdir(), 'ppv-full-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mount]);
});

afterAll(() => {
  h?.close();
  execFileSync('umount', ['-l', mount]);
  rmSync(mount, { recursive: true, force: true });
});

/** Takes every free block of the file system. */
function fill(file: string): void {
  const handle = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(handle, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(handle);
  }
  // The last partial block too.
  const tail = openSync(file, 'a');
  try {
    for (;;) writeSync(tail, Buffer.alloc(512, 1));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(tail);
  }
}

describe('a full disk', () => {
  it('refuses every write in words, keeps every acknowledged one, and reopens clean', async () => {
    const file = path.join(mount, 'ppv.db');
    h = createHarness({ file });
    await setUpStation(h);
    openWalkIn(h);
    const vial = openVial(h);
    const acknowledged: string[] = [];
    const first = arrive(h, 1);
    acknowledged.push(h.ok('vax', 'dose.record', doseInput(h, first, vial.vialId)).doseId);

    const filler = path.join(mount, 'filler');
    fill(filler);

    // The desks keep working, through the transports' path (the group commit): arrivals and doses
    // until the disk refuses one.
    let refusal: { code: string; message: { ms: string; en: string } } | null = null;
    for (let index = 2; index < 2_000 && refusal === null; index += 1) {
      const input = nthRecipient(index);
      const registered = await h.callAsync('desk', 'recipient.register', input);
      if (!registered.ok) {
        refusal = registered.error;
        break;
      }
      const { registrationId } = registered.value.registration;
      const present = await h.callAsync('vax', 'presence.confirm', {
        registrationId,
        method: 'MYKAD_TYPED',
        scanned: input.document.docNumber,
        reason: 'Ujian cakera penuh: tiada pembaca kad',
      });
      if (!present.ok) {
        refusal = present.error;
        break;
      }
      const dose = await h.callAsync(
        'vax',
        'dose.record',
        doseInput(h, { registrationId }, vial.vialId),
      );
      if (dose.ok) acknowledged.push(dose.value.doseId);
      else if (dose.error.code !== 'VIAL_EMPTY') refusal = dose.error;
    }
    expect(refusal).toEqual({ code: 'DISK_FULL', message: localise('DISK_FULL') });
    // Reads still work, and so does every other write's refusal: a full disk is no failed sync.
    expect(await h.okAsync('mgr', 'day.current', {})).not.toBeNull();
    expect(await h.callAsync('mgr', 'day.open', { channel: 'walk-in' })).toMatchObject({
      ok: false,
      error: { code: 'DAY_ALREADY_OPEN' },
    });
    expect(h.db.commits.failed).toBe(false);

    const before = h.counts();
    rmSync(filler);
    await h.db.close();

    const reopened = openDatabase({ file, key: TEST_KEY });
    try {
      expect(reopened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(createAuditLog(reopened).verify().intact).toBe(true);
      const doses = reopened.sqlite.prepare('SELECT id FROM doses').all() as Array<{ id: string }>;
      expect(doses.map((row) => row.id)).toEqual(expect.arrayContaining(acknowledged));
      const recipients = reopened.sqlite.prepare('SELECT count(*) AS n FROM recipients').get();
      expect(recipients).toEqual({ n: before['recipients'] });
    } finally {
      await reopened.close();
    }

    // With space again, the console takes writes.
    h = createHarness({ file });
    await h.okAsync('desk', 'auth.signIn', { staffId: 'CLERK01', secret: TEST_PIN });
    await h.okAsync('vax', 'auth.signIn', { staffId: 'VAX01', secret: TEST_PIN });
    const later = arrive(h, 5_000);
    const another = openVial(h, 'COMIRNATY', { serial: 'AFTER' });
    h.ok('vax', 'dose.record', doseInput(h, later, another.vialId));
  });
});
