import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channels, errorMessages, events } from '../electron/contract';
import {
  contractDocFile,
  jsonSchemaOf,
  markdownTableCell,
  renderContractDoc,
  type JsonValue,
} from './contract-doc';

const rendered = renderContractDoc();
const lines = rendered.split('\n');

/** The JSON of every fenced json block under a heading, up to the next heading of any level. */
function jsonBlocksUnder(heading: string): JsonValue[] {
  const start = lines.indexOf(heading);
  expect(start, `no heading ${heading}`).toBeGreaterThanOrEqual(0);
  const next = lines.findIndex((line, index) => index > start && line.startsWith('#'));
  const section = lines.slice(start + 1, next === -1 ? undefined : next).join('\n');
  return [...section.matchAll(/```json\n([\s\S]*?)\n```/g)].map(
    (match) => JSON.parse(match[1] ?? '') as JsonValue,
  );
}

describe('docs/api.md', () => {
  it('is what renderContractDoc() renders from the contract', () => {
    const committed = readFileSync(contractDocFile, 'utf8').split('\n');
    const lineCount = Math.max(committed.length, lines.length);
    const firstDifference = Array.from({ length: lineCount }, (_, index) => index).find(
      (index) => committed[index] !== lines[index],
    );
    expect(
      firstDifference,
      `docs/api.md is out of date with electron/contract/ from line ${(firstDifference ?? 0) + 1}: ` +
        'run `npm run docs:api` and commit docs/api.md',
    ).toBeUndefined();
  });

  it('gives every channel its summary, access, writes and both schemas', () => {
    for (const [name, spec] of Object.entries(channels)) {
      const heading = `#### \`${name}\``;
      const at = lines.indexOf(heading);
      expect(lines.slice(at, at + 6)).toEqual([
        heading,
        '',
        spec.summary,
        '',
        expect.stringMatching(/^- Who may call: /),
        `- Writes: ${spec.writes ? 'yes, in one transaction with its audit entry' : 'no'}`,
      ]);
      expect(jsonBlocksUnder(heading)).toEqual([
        jsonSchemaOf(spec.input, 'input'),
        jsonSchemaOf(spec.output, 'output'),
      ]);
    }
  });

  it('says who may call: public, signed-in, or the roles', () => {
    const whoMayCall = (name: keyof typeof channels): string | undefined =>
      lines[lines.indexOf(`#### \`${name}\``) + 4];
    expect(whoMayCall('auth.signIn')).toBe('- Who may call: `public` (no session needed)');
    expect(whoMayCall('auth.signOut')).toBe('- Who may call: `signed-in` (any role)');
    expect(whoMayCall('audit.list')).toBe('- Who may call: `admin`');
  });

  it('groups the channels by area, areas in alphabetical order, each channel once', () => {
    const areaHeadings = lines.filter((line) => /^### [a-z]+$/.test(line));
    const areas = areaHeadings.map((line) => line.slice(4));
    expect(areas).toEqual([...new Set(Object.keys(channels).map((n) => n.split('.')[0]))].sort());
    for (const name of Object.keys(channels)) {
      const at = lines.indexOf(`#### \`${name}\``);
      expect(lines.lastIndexOf(`#### \`${name}\``)).toBe(at);
      const area = lines.slice(0, at).findLast((line) => areaHeadings.includes(line));
      expect(area).toBe(`### ${name.split('.')[0]}`);
    }
  });

  it('gives every event its payload schema', () => {
    for (const [name, payload] of Object.entries(events)) {
      expect(jsonBlocksUnder(`### \`${name}\``)).toEqual([jsonSchemaOf(payload, 'output')]);
    }
  });

  it('lists every error code with its Malay and English message', () => {
    for (const [code, { ms, en }] of Object.entries(errorMessages)) {
      expect(lines).toContain(
        `| \`${code}\` | ${markdownTableCell(ms)} | ${markdownTableCell(en)} |`,
      );
    }
  });
});

describe('jsonSchemaOf', () => {
  it('does not throw on transforms and refinements', () => {
    const trimmedLength = z.string().transform((text) => text.trim().length);
    expect(jsonSchemaOf(trimmedLength, 'input')).toEqual({ type: 'string' });
    expect(jsonSchemaOf(trimmedLength, 'output')).toEqual({});
    const even = z.number().refine((value) => value % 2 === 0, 'even');
    expect(jsonSchemaOf(even, 'output')).toEqual({ type: 'number' });
  });

  it('puts type first and the other keywords in code-unit order, property names as declared', () => {
    const schema = z.object({ zeta: z.string().max(3).min(1), alpha: z.number() });
    const json = jsonSchemaOf(schema, 'output') as Record<string, Record<string, JsonValue>>;
    expect(Object.keys(json)).toEqual(['type', 'additionalProperties', 'properties', 'required']);
    expect(Object.keys(json.properties ?? {})).toEqual(['zeta', 'alpha']);
    expect(Object.keys(json.properties?.zeta ?? {})).toEqual(['type', 'maxLength', 'minLength']);
  });

  it('leaves out the $schema line', () => {
    expect(jsonSchemaOf(z.boolean(), 'output')).toEqual({ type: 'boolean' });
  });
});

describe('markdownTableCell', () => {
  it('escapes what would end a cell or mark the text up', () => {
    expect(markdownTableCell('a|b *c* _d_ `e` <f> [g] \\h')).toBe(
      'a\\|b \\*c\\* \\_d\\_ \\`e\\` \\<f\\> \\[g\\] \\\\h',
    );
  });
});
