import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../main/ipc/dispatcher';
import { createHandlerTable } from '../../../main/ipc/handler-table';
import type { HandlerTable } from '../../../main/ipc/handler-types';
import { createServices } from '../../../main/services';
import { TesseraError } from '../../../main/errors';
import type { Logger } from '../../../main/logger';
import { channels } from '../../../main/ipc/contract';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../../main/ipc/contract/channel-names';
import { events } from '../../../main/ipc/contract';
import { createMemoryClipboard } from '../../../main/platform/clipboard-guard';

function recordingLogger() {
  const lines: string[] = [];
  const log: Logger = {
    info: (e, f) => lines.push(JSON.stringify({ e, ...f })),
    warn: (e, f) => lines.push(JSON.stringify({ e, ...f })),
    error: (e, f) => lines.push(JSON.stringify({ e, ...f })),
  };
  return { log, lines };
}

function setup(overrides: Partial<HandlerTable> = {}) {
  const { log, lines } = recordingLogger();
  const opened: string[] = [];
  const services = createServices({
    dataDir: '/nonexistent',
    platform: { host: 'web-test-host', version: '1.2.3', openInOs: async (url) => void opened.push(url), clipboard: createMemoryClipboard() },
    log,
  });
  const dispatch = createDispatcher({ ...createHandlerTable(services), ...overrides }, log);
  return { dispatch, lines, opened };
}

const ctx = { transport: 'test' as const };

describe('IPC dispatcher', () => {
  it('returns the handler value in the ok envelope', async () => {
    const { dispatch } = setup();
    expect(await dispatch('app.info', {}, ctx)).toMatchObject({ ok: true, value: { name: 'Tessera', version: '1.2.3' } });
  });

  it('refuses unknown channels, including inherited property names', async () => {
    const { dispatch } = setup();
    for (const name of ['nope', 'toString', '__proto__', 'constructor', 'app.info.extra']) {
      expect(await dispatch(name, {}, ctx)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
  });

  it.each([
    ['wrong types', { url: 42 }],
    ['missing fields', {}],
    ['extra fields', { url: 'https://a.example', admin: true }],
    ['not an object', 'https://a.example'],
    ['null', null],
    ['an array', ['https://a.example']],
  ])('answers %s with INVALID_INPUT', async (_name, payload) => {
    const { dispatch, opened } = setup();
    expect(await dispatch('app.openExternal', payload, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(opened).toEqual([]);
  });

  it('maps typed errors to their code and message', async () => {
    const { dispatch } = setup({
      'app.info': () => {
        throw new TesseraError('VAULT_LOCKED', 'Unlock the vault first.');
      },
    });
    expect(await dispatch('app.info', {}, ctx)).toEqual({ ok: false, error: { code: 'VAULT_LOCKED', message: 'Unlock the vault first.' } });
  });

  it('hides the text of unexpected errors from the caller and from the log', async () => {
    const { dispatch, lines } = setup({
      'app.info': () => {
        throw new Error('hunter2 leaked in a stack');
      },
    });
    const result = await dispatch('app.info', {}, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('hunter2');
    expect(lines.join('\n')).not.toContain('hunter2');
  });

  it('only opens vetted https links', async () => {
    const { dispatch, opened } = setup();
    expect(await dispatch('app.openExternal', { url: 'https://docs.example/guide' }, ctx)).toMatchObject({ ok: true });
    for (const url of ['http://a.example', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@a.example']) {
      expect(await dispatch('app.openExternal', { url }, ctx)).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
    }
    expect(opened).toEqual(['https://docs.example/guide']);
  });

  it('lists exactly the contract channels and events for the preload', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(channels).sort());
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort());
  });
});
