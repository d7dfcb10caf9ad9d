// Copies a secret to the system clipboard and clears it after a delay — but only if the
// clipboard still holds what Tessera put there, so a person's later copy is never wiped.
export type SystemClipboard = {
  writeText(text: string): void;
  /** Electron 45's clipboard answers asynchronously; the in-memory one synchronously. */
  readText(): string | Promise<string>;
  clear(): void;
};

export type ClipboardGuard = {
  copy(text: string, clearAfterSeconds: number): void;
  /** Clears now if the clipboard still holds the last copied secret (on lock and quit). */
  clearIfOurs(): Promise<void>;
  dispose(): void;
};

export function createClipboardGuard(clipboard: SystemClipboard, schedule = setTimeout, cancel = clearTimeout): ClipboardGuard {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last: string | null = null;

  const clearIfOurs = async () => {
    if (timer) cancel(timer);
    timer = null;
    const ours = last;
    last = null;
    if (ours !== null && (await clipboard.readText()) === ours) clipboard.clear();
  };

  return {
    copy(text, clearAfterSeconds) {
      if (timer) cancel(timer);
      clipboard.writeText(text);
      last = text;
      timer = schedule(() => void clearIfOurs(), clearAfterSeconds * 1000);
      // Never keep a process (CLI, tests) alive just to clear the clipboard later.
      (timer as { unref?: () => void }).unref?.();
    },
    clearIfOurs,
    dispose() {
      if (timer) cancel(timer);
      timer = null;
    },
  };
}

/** An in-memory clipboard: the web test host and the tests use it in place of the OS one. */
export function createMemoryClipboard(): SystemClipboard & { readonly history: string[] } {
  let content = '';
  const history: string[] = [];
  return {
    history,
    writeText(text) {
      content = text;
      history.push(text);
    },
    readText: () => content,
    clear() {
      content = '';
    },
  };
}
