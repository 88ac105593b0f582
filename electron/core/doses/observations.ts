import type { ChannelOutput, ChannelParsedInput } from '../../contract';
import type { CoreDeps } from '../deps';
import { maskDocNumber } from '../identity';

interface ObservationRow {
  id: string;
  full_name: string;
  doc_number: string;
  administered_at: number;
  observation_ends_at: number;
}

/** The open day's doses whose observation has not been released: exactly those a release accepts. */
export function createObservationList(deps: CoreDeps) {
  const pageObservations = deps.db.sqlite.prepare<[string, string, number], ObservationRow>(
    `SELECT d.id, r.full_name, r.doc_number, d.administered_at, d.observation_ends_at
       FROM doses d JOIN recipients r ON r.id = d.recipient_id
      WHERE d.day_id = ? AND d.record_type = 'dose' AND d.void_record_id IS NULL
        AND d.observation_released_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM doses a WHERE a.amends = d.id AND a.void_record_id IS NULL)
        AND d.id > ?
      ORDER BY d.id
      LIMIT ?`,
  );

  return function listObservations(
    input: ChannelParsedInput<'observation.list'>,
  ): ChannelOutput<'observation.list'> {
    const day = deps.days.find();
    if (!day) return { items: [], nextCursor: null };
    const rows = pageObservations.all(day.id, input.cursor ?? '', input.limit + 1);
    const items = rows.slice(0, input.limit).map((row) => ({
      doseId: row.id,
      fullName: row.full_name,
      docNumberMasked: maskDocNumber(row.doc_number),
      administeredAt: row.administered_at,
      observationEndsAt: row.observation_ends_at,
    }));
    return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.doseId ?? null) : null };
  };
}
