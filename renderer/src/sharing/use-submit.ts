// A form action with its busy flag and the error message to show when it fails.
import type { FormEvent } from 'react';
import { useBusyAction } from '../components/use-busy-action';

export function useSubmit(action: () => Promise<void>) {
  const { busy, error, run } = useBusyAction();
  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(action);
  }
  return { busy, error, submit };
}
