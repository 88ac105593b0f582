// The Electron transport: one handler, 'ppv:invoke', in front of the core's dispatcher, and the
// core's events pushed to the page on 'ppv:event'. Only the main window's top frame, showing the
// app's own page, may call; the dispatcher validates and authorises everything else.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { EventName } from '../contract';
import type { DispatchResult } from '../contract/define';
import { localise, type ErrorCode } from '../contract/errors';
import type { ConsoleApp } from '../core/app';
import { isAppUrl } from './window';

/** What the window talks to: the hub's console, or a desk's client of the hub (main/station-role.ts). */
export type IpcTarget = Pick<ConsoleApp, 'dispatch' | 'endConnection'> & {
  onEventFor(
    connectionId: string,
    listener: (event: EventName, payload: unknown) => void,
  ): () => void;
};

export function registerIpc(window: BrowserWindow, ppv: IpcTarget, stationId: string): () => void {
  const contents = window.webContents;
  const connectionId = `webcontents:${contents.id}`;

  const isTrustedSender = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    const top = contents.mainFrame;
    return (
      event.sender === contents &&
      frame !== null &&
      frame.parent === null &&
      frame.processId === top.processId &&
      frame.frameToken === top.frameToken &&
      isAppUrl(frame.url)
    );
  };

  // A page refused too often is reloaded: its session ends with it (see below).
  const call = { connectionId, stationId, closeConnection: () => contents.reload() };
  ipcMain.handle('ppv:invoke', async (event, channel: unknown, input: unknown) => {
    if (!isTrustedSender(event)) return failure('FORBIDDEN');
    if (typeof channel !== 'string') return failure('UNKNOWN_CHANNEL', { channel: typeof channel });
    try {
      return await ppv.dispatch(channel, input, call);
    } catch (error) {
      console.error(`[ipc] ${channel} failed outside the dispatcher`, error);
      return failure('INTERNAL');
    }
  });

  const stopEvents = ppv.onEventFor(connectionId, (name, payload) => {
    if (!contents.isDestroyed()) contents.send('ppv:event', name, payload);
  });
  // The page's session ends with the page: on close, on a crash, and on a reload.
  const endConnection = (): void => ppv.endConnection(connectionId);
  contents.on('render-process-gone', endConnection);
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) endConnection();
  });
  contents.once('destroyed', () => {
    endConnection();
    stopEvents();
  });

  return () => {
    ipcMain.removeHandler('ppv:invoke');
    stopEvents();
  };
}

function failure(code: ErrorCode, params?: Record<string, string>): DispatchResult<never> {
  return { ok: false, error: { code, message: localise(code, params) } };
}
