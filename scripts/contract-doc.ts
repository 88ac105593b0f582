/**
 * The contract reference, docs/api.md, rendered from electron/contract/: every channel grouped by
 * area, every event and every error code. `npm run docs:api` writes it (write-contract-doc.ts);
 * contract-doc.test.ts fails when the committed file differs from what this renders.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  channels,
  errorMessages,
  events,
  type Access,
  type ChannelSpec,
} from '../electron/contract';

export const contractDocFile = fileURLToPath(new URL('../docs/api.md', import.meta.url));

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Keywords whose values map names (of properties, of definitions) to schemas. */
const nameMaps = new Set(['properties', 'patternProperties', '$defs']);

/** `type` first, then the other keywords by code unit: the same order whatever zod emits. */
function compareKeywords(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'type') return -1;
  if (b === 'type') return 1;
  return a < b ? -1 : 1;
}

/** Sorts keywords; the names inside a name map keep the contract's order, which tells a story. */
function ordered(value: JsonValue, isNameMap = false): JsonValue {
  if (Array.isArray(value)) return value.map((item) => ordered(item));
  if (value === null || typeof value !== 'object') return value;
  const keys = isNameMap ? Object.keys(value) : Object.keys(value).sort(compareKeywords);
  return Object.fromEntries(
    keys.map((key) => [key, ordered(value[key] ?? null, !isNameMap && nameMaps.has(key))]),
  );
}

/**
 * The JSON Schema (draft 2020-12, without its `$schema` line) of what a caller sends (`input`)
 * or receives (`output`). What JSON Schema cannot say, a transform's result or a refinement's
 * check, becomes `{}` or is left out rather than throwing.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonValue {
  const { $schema: _draft, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return ordered(rest as JsonValue);
}

/** JSON on one line, with a space after each colon and comma. */
function inline(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  const members = Object.entries(value).map(
    ([key, item]) => `${JSON.stringify(key)}: ${inline(item)}`,
  );
  return members.length === 0 ? '{}' : `{ ${members.join(', ')} }`;
}

const lineWidth = 100;

/** Indented JSON whose objects and arrays stay on one line where they fit in `lineWidth`. */
function formatJson(value: JsonValue, indent = '', prefixLength = 0): string {
  const flat = inline(value);
  if (
    value === null ||
    typeof value !== 'object' ||
    indent.length + prefixLength + flat.length <= lineWidth
  ) {
    return flat;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => inner + formatJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  const members = Object.entries(value).map(([key, item]) => {
    const label = `${JSON.stringify(key)}: `;
    return inner + label + formatJson(item, inner, label.length);
  });
  return `{\n${members.join(',\n')}\n${indent}}`;
}

function jsonBlock(value: JsonValue): string {
  return ['```json', formatJson(value), '```'].join('\n');
}

function describeAccess(access: Access): string {
  if (access === 'public') return '`public` (no session needed)';
  if (access === 'signed-in') return '`signed-in` (any role)';
  return access.map((role) => `\`${role}\``).join(', ');
}

function areaOf(channel: string): string {
  return channel.slice(0, channel.indexOf('.'));
}

/** Text for a Markdown table cell: backslash-escapes what would end the cell or mark the text up. */
export function markdownTableCell(text: string): string {
  return text.replace(/[\\`*_<>[\]|]/g, (character) => `\\${character}`);
}

const header = [
  '# PPV Console contract reference',
  '',
  'Generated from `electron/contract/`: do not edit by hand. After changing the contract, run',
  '`npm run docs:api` and commit this file; `scripts/contract-doc.test.ts` fails while it is out of date.',
  '',
  'A screen calls a channel with `window.ppv.invoke(channel, input)` and gets `{ ok: true, value }`,',
  'where `value` matches the output schema, or `{ ok: false, error: { code, message: { ms, en } } }`',
  'with one of the [error codes](#error-codes). It subscribes to an event with',
  '`window.ppv.on(event, listener)`.',
  '',
  'Schemas are JSON Schema (draft 2020-12) made by zod. The input schema is what a caller may send,',
  'before defaults and trimming; the output schema is what it receives. Checks JSON Schema cannot',
  'express (refinements) are not shown, and `{}` stands for any value (a transform’s result).',
].join('\n');

function renderChannel([name, spec]: [string, ChannelSpec]): string {
  return [
    `#### \`${name}\``,
    spec.summary,
    [
      `- Who may call: ${describeAccess(spec.access)}`,
      `- Writes: ${spec.writes ? 'yes, in one transaction with its audit entry' : 'no'}`,
    ].join('\n'),
    'Input:',
    jsonBlock(jsonSchemaOf(spec.input, 'input')),
    'Output:',
    jsonBlock(jsonSchemaOf(spec.output, 'output')),
  ].join('\n\n');
}

function renderChannels(): string {
  const areas = new Map<string, [string, ChannelSpec][]>();
  for (const [name, spec] of Object.entries(channels)) {
    const area = areaOf(name);
    areas.set(area, [...(areas.get(area) ?? []), [name, spec]]);
  }
  const sortedAreas = [...areas.keys()].sort();
  const index = sortedAreas.map(
    (area) => `- ${area}: ${(areas.get(area) ?? []).map(([name]) => `\`${name}\``).join(', ')}`,
  );
  return [
    '## Channels',
    'By area (the part of the name before the dot): areas in alphabetical order, each area’s channels in the contract’s order.',
    index.join('\n'),
    ...sortedAreas.map((area) =>
      [`### ${area}`, ...(areas.get(area) ?? []).map(renderChannel)].join('\n\n'),
    ),
  ].join('\n\n');
}

function renderEvents(): string {
  return [
    '## Events',
    'Pushed by the main side to every screen. Payloads carry no personal data.',
    ...Object.entries(events).map(([name, payload]) =>
      [`### \`${name}\``, 'Payload:', jsonBlock(jsonSchemaOf(payload, 'output'))].join('\n\n'),
    ),
  ].join('\n\n');
}

function renderErrors(): string {
  const rows = Object.entries(errorMessages).map(
    ([code, { ms, en }]) => `| \`${code}\` | ${markdownTableCell(ms)} | ${markdownTableCell(en)} |`,
  );
  return [
    '## Error codes',
    'A `{name}` in a message is filled from the error’s parameters.',
    ['| code | Malay (ms) | English (en) |', '|---|---|---|', ...rows].join('\n'),
  ].join('\n\n');
}

/** docs/api.md: the same text for the same contract, with no dates or other run-dependent parts. */
export function renderContractDoc(): string {
  return `${[header, renderChannels(), renderEvents(), renderErrors()].join('\n\n')}\n`;
}
