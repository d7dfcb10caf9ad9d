// An action with its busy flag and the error message to show when it fails: `run(work)` for
// buttons whose work differs per click; forms use `useSubmit` (sharing/use-submit.ts) on top of it.
import { useState } from 'react';
import { messageOf } from '../api';

export function useBusyAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(work: () => Promise<void>) {
    setError(null);
    setBusy(true);
    try {
      await work();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}
