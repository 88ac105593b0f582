import type { ChannelOutput } from '../../contract';
import type { CoreDeps } from '../deps';
import type { Handlers } from '../dispatch/types';
import { refuse } from '../shared/errors';
import { malaysiaDate } from '../shared/time';
import {
  assertGs1Lot,
  assertLotUsable,
  findProductByCode,
  findProductByGtin,
  gtin14,
  isValidGtin,
} from './rules';
import type { Catalogue } from './types';

type Channels = 'lot.deliver' | 'lot.list' | 'catalogue.attachGtin';
type DeliveredLot = ChannelOutput<'lot.deliver'>;

interface DeliveredLotRow {
  id: string;
  product_code: string;
  gtin: string;
  lot: string;
  expiry: string;
  recorded_at: number;
}

/**
 * The lots a PPV received and the GTINs of its real boxes. A manager scans one vial per box: its
 * product (by GTIN), lot and expiry become a delivered lot; a GTIN the catalogue does not know is
 * first attached to its product. A vial of a lot not delivered opens only once the vaccinator
 * confirms its lot (`vial.open`).
 */
export function deliveryHandlers(
  deps: Pick<CoreDeps, 'db' | 'catalogue' | 'newId'>,
): Pick<Handlers, Channels> {
  const { sqlite } = deps.db;
  const selectLot = sqlite.prepare<[string, string], DeliveredLotRow>(
    'SELECT * FROM delivered_lots WHERE gtin = ? AND lot = ?',
  );
  const insertLot = sqlite.prepare<[string, string, string, string, string, number, string]>(
    `INSERT INTO delivered_lots (id, product_code, gtin, lot, expiry, recorded_at, recorded_by)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const pageLots = sqlite.prepare<[number, number], DeliveredLotRow>(
    'SELECT * FROM delivered_lots ORDER BY recorded_at DESC, id DESC LIMIT ? OFFSET ?',
  );

  function view(row: DeliveredLotRow, catalogue: Catalogue): DeliveredLot {
    return {
      lotId: row.id,
      productCode: row.product_code,
      productName: findProductByCode(catalogue, row.product_code)?.name ?? row.product_code,
      gtin: row.gtin,
      lot: row.lot,
      expiry: row.expiry,
      recordedAt: row.recorded_at,
    };
  }

  return {
    'lot.deliver': (input, context) => {
      const catalogue = deps.catalogue.load();
      const product = findProductByGtin(catalogue, input.gtin);
      assertGs1Lot(input.lot);
      assertLotUsable(input.lot, input.expiry, malaysiaDate(context.now.at));
      const gtin = gtin14(input.gtin);
      const existing = selectLot.get(gtin, input.lot);
      if (existing && existing.expiry !== input.expiry) {
        refuse('INVALID_INPUT', {
          issues: `lot ${input.lot} was recorded with expiry ${existing.expiry}`,
        });
      }
      const row: DeliveredLotRow = existing ?? {
        id: deps.newId(),
        product_code: product.code,
        gtin,
        lot: input.lot,
        expiry: input.expiry,
        recorded_at: context.now.at,
      };
      if (!existing) {
        insertLot.run(
          row.id,
          row.product_code,
          row.gtin,
          row.lot,
          row.expiry,
          row.recorded_at,
          context.actor.userId,
        );
      }
      context.describe({
        entityType: 'delivered_lot',
        entityId: row.id,
        detail: { productCode: row.product_code, gtin, lot: row.lot, again: !!existing },
      });
      return view(row, catalogue);
    },

    'lot.list': (input) => {
      const catalogue = deps.catalogue.load();
      const offset = input.cursor === null ? 0 : Number(input.cursor);
      if (!Number.isSafeInteger(offset) || offset < 0) {
        return refuse('INVALID_INPUT', { issues: 'cursor: not a lot.list cursor' });
      }
      const rows = pageLots.all(input.limit + 1, offset);
      return {
        items: rows.slice(0, input.limit).map((row) => view(row, catalogue)),
        nextCursor: rows.length > input.limit ? String(offset + input.limit) : null,
      };
    },

    'catalogue.attachGtin': (input, context) => {
      if (!isValidGtin(input.gtin)) refuse('GTIN_CHECK_DIGIT', { gtin: input.gtin });
      const catalogue = deps.catalogue.load();
      const gtin = gtin14(input.gtin);
      const owner = catalogue.products.find((p) => p.gtins.some((g) => gtin14(g) === gtin));
      if (owner) refuse('GTIN_ALREADY_KNOWN', { gtin, product: owner.name });
      const product =
        findProductByCode(catalogue, input.productCode) ??
        refuse('UNKNOWN_PRODUCT', { gtin: input.productCode });
      deps.catalogue.attachGtin(gtin, product.code);
      context.describe({
        entityType: 'product',
        entityId: product.code,
        detail: { gtin, productCode: product.code },
      });
      return { gtin, productCode: product.code };
    },
  };
}
