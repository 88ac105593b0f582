import { describe, expect, it, vi } from 'vitest';
import { channelNames, eventNames, type PpvApi } from '../contract';

const exposed = new Map<string, unknown>();
const listeners = new Set<(event: unknown, ...args: unknown[]) => void>();
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: null }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => invoke(...args),
    on: (_: string, listener: (event: unknown, ...args: unknown[]) => void) =>
      listeners.add(listener),
    removeListener: (_: string, listener: (event: unknown, ...args: unknown[]) => void) =>
      listeners.delete(listener),
  },
}));

await import('./index');
const ppv = exposed.get('ppv') as PpvApi;
const [channel] = channelNames;
const [event] = eventNames;

describe('window.ppv', () => {
  it('exposes exactly invoke and on', () => {
    expect([...exposed.keys()]).toEqual(['ppv']);
    expect(Object.keys(ppv).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards a contract channel to ppv:invoke', async () => {
    if (channel === undefined) throw new Error('the contract has no channel');
    await ppv.invoke(channel, {} as never);
    expect(invoke).toHaveBeenCalledWith('ppv:invoke', channel, {});
  });

  it('answers UNKNOWN_CHANNEL for a name the contract lacks, without calling main', async () => {
    invoke.mockClear();
    const result = await ppv.invoke('fs.readFile' as never, {} as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('delivers only the subscribed event, and unsubscribes', () => {
    if (event === undefined) throw new Error('the contract has no event');
    const received: unknown[] = [];
    const off = ppv.on(event, (payload) => received.push(payload));
    for (const listener of listeners) {
      listener({}, event, 'mine');
      listener({}, 'some.other', 'not mine');
    }
    off();
    expect(received).toEqual(['mine']);
    expect(listeners.size).toBe(0);
  });

  it('refuses an event the contract lacks', () => {
    expect(() => ppv.on('process.exit' as never, () => undefined)).toThrow(TypeError);
  });
});
