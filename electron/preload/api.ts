/**
 * The type of `window.ppv`, for the renderer (see renderer/env.d.ts). It is the contract's own
 * `PpvApi`, so the bridge, the main side and the screens cannot disagree about a channel.
 */
export type { PpvApi } from '../contract';
