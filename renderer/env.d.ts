import type { PpvApi } from '../electron/preload/api';

declare global {
  interface Window {
    /** The bridge from electron/preload, or in browser mode the station bridge (renderer/bridge). */
    ppv: PpvApi;
  }
}
