// Proves the import zones of docs/architecture.md are enforced by the real ESLint configuration.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { resolve } from 'node:path';

const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../../..') });

async function zoneErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('import zones', () => {
  it.each([
    ['renderer/src/x.tsx', "import { createServices } from '../../main/services';\nvoid createServices;"],
    ['renderer/src/x.tsx', "import { channels } from '../../main/ipc/contract/index';\nvoid channels;"],
    ['renderer/src/x.tsx', "import { readFileSync } from 'node:fs';\nvoid readFileSync;"],
    ['renderer/src/x.tsx', "import { readFileSync } from 'fs';\nvoid readFileSync;"],
    ['renderer/src/x.tsx', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;"],
    ['renderer/src/x.tsx', "import { performGenericLogin } from '../../automation/login/generic-login';\nvoid performGenericLogin;"],
    ['main/vault/x.ts', "import { app } from 'electron';\nvoid app;"],
    ['main/vault/x.ts', "import { channels } from '../ipc/contract/index';\nvoid channels;"],
    ['main/ipc/x.ts', "import { app } from 'electron';\nvoid app;"],
    ['automation/x.ts', "import { Vault } from '../main/vault/index';\nvoid Vault;"],
    ['automation/x.ts', "import { BrowserWindow } from 'electron';\nvoid BrowserWindow;"],
    ['preload/x.ts', "import { createServices } from '../main/services';\nvoid createServices;"],
  ])('rejects a forbidden import in %s: %s', async (file, code) => {
    expect((await zoneErrors(file, code)).length).toBeGreaterThan(0);
  });

  it.each([
    ['renderer/src/x.tsx', "import type { TesseraApi } from '../../main/ipc/contract/index';\nexport type A = TesseraApi;"],
    ['renderer/src/x.tsx', "import type { ErrorCode } from '../../main/errors';\nexport type A = ErrorCode;"],
    ['main/app/x.ts', "import { app } from 'electron';\nvoid app;"],
    ['preload/x.ts', "import { contextBridge } from 'electron';\nimport { buildTesseraApi } from '../main/ipc/bridge';\nvoid contextBridge; void buildTesseraApi;"],
    ['main/ipc/x.ts', "import { createServices } from '../services';\nvoid createServices;"],
  ])('allows %s: %s', async (file, code) => {
    expect(await zoneErrors(file, code)).toEqual([]);
  });
});

describe('import zones inside main/', () => {
  it('rejects main/ipc importing main/app, and allows its own app-domain modules', async () => {
    expect((await zoneErrors('main/ipc/contract/x.ts', "import { x } from '../../app/main';\nvoid x;")).length).toBeGreaterThan(0);
    expect(await zoneErrors('main/ipc/contract/x.ts', "import { appChannels } from './app';\nvoid appChannels;")).toEqual([]);
  });
});
