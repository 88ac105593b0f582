import { describe, expect, it } from 'vitest';
import { debuggingSwitch } from './debugging';

const app = '/opt/PPV Console/ppv-console';

describe('debuggingSwitch', () => {
  it.each([
    [['--remote-debugging-port=9222'], 'linux', 'remote-debugging-port'],
    [['--remote-debugging-port', '9222'], 'linux', 'remote-debugging-port'],
    [['--remote-debugging-pipe'], 'linux', 'remote-debugging-pipe'],
    [['-remote-debugging-port=9222'], 'linux', 'remote-debugging-port'],
    [['--inspect'], 'linux', 'inspect'],
    [['--inspect=127.0.0.1:9229'], 'linux', 'inspect'],
    [['--inspect-brk'], 'linux', 'inspect-brk'],
    [['--inspect-port=0'], 'linux', 'inspect-port'],
    [['somefile', '--', '--inspect'], 'linux', 'inspect'],
    [['--Remote-Debugging-Port=9222'], 'win32', 'remote-debugging-port'],
    [['/remote-debugging-port=9222'], 'win32', 'remote-debugging-port'],
    [['/INSPECT'], 'win32', 'inspect'],
    [['--INSPECT-BRK'], 'linux', 'inspect-brk'],
  ] as const)('finds %j on %s', (args, platform, name) => {
    expect(debuggingSwitch([app, ...args], platform)).toBe(name);
  });

  it.each([
    [[], 'linux'],
    [['--lang=ms'], 'linux'],
    [['/remote-debugging-port=9222'], 'linux'], // a file path on Linux, not a switch
  ] as const)('lets %j start on %s', (args, platform) => {
    expect(debuggingSwitch([app, ...args], platform)).toBeNull();
  });

  it('does not take the executable itself for a switch', () => {
    expect(debuggingSwitch(['--inspect'], 'linux')).toBeNull();
  });
});
