import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleApp } from '../core/app';

type Handler = (event: unknown, channel: unknown, input: unknown) => Promise<unknown>;
const handlers = new Map<string, Handler>();

vi.mock('electron', () => ({
  app: { isPackaged: true },
  ipcMain: {
    handle: (name: string, handler: Handler) => handlers.set(name, handler),
    removeHandler: (name: string) => handlers.delete(name),
  },
}));

const { registerIpc } = await import('./ipc');

/** The built page's URL: the renderer build on the app:// scheme (app-protocol.ts). */
const appUrl = 'app://ppv/index.html';

function fakeWindow() {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const mainFrame = { processId: 7, frameToken: 'top', parent: null, url: appUrl };
  const contents = {
    id: 3,
    mainFrame,
    sent: [] as unknown[][],
    reloaded: 0,
    reload: () => {
      contents.reloaded += 1;
    },
    isDestroyed: () => false,
    send: (...args: unknown[]) => contents.sent.push(args),
    on: (name: string, listener: (...args: unknown[]) => void) => listeners.set(name, listener),
    once: (name: string, listener: (...args: unknown[]) => void) => listeners.set(name, listener),
  };
  return { window: { webContents: contents }, contents, mainFrame, listeners };
}

function fakeConsole() {
  let emit: (event: string, payload: unknown) => void = () => undefined;
  const app = {
    dispatch: vi.fn(async () => ({ ok: true, value: 'done' })),
    onEventFor: vi.fn((_connectionId: string, listener: typeof emit) => {
      emit = listener;
      return () => undefined;
    }),
    endConnection: vi.fn(),
    close: vi.fn(),
  };
  return { app, emit: (event: string, payload: unknown) => emit(event, payload) };
}

describe('the ppv:invoke handler', () => {
  beforeEach(() => handlers.clear());

  function setUp() {
    const w = fakeWindow();
    const c = fakeConsole();
    registerIpc(w.window as never, c.app as unknown as ConsoleApp, 'electron:test');
    const invoke = handlers.get('ppv:invoke');
    if (invoke === undefined) throw new Error('ppv:invoke is not registered');
    return { ...w, ...c, invoke };
  }

  it('dispatches a call from the main window top frame with the connection and station', async () => {
    const { invoke, contents, mainFrame, app } = setUp();
    const result = await invoke({ sender: contents, senderFrame: mainFrame }, 'ppv.status', {});
    expect(result).toEqual({ ok: true, value: 'done' });
    expect(app.dispatch).toHaveBeenCalledWith(
      'ppv.status',
      {},
      {
        connectionId: 'webcontents:3',
        stationId: 'electron:test',
        closeConnection: expect.any(Function),
      },
    );
  });

  it('reloads the page when the dispatcher closes its connection', async () => {
    const { invoke, contents, mainFrame, app } = setUp();
    await invoke({ sender: contents, senderFrame: mainFrame }, 'ppv.status', {});
    const calls = app.dispatch.mock.calls as unknown as Array<
      [string, unknown, { closeConnection(): void }]
    >;
    calls[0]?.[2].closeConnection();
    expect(contents.reloaded).toBe(1);
  });

  it.each([
    ['a subframe', { processId: 7, frameToken: 'child', parent: {}, url: appUrl }],
    [
      'another page',
      { processId: 7, frameToken: 'top', parent: null, url: 'https://example.com/' },
    ],
    [
      'the build opened as a file',
      { processId: 7, frameToken: 'top', parent: null, url: 'file:///opt/ppv/renderer/index.html' },
    ],
    ['no frame', null],
  ])('refuses %s with FORBIDDEN', async (_, senderFrame) => {
    const { invoke, contents, app } = setUp();
    const result = await invoke({ sender: contents, senderFrame }, 'ppv.status', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(app.dispatch).not.toHaveBeenCalled();
  });

  it('refuses another webContents with FORBIDDEN', async () => {
    const { invoke, mainFrame, app } = setUp();
    const other = fakeWindow().contents;
    const result = await invoke({ sender: other, senderFrame: mainFrame }, 'ppv.status', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(app.dispatch).not.toHaveBeenCalled();
  });

  it('turns a dispatcher crash into INTERNAL without leaking the error', async () => {
    const { invoke, contents, mainFrame, app } = setUp();
    app.dispatch.mockRejectedValueOnce(new Error('secret detail'));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await invoke({ sender: contents, senderFrame: mainFrame }, 'ppv.status', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('secret detail');
  });

  it('pushes core events to the page and ends the connection with the page', () => {
    const { emit, contents, listeners, app } = setUp();
    emit('day.changed', { date: '2025-01-01' });
    expect(contents.sent).toEqual([['ppv:event', 'day.changed', { date: '2025-01-01' }]]);
    expect(app.onEventFor).toHaveBeenCalledWith('webcontents:3', expect.any(Function));
    listeners.get('destroyed')?.();
    expect(app.endConnection).toHaveBeenCalledWith('webcontents:3');
  });
});
