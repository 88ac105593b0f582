export type { Catalogue, DosePlan, DoseWarning, IntervalRule, PriorDose, Product } from './types';
export { defaultCatalogue } from './defaults';
export {
  assertGs1Lot,
  assertGs1Serial,
  assertLotUsable,
  earliestUnder,
  findProductByCode,
  findProductByGtin,
  gtin14,
  isValidGtin,
  lotExpiredOn,
  nextDoseDue,
  planNextDose,
  ruleInForce,
  type NextDose,
} from './rules';
