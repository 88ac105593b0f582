/**
 * A write is acknowledged only after its commit: the console runs in a process of its own over a
 * real encrypted database file, this test streams dose.record calls at it and notes each answer,
 * then kills it with SIGKILL mid-stream — a hundred times. Every acknowledged dose is there after,
 * and the file passes SQLite's integrity check and the audit chain's. Then the same console under
 * strace: no answer leaves before a real sync of the WAL, begun after its call's commit, has finished.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** The bytes of a string as strace prints it (C escapes, octal for the rest). */
function straceBytes(quoted: string): number[] {
  const named: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, a: 7, b: 8, e: 27 };
  const bytes: number[] = [];
  for (let i = 0; i < quoted.length; i += 1) {
    if (quoted[i] !== '\\') {
      bytes.push(quoted.charCodeAt(i));
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(quoted.slice(i + 1))?.[0];
    if (octal) {
      bytes.push(parseInt(octal, 8));
      i += octal.length;
    } else {
      i += 1;
      bytes.push(named[quoted[i]!] ?? quoted.charCodeAt(i));
    }
  }
  return bytes;
}

/**
 * From the console's system calls as strace saw them (`-f -y`: every thread, each file descriptor
 * with the file it names), for each answer sent to the parent (by its id): whether a sync of the WAL
 * that began after the last write of that call's commit had finished before the answer left. The
 * calls commit in the order they arrive, so the n-th commit after 'ready' is the call with id n; a
 * commit ends with the frame whose header (24 bytes) gives the database's size after it.
 */
function tracedAnswers(trace: string): { commits: number; answers: Map<number, boolean> } {
  const commitEnds: number[] = [];
  const syncs: Array<{ start: number; end: number }> = [];
  const unfinishedSyncs = new Map<string, number>();
  const answers = new Map<number, boolean>();
  let ready = false;
  trace.split('\n').forEach((line, index) => {
    const [, pid, resumed] = /^(\d+) +(?:<\.\.\. (\w+) resumed>)?/.exec(line) ?? [];
    if (pid === undefined) return;
    if (resumed === 'fdatasync' || resumed === 'fsync') {
      const start = unfinishedSyncs.get(pid);
      unfinishedSyncs.delete(pid);
      if (start !== undefined && / = 0$/.test(line)) syncs.push({ start, end: index });
      return;
    }
    const [, call, target] = /^\d+ +(\w+)\(\d+<([^>]*)>/.exec(line) ?? [];
    if (call === undefined || target === undefined) return;
    if (target.endsWith('-wal') && (call === 'fdatasync' || call === 'fsync')) {
      if (line.endsWith('<unfinished ...>')) unfinishedSyncs.set(pid, index);
      else if (/ = 0$/.test(line)) syncs.push({ start: index, end: index });
    } else if (target.endsWith('-wal') && call === 'pwrite64' && ready) {
      const [, quoted, size] = /, "((?:[^"\\]|\\.)*)"(?:\.\.\.)?, (\d+), \d+\)/.exec(line) ?? [];
      const header = size === '24' && quoted !== undefined ? straceBytes(quoted) : null;
      if (header && header.slice(4, 8).some((byte) => byte !== 0)) commitEnds.push(index);
    } else if (/^(UNIX|socket:)/.test(target)) {
      if (line.includes('ready')) ready = true;
      const id = /\\"id\\":(\d+)/.exec(line)?.[1];
      if (id === undefined) return;
      const committed = commitEnds[Number(id)];
      answers.set(
        Number(id),
        committed !== undefined && syncs.some((sync) => sync.start > committed && sync.end < index),
      );
    }
  });
  return { commits: commitEnds.length, answers };
}

describe('the group commit, traced', () => {
  it('answers no call before a sync of the WAL begun after that call’s commit has finished', async () => {
    const file = path.join(dir, 'traced.db');
    copyFileSync(template, file);
    const trace = path.join(dir, 'trace.log');
    const traced = spawn(
      'strace',
      [
        ...['-f', '-y', '-qq', '-o', trace],
        ...['-e', 'trace=pwrite64,write,writev,sendmsg,fdatasync,fsync'],
        ...[process.execPath, child, file, String(clockMs), defaultMigrationsFolder],
      ],
      { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
    );
    const exited = new Promise<void>((resolve) => traced.once('exit', () => resolve()));
    const acknowledged: string[] = [];
    let sent = 0;
    let answered = 0;
    const send = () => {
      if (sent < inputs.length) traced.send({ id: sent, input: inputs[sent] });
      sent += 1;
    };
    await new Promise<void>((resolve) => {
      traced.on('message', (answer: Answer) => {
        if ('ready' in answer) {
          for (let i = 0; i < IN_FLIGHT; i += 1) send();
          return;
        }
        answered += 1;
        if (answer.result.ok) acknowledged.push(answer.result.value.doseId);
        if (answered === inputs.length) resolve();
        else send();
      });
    });
    traced.disconnect();
    await exited;

    expect(acknowledged).toHaveLength(inputs.length);
    const { commits, answers } = tracedAnswers(readFileSync(trace, 'utf8'));
    expect(commits).toBe(inputs.length);
    expect([...answers.keys()].sort((a, b) => a - b)).toEqual(inputs.map((_, id) => id));
    expect([...answers].filter(([, synced]) => !synced)).toEqual([]);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }, 60_000);
});
