// The live side of an inbox: the messages that arrived lately and a way to hear about the
// next ones. A code request looks back first (the mail may beat the request) and then waits.
// Bounded by count, so a busy mailbox cannot grow it without end.

import type { RoutedInboxMessage } from './inbox-message';

export interface MessageFeed {
  /** Recently arrived messages, oldest first. */
  recent(): readonly RoutedInboxMessage[];
  /** Calls the listener for every message that arrives from now on; returns the unsubscribe. */
  subscribe(listener: (message: RoutedInboxMessage) => void): () => void;
}

const DEFAULT_CAPACITY = 500;

export class RecentMessageFeed implements MessageFeed {
  private readonly messages: RoutedInboxMessage[] = [];
  private readonly listeners = new Set<(message: RoutedInboxMessage) => void>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  publish(message: RoutedInboxMessage): void {
    this.messages.push(message);
    if (this.messages.length > this.capacity) this.messages.splice(0, this.messages.length - this.capacity);
    for (const listener of [...this.listeners]) listener(message);
  }

  recent(): readonly RoutedInboxMessage[] {
    return this.messages;
  }

  subscribe(listener: (message: RoutedInboxMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
