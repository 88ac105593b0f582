/**
 * Which card reader a station listens to: the one its settings name, or, when none is named, the
 * first reader present, and no other. (The adapters themselves are tested with the devices.)
 */
import { describe, expect, it } from 'vitest';
import type { CardRead, DeviceStatus, MyKadIdentity } from '../contract/devices';
import { forReader } from './devices';

const identity = {} as MyKadIdentity;
const reader = (name: string, state: DeviceStatus['state']): DeviceStatus => ({
  id: `pcsc:${name}`,
  kind: 'card-reader',
  name,
  state,
  code: null,
});
const read = (name: string): CardRead => ({ ok: true, readerId: `pcsc:${name}`, identity });

function listening(name: string | null) {
  const heard: string[] = [];
  const listener = forReader(name, {
    status: (status) => heard.push(`status ${status.id} ${status.state}`),
    reading: (readerId) => heard.push(`reading ${readerId}`),
    read: (result) => heard.push(`read ${result.readerId}`),
  });
  return { heard, listener };
}

describe('the card reader a station listens to', () => {
  it('is the first present when none is named: another reader’s cards pass nowhere', () => {
    const { heard, listener } = listening(null);
    listener.status({ id: 'pcsc', kind: 'card-reader', name: 'PC/SC', state: 'ready', code: null });
    listener.status(reader('A', 'ready'));
    listener.status(reader('B', 'ready'));
    listener.reading('pcsc:B');
    listener.read(read('B'));
    listener.read(read('A'));
    expect(heard).toEqual(['status pcsc ready', 'status pcsc:A ready', 'read pcsc:A']);
  });

  it('moves to the next reader present when the first is unplugged', () => {
    const { heard, listener } = listening(null);
    listener.status(reader('A', 'ready'));
    listener.status(reader('B', 'ready'));
    listener.status(reader('A', 'absent'));
    listener.read(read('A'));
    listener.read(read('B'));
    expect(heard).toEqual([
      'status pcsc:A ready',
      'status pcsc:A absent',
      'status pcsc:B ready',
      'read pcsc:B',
    ]);
  });

  it('is the named one, present or not', () => {
    const { heard, listener } = listening('B');
    listener.status(reader('A', 'ready'));
    listener.read(read('A'));
    listener.status(reader('B', 'ready'));
    listener.read(read('B'));
    expect(heard).toEqual(['status pcsc:B ready', 'read pcsc:B']);
  });
});
