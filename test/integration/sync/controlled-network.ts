// A relay network the test drives by hand: every frame between a client and the in-process
// relay waits in a queue until the test delivers, duplicates or drops it, and a link can be
// cut (in-flight frames lost, reconnects refused) and healed.
import type { RelayConnector, LinkHandlers } from '../../../main/sync/relay-connection';
import type { RelayEndpoint } from '../../../protocol/relay-endpoint';

interface Link {
  handlers: LinkHandlers;
  connection: ReturnType<RelayEndpoint['connect']>;
  toRelay: Uint8Array[];
  toClient: Uint8Array[];
  open: boolean;
}

export class ControlledNetwork {
  readonly #links = new Map<number, Link>();
  readonly #reachable = new Set<number>();
  readonly #nodes = new Set<number>();

  constructor(private readonly relay: RelayEndpoint) {}

  connector(node: number): RelayConnector {
    this.#nodes.add(node);
    this.#reachable.add(node);
    return (handlers) => {
      if (!this.#reachable.has(node)) {
        setImmediate(() => handlers.onClose());
        return { send: () => {}, close: () => {} };
      }
      // The relay may send (its challenge) before connect() returns: the link exists first.
      const link = { handlers, toRelay: [], toClient: [], open: true } as unknown as Link;
      link.connection = this.relay.connect((frame) => link.open && link.toClient.push(frame));
      this.#links.set(node, link);
      setImmediate(() => link.open && handlers.onOpen());
      return {
        send: (frame) => link.open && link.toRelay.push(frame),
        close: () => this.#drop(node, link),
      };
    };
  }

  /** Delivers up to `count` frames one way; `duplicate` delivers the first one twice. */
  deliver(node: number, direction: 'up' | 'down', count: number, duplicate = false): void {
    const link = this.#links.get(node);
    if (!link?.open) return;
    const queue = direction === 'up' ? link.toRelay : link.toClient;
    for (let i = 0; i < count && queue.length; i++) {
      const frame = queue.shift()!;
      const times = duplicate && i === 0 ? 2 : 1;
      for (let t = 0; t < times; t++) {
        if (direction === 'up') link.connection.receive(frame);
        else link.handlers.onMessage(frame);
      }
    }
  }

  cut(node: number): void {
    this.#reachable.delete(node);
    const link = this.#links.get(node);
    if (link) this.#drop(node, link);
  }

  heal(node: number): void {
    this.#reachable.add(node);
  }

  healAll(): void {
    for (const node of this.#nodes) this.heal(node);
  }

  /** Delivers everything queued anywhere; true if anything moved. */
  flush(): boolean {
    let moved = false;
    for (const [node, link] of this.#links) {
      while (link.open && (link.toRelay.length || link.toClient.length)) {
        moved = true;
        this.deliver(node, 'up', link.toRelay.length);
        this.deliver(node, 'down', link.toClient.length);
      }
    }
    return moved;
  }

  #drop(node: number, link: Link): void {
    if (!link.open) return;
    link.open = false;
    link.toRelay.length = 0;
    link.toClient.length = 0;
    link.connection.close();
    if (this.#links.get(node) === link) this.#links.delete(node);
    setImmediate(() => link.handlers.onClose());
  }
}
