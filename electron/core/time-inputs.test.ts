/**
 * Every time a person can send — instants, calendar dates, and the list cursors that carry them —
 * is bounded by its channel's schema, and no value of it makes the dispatcher answer INTERNAL.
 * The channels are found by walking the contract, so a new time input cannot slip past this test.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelNames, channels, type ChannelName, type Role } from '../contract';
import { LATEST_INSTANT } from '../contract/schemas';
import type { Harness } from './testing/harness';
import {
  arrive,
  closeDay,
  createStation,
  doseInput,
  laterDay,
  nthRecipient,
  openVial,
  vaccinate,
} from './testing/scenario';

type Json = { [key: string]: unknown };

interface Leaf {
  path: string[];
  kind: 'number' | 'instant' | 'date' | 'cursor';
}

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

/** The leaves of a channel input's JSON Schema that hold a number, a date or a cursor. */
function leavesOf(schema: Json, path: string[] = []): Leaf[] {
  const variants = [schema['anyOf'], schema['oneOf']].filter(Array.isArray).flat() as Json[];
  if (variants.length > 0) {
    const found = variants.flatMap((variant) => leavesOf(variant, path));
    return found.filter(
      (leaf, index) =>
        found.findIndex((other) => other.path.join('.') === leaf.path.join('.')) === index,
    );
  }
  const name = path.at(-1) ?? '';
  if (schema['type'] === 'object') {
    const properties = (schema['properties'] ?? {}) as Record<string, Json>;
    return Object.entries(properties).flatMap(([key, child]) => leavesOf(child, [...path, key]));
  }
  if (schema['type'] === 'integer' || schema['type'] === 'number') {
    return [{ path, kind: /(At|Time)$/.test(name) ? 'instant' : 'number' }];
  }
  if (schema['type'] === 'string' && schema['pattern'] === DATE_PATTERN)
    return [{ path, kind: 'date' }];
  if (schema['type'] === 'string' && name === 'cursor') return [{ path, kind: 'cursor' }];
  return [];
}

function inputSchema(channel: ChannelName): Json {
  return z.toJSONSchema(channels[channel].input, { io: 'input', unrepresentable: 'any' }) as Json;
}

/** Every number bound, as the schema states it (absent bounds fail the test below). */
function numberBounds(schema: Json, path: string[]): { minimum?: number; maximum?: number }[] {
  const variants = [schema['anyOf'], schema['oneOf']].filter(Array.isArray).flat() as Json[];
  if (variants.length > 0) return variants.flatMap((variant) => numberBounds(variant, path));
  if (path.length === 0) {
    if (schema['type'] !== 'integer' && schema['type'] !== 'number') return [];
    return [{ minimum: schema['minimum'] as number, maximum: schema['maximum'] as number }];
  }
  const [head, ...rest] = path;
  const child = ((schema['properties'] ?? {}) as Record<string, Json>)[head!];
  return child ? numberBounds(child, rest) : [];
}

const timeChannels = channelNames
  .map((channel) => ({
    channel,
    leaves: leavesOf(inputSchema(channel)).filter((leaf) => leaf.kind !== 'number'),
  }))
  .filter((entry) => entry.leaves.length > 0);

describe('every number a channel takes', () => {
  it.each(channelNames)(
    '%s: is bounded, and no higher than 2100-01-01 in milliseconds',
    (channel) => {
      const schema = inputSchema(channel);
      for (const leaf of leavesOf(schema).filter(
        (l) => l.kind === 'number' || l.kind === 'instant',
      )) {
        for (const bound of numberBounds(schema, leaf.path)) {
          expect(bound.minimum, leaf.path.join('.')).toBeGreaterThanOrEqual(0);
          expect(bound.maximum, leaf.path.join('.')).toBeLessThanOrEqual(LATEST_INSTANT);
        }
      }
    },
  );
});

