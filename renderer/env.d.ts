import type { PpvApi } from '../electron/preload/api';

declare global {
  interface Window {
    /** The bridge from electron/preload (or the station server's client). */
    ppv: PpvApi;
  }
}
