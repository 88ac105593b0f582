// The update facts this build was made with (electron.vite.config.ts defines __PPV_RELEASE__ from
// electron-builder.yml and build/update-public-key.pem): the app updates from nowhere else.
import type { ReleaseConfig } from './release-config';

declare const __PPV_RELEASE__: ReleaseConfig;

export const builtRelease: ReleaseConfig = __PPV_RELEASE__;

/** electron-updater's configuration file, emitted beside the main bundle inside the asar. */
export const appUpdateConfigFile = 'app-update.yml';
