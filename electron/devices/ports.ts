/**
 * The small ports the console's devices implement (defined in the contract, so the core can take
 * them as dependencies). Adapters (PC/SC, serial, HID) sit behind them; the protocols underneath are
 * pure and tested on bytes.
 */
export type {
  CardRead,
  CardReaderListener,
  CardReaderPort,
  CardReadFailure,
  DeviceKind,
  DeviceState,
  DeviceStatus,
  MyKadIdentity,
  ScannerListener,
  ScannerPort,
} from '../contract/devices';
