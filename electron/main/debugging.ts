// An installed console quits when started with a debugger switch: Chromium's remote debugging or
// Node's inspector would let anyone at the desk drive the main process around every rule. The
// fuses already disable the inspector; Chromium's switch has no fuse.

/**
 * Chromium takes `-name` as well as `--name` (and `/name` on Windows, where names ignore case;
 * they are compared without case everywhere, to be safe).
 */
function switchName(argument: string, platform: NodeJS.Platform): string | null {
  const prefix =
    /^(--|-)/.exec(argument)?.[0] ??
    (platform === 'win32' && argument.startsWith('/') ? '/' : null);
  if (prefix === null) return null;
  const name = argument.slice(prefix.length).split('=')[0] ?? '';
  return name.toLowerCase();
}

/** The first debugging switch anywhere in `argv` (after the executable), or null. */
export function debuggingSwitch(argv: readonly string[], platform: NodeJS.Platform): string | null {
  for (const argument of argv.slice(1)) {
    const name = switchName(argument, platform);
    if (name !== null && (name.startsWith('remote-debugging') || name.startsWith('inspect'))) {
      return name;
    }
  }
  return null;
}
