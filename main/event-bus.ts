// Main-side fan-out of events to whoever listens (the Electron window, the web test host's
// sockets, the CLI's progress printer). Services emit; transports subscribe.
export type BusListener = (event: string, payload: unknown) => void;

export type EventBus = {
  emit(event: string, payload: unknown): void;
  subscribe(listener: BusListener): () => void;
};

export function createEventBus(): EventBus {
  const listeners = new Set<BusListener>();
  return {
    emit(event, payload) {
      for (const listener of [...listeners]) listener(event, payload);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
