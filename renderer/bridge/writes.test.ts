import { describe, expect, it } from 'vitest';
import { channels } from '../../electron/contract';
import { writeChannels } from './writes';

describe('the bridge’s write channels', () => {
  it('are exactly the contract’s channels that write', () => {
    const writing = Object.entries(channels)
      .filter(([, spec]) => spec.writes)
      .map(([name]) => name);
    expect([...writeChannels].sort()).toEqual(writing.sort());
  });
});
