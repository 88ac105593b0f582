// The window.ppv bridge. No logic: it forwards contract channels to main and contract events to the
// page. Main validates and authorises every message; this only refuses names the contract lacks.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelNames, eventNames } from '../contract';
import { localise } from '../contract/errors';
import type { PpvApi } from './api';

const channels: ReadonlySet<unknown> = new Set(channelNames);
const events: ReadonlySet<unknown> = new Set(eventNames);

const api: PpvApi = {
  invoke(channel, input) {
    if (!channels.has(channel)) {
      const message = localise('UNKNOWN_CHANNEL', { channel: String(channel) });
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message } });
    }
    return ipcRenderer.invoke('ppv:invoke', channel, input);
  },
  on(event, listener) {
    if (!events.has(event) || typeof listener !== 'function') {
      throw new TypeError(`Unknown event: ${String(event)}`);
    }
    const forward = (_: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload as Parameters<typeof listener>[0]);
    };
    ipcRenderer.on('ppv:event', forward);
    return () => {
      ipcRenderer.removeListener('ppv:event', forward);
    };
  },
};

contextBridge.exposeInMainWorld('ppv', api);
