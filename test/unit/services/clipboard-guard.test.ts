import { describe, expect, it, vi } from 'vitest';
import { createClipboardGuard, createMemoryClipboard } from '../../../main/platform/clipboard-guard';

describe('clipboard guard (with the in-memory fake clipboard)', () => {
  it('clears the copied secret after the delay', async () => {
    vi.useFakeTimers();
    try {
      const clipboard = createMemoryClipboard();
      const guard = createClipboardGuard(clipboard);
      guard.copy('s3cret', 30);
      expect(clipboard.readText()).toBe('s3cret');
      await vi.advanceTimersByTimeAsync(29_000);
      expect(clipboard.readText()).toBe('s3cret');
      await vi.advanceTimersByTimeAsync(1_000);
      expect(clipboard.readText()).toBe('');
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves the clipboard alone when the person copied something else meanwhile', async () => {
    vi.useFakeTimers();
    try {
      const clipboard = createMemoryClipboard();
      const guard = createClipboardGuard(clipboard);
      guard.copy('s3cret', 30);
      clipboard.writeText('a note the person copied');
      await vi.advanceTimersByTimeAsync(30_000);
      expect(clipboard.readText()).toBe('a note the person copied');
    } finally {
      vi.useRealTimers();
    }
  });

  it('clears at once on lock when the secret is still there', async () => {
    const clipboard = createMemoryClipboard();
    const guard = createClipboardGuard(clipboard);
    guard.copy('s3cret', 30);
    await guard.clearIfOurs();
    expect(clipboard.readText()).toBe('');
    guard.dispose();
  });
});
