/**
 * A write is acknowledged only after its commit: the console runs in a process of its own over a
 * real encrypted database file, this test streams dose.record calls at it and notes each answer,
 * then kills it with SIGKILL mid-stream — a hundred times. Every acknowledged dose is there after,
 * and the file passes SQLite's integrity check and the audit chain's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, openDatabase } from '../../db/open';
import type { ChannelParsedInput, DispatchResult } from '../../electron/contract';
import { createAuditLog } from '../../electron/core/audit';
import { createHarness, TEST_KEY } from '../../electron/core/testing/harness';
import {
  arrive,
  doseInput,
  openVial,
  openWalkIn,
  setUpStation,
} from '../../electron/core/testing/scenario';
import { bundleConsoleChild } from './bundle';

const RUNS = 100;
const DOSES_PER_RUN = 30;
/** Calls sent before their answers come back, as several desks would. */
const IN_FLIGHT = 4;

let dir: string;
let template: string;
let clockMs: number;
let child: string;
let inputs: Array<ChannelParsedInput<'dose.record'>>;

beforeAll(async () => {
  // In memory-backed files (tmpfs): a killed process loses nothing the kernel holds, so syncing to
  // a real disk adds time and proves nothing more here.
  dir = mkdtempSync(path.join('/dev/shm', 'ppv-power-loss-'));
  child = await bundleConsoleChild();
  // One day's set-up, made once: thirty recipients present at the station, vials open.
  const h = createHarness();
  await setUpStation(h);
  openWalkIn(h);
  inputs = [];
  for (let index = 0; index < DOSES_PER_RUN; index += 1) {
    const visitor = arrive(h, index + 1);
    const vial = openVial(h, 'COMIRNATY', { serial: `PL${Math.floor(index / 6)}` });
    inputs.push(doseInput(h, visitor, vial.vialId));
  }
  clockMs = h.clock.now();
  await h.db.close();
  template = path.join(dir, 'template.db');
  copyFileSync(h.file, template);
  h.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Answer = { id: number; result: DispatchResult<{ doseId: string }> } | { ready: true };

/** One life of the console: doses streamed at it until it is killed after `killAfter` answers. */
async function liveAndDie(file: string, killAfter: number) {
  const process_: ChildProcess = fork(child, [file, String(clockMs), defaultMigrationsFolder], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const acknowledged: string[] = [];
  const refused: string[] = [];
  let sent = 0;
  const exited = new Promise<void>((resolve) => process_.once('exit', () => resolve()));
  const send = () => {
    if (sent < inputs.length && process_.connected) {
      process_.send({ id: sent, input: inputs[sent] });
      sent += 1;
    }
  };
  process_.on('message', (answer: Answer) => {
    if ('ready' in answer) {
      for (let i = 0; i < IN_FLIGHT; i += 1) send();
      return;
    }
    if (answer.result.ok) acknowledged.push(answer.result.value.doseId);
    else refused.push(answer.result.error.code);
    if (acknowledged.length + refused.length >= killAfter || sent === inputs.length) {
      process_.kill('SIGKILL'); // mid-stream: calls still in flight
      return;
    }
    send();
  });
  await exited;
  return { acknowledged, refused, sent };
}

/** One run: a fresh copy of the day, one life killed mid-stream, then the file checked. */
async function run(index: number): Promise<number> {
  const file = path.join(dir, `run-${index}.db`);
  copyFileSync(template, file);
  const killAfter = 1 + ((index * 7919) % (DOSES_PER_RUN - IN_FLIGHT));
  const life = await liveAndDie(file, killAfter);
  expect(life.refused).toEqual([]);

  const db = openDatabase({ file, key: TEST_KEY });
  try {
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set(
      (db.sqlite.prepare('SELECT id FROM doses').all() as Array<{ id: string }>).map(
        (row) => row.id,
      ),
    );
    expect(life.acknowledged.filter((doseId) => !stored.has(doseId))).toEqual([]);
    expect(stored.size).toBeLessThanOrEqual(life.sent); // nothing recorded that was not sent
    expect(createAuditLog(db).verify().intact).toBe(true);
  } finally {
    await db.close();
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  return life.acknowledged.length;
}

/** Runs at once: the console processes are independent, each over its own file. */
const PARALLEL = 2;

describe('power loss', () => {
  it(`loses no acknowledged dose across ${RUNS} kills mid-stream, and leaves the file intact`, async () => {
    let next = 0;
    let acknowledged = 0;
    const worker = async () => {
      while (next < RUNS) acknowledged += await run(next++);
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    expect(acknowledged).toBeGreaterThan(RUNS);
  }, 120_000);
});
