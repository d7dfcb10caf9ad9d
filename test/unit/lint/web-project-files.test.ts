// Proves the renderer's TypeScript project compiles nothing of main/ but the IPC contract, the
// result envelope and the error codes: the contract declares its own wire types, so a service
// file can never be pulled into the browser build (issue 18).
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

function projectFiles(configName: string): string[] {
  const configPath = resolve(root, configName);
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
  return program.getSourceFiles().map((file) => relative(root, file.fileName)).filter((file) => !file.startsWith('node_modules/') && !file.startsWith('..'));
}

describe('the renderer project (tsconfig.web.json)', () => {
  it('holds nothing from main/ but main/ipc/contract, main/ipc/result.ts and main/errors.ts, and nothing from automation/, relay/ or protocol/', () => {
    const files = projectFiles('tsconfig.web.json');
    expect(files.some((file) => file.startsWith('renderer/'))).toBe(true);
    const outside = files.filter((file) => !file.startsWith('renderer/'));
    const allowed = (file: string) => file.startsWith('main/ipc/contract/') || file === 'main/ipc/result.ts' || file === 'main/errors.ts';
    expect(outside.filter((file) => !allowed(file))).toEqual([]);
  });
});
