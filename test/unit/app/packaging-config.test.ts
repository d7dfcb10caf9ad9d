import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as {
  engines: { node: string };
  build: { asarUnpack: string[]; electronFuses: Record<string, boolean>; linux: { target: string[] }; mac: unknown; win: unknown };
};

describe('packaging configuration', () => {
  it('turns on the fuses of docs/architecture.md', () => {
    expect(pkg.build.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('unpacks native modules and targets Linux, macOS and Windows', () => {
    expect(pkg.build.asarUnpack).toContain('**/*.node');
    expect(pkg.build.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(pkg.build.mac).toBeDefined();
    expect(pkg.build.win).toBeDefined();
  });

  it('requires Node 22 or later', () => {
    expect(pkg.engines.node).toBe('>=22');
  });
});
