// What a run keeps to explain itself later: a Playwright trace and screenshots, both without
// secrets. The trace records screenshots (a screencast) but no DOM snapshots, so no field
// value or network body enters it; and it is paused (chunk saved, recording stopped) around
// every moment a secret is typed or read back, so the typed values, the values read back and
// the frames showing them are never recorded. Screenshots mask every password and code field.
// Everything is returned in memory; the caller encrypts it. Playwright needs a folder while
// it records: `workDir`, which the caller owns and which is emptied before this returns.

import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { SecretSection } from '../login/credential-provider';
import { MASK_COLOR, maskedScreenshot } from './masked-screenshot';

export interface RunScreenshot {
  /** What the page showed: 'password-typed', 'code-typed', 'result', 'failure'. */
  name: string;
  png: Buffer;
  at: number;
}

export interface RunArtifacts {
  /** Trace chunks in order (zip files for `playwright show-trace`); one more after each secret pause. */
  traceChunks: Buffer[];
  screenshots: RunScreenshot[];
}

export { MASK_COLOR };

export class RunCapture {
  private readonly screenshots: RunScreenshot[] = [];
  private chunk = 0;
  private tracing = false;

  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly workDir: string,
  ) {}

  static async start(context: BrowserContext, page: Page, workDir: string, title: string): Promise<RunCapture> {
    await mkdir(workDir, { recursive: true, mode: 0o700 });
    const capture = new RunCapture(context, page, workDir);
    await context.tracing.start({ screenshots: true, snapshots: false, title });
    capture.tracing = true;
    return capture;
  }

  private nextChunkPath(): string {
    this.chunk++;
    return path.join(this.workDir, `trace-${String(this.chunk).padStart(2, '0')}.zip`);
  }

  /** Types or reads a secret with the trace stopped, then takes a masked screenshot. */
  readonly secretSection: SecretSection = async (work) => {
    if (this.tracing) {
      await this.context.tracing.stopChunk({ path: this.nextChunkPath() });
      this.tracing = false;
    }
    try {
      const value = await work();
      await this.screenshot('secret-typed');
      return value;
    } finally {
      await this.context.tracing.startChunk().then(() => {
        this.tracing = true;
      }, () => undefined);
    }
  };

  /** A screenshot of the viewport with every password and code field painted over. */
  async screenshot(name: string): Promise<void> {
    // A page that closed or crashed has nothing to show, and one that could not be masked
    // shows nothing either; the steps say why.
    const png = await maskedScreenshot(this.page);
    if (png) this.screenshots.push({ name, png, at: Date.now() });
  }

  /** Stops tracing and hands back everything recorded; the work folder is emptied. */
  async finish(): Promise<RunArtifacts> {
    try {
      if (this.tracing) await this.context.tracing.stopChunk({ path: this.nextChunkPath() }).catch(() => undefined);
      this.tracing = false;
      await this.context.tracing.stop().catch(() => undefined);
      const names = (await readdir(this.workDir).catch(() => [] as string[])).filter((name) => name.endsWith('.zip')).sort();
      const traceChunks = await Promise.all(names.map((name) => readFile(path.join(this.workDir, name))));
      return { traceChunks, screenshots: this.screenshots };
    } finally {
      await rm(this.workDir, { recursive: true, force: true });
    }
  }
}
