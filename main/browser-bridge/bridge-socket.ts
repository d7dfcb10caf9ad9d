// The app's end of the bridge: a server on the bridge socket (Unix socket, 0600, or a Windows
// named pipe) that the native host connects to, one connection per extension port. Each
// connection is a FrameConnection of length-prefixed JSON frames (frame-codec); what the frames
// mean is the session's business (browser-bridge's handshake), not this module's. A socket file
// no process answers on is removed; one another Tessera answers on is an error, since two apps
// would serve one data folder. A connection that sends a malformed or oversized frame gets one
// `{t:'error', code:'BAD_FRAME'}` and is closed; connections past the cap are refused.
import { chmodSync, lstatSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { TesseraError } from '../errors';
import { encodeFrame, FrameDecoder, FrameError } from './frame-codec';
import { ensureSocketDirectory } from './socket-path';

/** One connection's frames: what the bridge session reads and writes. */
export interface FrameConnection {
  /** Sends one frame (ignored once the connection is closed). Throws FrameError for a frame over the size limit. */
  send(frame: unknown): void;
  /** Frames arriving on the connection. Frames are held until the first handler is set. */
  onFrame(handler: (frame: unknown) => void): void;
  /** Called once, when the connection has closed (at once if it already has). */
  onClose(handler: () => void): void;
  /** Ends the connection after the frames already sent. */
  close(): void;
}

export interface BridgeSocketOptions {
  /** From bridgeSocketPath(dataDir). */
  path: string;
  onConnection(connection: FrameConnection): void;
  /** Connections served at once (default 16); one more is refused with an error frame. */
  maxConnections?: number;
}

export interface BridgeSocket {
  path: string;
  /** Stops listening, closes every connection and removes the socket file. */
  close(): Promise<void>;
}

const DEFAULT_MAX_CONNECTIONS = 16;
/** A peer that stops reading: past this many bytes waiting to be written, its connection is dropped. */
const MAX_PENDING_WRITE_BYTES = 8 * 1024 * 1024;
/** How long close() waits for a peer to take the last frames before cutting the connection. */
const CLOSE_GRACE_MS = 2_000;

function anotherInstance(path: string): TesseraError {
  return new TesseraError(
    'OS_INTEGRATION_FAILED',
    `Another Tessera is running with this data folder (its browser bridge answers on ${path}). Quit it, or use another data folder.`,
  );
}

/** Whether a process answers on `path` (a live server), within a short wait. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    const done = (live: boolean) => {
      clearTimeout(timer);
      probe.destroy();
      resolve(live);
    };
    // A live server that does not accept within this time is as good as gone.
    const timer = setTimeout(() => done(false), 1_000);
    probe.once('connect', () => done(true));
    probe.once('error', () => done(false));
  });
}

/** Removes a socket file nobody answers on; refuses when someone does, or when the path is not a socket. */
async function clearStaleSocket(path: string): Promise<void> {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return; // nothing there
  }
  if (!stat.isSocket()) throw new TesseraError('OS_INTEGRATION_FAILED', `${path} is in the way of the browser bridge and is not a socket: remove it and start Tessera again.`);
  if (await answers(path)) throw anotherInstance(path);
  rmSync(path, { force: true });
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(path);
  });
}

export async function startBridgeSocket(options: BridgeSocketOptions): Promise<BridgeSocket> {
  const { path } = options;
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const windows = process.platform === 'win32';
  if (!windows) {
    ensureSocketDirectory(path);
    await clearStaleSocket(path);
  }
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    if (sockets.size >= maxConnections) {
      socket.on('error', () => {});
      socket.end(encodeFrame({ t: 'error', code: 'TOO_MANY_CONNECTIONS', message: `Tessera serves ${maxConnections} browser connections at once; close some and try again.` }));
      setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const connection = frameConnection(socket);
    try {
      options.onConnection(connection);
    } catch {
      connection.close();
    }
  });
  try {
    await listen(server, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Another instance started in between (Unix), or owns the pipe (Windows).
    if (code === 'EADDRINUSE') throw anotherInstance(path);
    throw new TesseraError('OS_INTEGRATION_FAILED', `The browser bridge could not listen on ${path} (${code ?? 'error'}).`);
  }
  let inode: number | undefined;
  if (!windows) {
    try {
      chmodSync(path, 0o600);
      inode = lstatSync(path).ino;
    } catch (error) {
      server.close();
      throw new TesseraError('OS_INTEGRATION_FAILED', `The browser bridge's socket ${path} could not be made private (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
  }
  let closing: Promise<void> | undefined;
  return {
    path,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }).then(() => {
        // libuv removes the file on close; make sure, but never remove a newer instance's socket.
        if (inode === undefined) return;
        try {
          if (lstatSync(path).ino === inode) rmSync(path, { force: true });
        } catch {
          // already gone
        }
      });
      return closing;
    },
  };
}

/** Wraps one accepted socket: decodes frames, encodes sends, closes on a bad frame. */
function frameConnection(socket: Socket): FrameConnection {
  const decoder = new FrameDecoder();
  const frameHandlers: Array<(frame: unknown) => void> = [];
  const closeHandlers: Array<() => void> = [];
  let closed = false;
  let ending = false;

  const end = () => {
    if (ending || closed) return;
    ending = true;
    socket.end();
    setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  };
  const send = (frame: unknown) => {
    if (closed || ending) return;
    socket.write(encodeFrame(frame));
    if (socket.writableLength > MAX_PENDING_WRITE_BYTES) socket.destroy();
  };
  const refuse = (code: string, message: string) => {
    send({ t: 'error', code, message });
    end();
  };

  // Held until the session sets its handler (the kernel buffers meanwhile, bounded).
  socket.pause();
  socket.on('data', (chunk: Buffer) => {
    if (ending || closed) return;
    let frames: unknown[];
    try {
      frames = decoder.push(chunk);
    } catch (error) {
      refuse('BAD_FRAME', error instanceof FrameError ? error.message : 'A frame could not be read.');
      return;
    }
    for (const frame of frames) {
      if (ending || closed) return;
      for (const handler of frameHandlers) {
        try {
          handler(frame);
        } catch {
          refuse('INTERNAL', 'Tessera could not handle a frame; the connection is closed.');
          return;
        }
      }
    }
  });
  socket.on('error', () => {
    // A peer that went away: 'close' follows.
  });
  socket.once('close', () => {
    closed = true;
    for (const handler of closeHandlers.splice(0)) {
      try {
        handler();
      } catch {
        // one handler's failure does not keep the others from running
      }
    }
  });

  return {
    send,
    onFrame(handler) {
      frameHandlers.push(handler);
      if (frameHandlers.length === 1 && !closed) socket.resume();
    },
    onClose(handler) {
      if (closed) queueMicrotask(handler);
      else closeHandlers.push(handler);
    },
    close: end,
  };
}