const instantValues = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.integer({ min: -1, max: 2 ** 53 }).map((n) => n * 1000),
  fc.constantFrom(
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    8.64e15,
    8.64e15 + 1,
    1e21,
    1e308,
    -0,
    0,
    LATEST_INSTANT,
    LATEST_INSTANT + 1,
    Date.UTC(2000, 0, 1) - 1,
    Date.UTC(2026, 2, 2),
  ),
);
const twoDigits = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
const dateValues = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), twoDigits, twoDigits)
    .map(([year, month, day]) => `${String(year).padStart(4, '0')}-${month}-${day}`),
  fc.constantFrom(
    '0000-00-00',
    '9999-12-31',
    '2026-02-29',
    '2024-02-29',
    '2026-13-01',
    '1899-12-31',
  ),
);
const cursorValues = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .tuple(fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer()), fc.uuid())
    .map(([at, id]) => `${at}:${id}`),
  fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.uuid())
    .map(([at, id]) => Buffer.from(`${at}:${id}`).toString('base64url')),
);
const valuesOf = { instant: instantValues, date: dateValues, cursor: cursorValues } as const;

const deskOf: Record<Role, string> = {
  manager: 'mgr',
  clerk: 'desk',
  vaccinator: 'vax',
  admin: 'admin',
};

function withLeaf(input: Json, path: string[], value: unknown): Json {
  const [head, ...rest] = path;
  if (head === undefined) return input;
  return {
    ...input,
    [head]: rest.length === 0 ? value : withLeaf((input[head] ?? {}) as Json, rest, value),
  };
}

describe('fuzzed times through the dispatcher', () => {
  let h: Harness;
  let base: Partial<Record<ChannelName, Json>>;

  beforeAll(async () => {
    h = await createStation();
    const earlier = arrive(h, 1);
    const earlierDose = vaccinate(h, earlier);
    closeDay(h);
    await laterDay(h, 1);
    const vial = openVial(h);
    const waiting = arrive(h, 2);
    base = {
      'dose.record': doseInput(h, waiting, vial.vialId),
      'dose.amend': {
        doseId: earlierDose.doseId,
        reason: 'Masa suntikan salah',
        vialId: vial.vialId,
        administeredAt: earlierDose.administeredAt,
        site: 'L_DELTOID',
      },
      'day.open': { channel: 'walk-in', confirmedTime: h.app.clock.now().at },
      'clock.confirm': { confirmedTime: h.app.clock.now().at },
      'vial.open': {
        gtin: '00200000000011',
        lot: 'LOT-FUZZ',
        expiry: '2027-12-31',
        serial: null,
        lotConfirmed: true,
      },
      'lot.deliver': { gtin: '00200000000011', lot: 'LOT-FUZZ-D', expiry: '2027-12-31' },
      'ppv.setClosureDate': { closureDate: '2030-12-31', reason: 'Tarikh penutupan ujian' },
      'recipient.register': { ...nthRecipient(3) },
      'recipient.export': { sessionDate: '2026-03-02', reason: 'Semakan data ujian', limit: 10 },
    };
  });
  afterAll(() => h.close());

  it('has a valid input for every channel that takes a time', () => {
    const missing = timeChannels
      .filter(
        ({ channel, leaves }) => !base[channel] && leaves.some((leaf) => leaf.kind !== 'cursor'),
      )
      .map(({ channel }) => channel);
    expect(missing).toEqual([]);
  });

  it.each(
    timeChannels.flatMap(({ channel, leaves }) => leaves.map((leaf) => [channel, leaf] as const)),
  )('%s never answers INTERNAL, whatever %j holds', (channel, leaf) => {
    const access = channels[channel].access;
    const role: Role = Array.isArray(access) ? (access[0] as Role) : 'manager';
    fc.assert(
      fc.property(valuesOf[leaf.kind as keyof typeof valuesOf], (value) => {
        const input = withLeaf(base[channel] ?? {}, leaf.path, value);
        const result = h.app.dispatchSync(channel, input, {
          connectionId: deskOf[role],
          stationId: 'test-station',
        });
        expect(result.ok || result.error.code).not.toBe('INTERNAL');
      }),
      { numRuns: 150 },
    );
  });
});
