// The native messaging host's work, in the process a browser starts when the extension
// connects: Node running out/main/browser-host.js (native-host.ts), or the Tessera app itself
// started with BROWSER_HOST_FLAG (main/app/main.ts). It only forwards frames between the browser (stdin/stdout) and the app's bridge socket
// (`--socket <path>`), checking each is a JSON frame within MAX_FRAME_BYTES on the way; it
// never sees a secret (the session is sealed end to end) and never logs. Its stdout is the
// browser's channel, so nothing but frames is ever written there. When the app is not
// reachable it answers one `{t:'app-unavailable'}` and exits once the browser closes stdin
// (or after a short grace). It exits when either side ends. Node built-ins only (plus the
// codec), so it starts fast; the browser passes its own arguments (the caller's origin, a
// window handle), which are ignored.
import { connect, type Socket } from 'node:net';
import { encodeFrame, encodeRawFrame, FrameDecoder } from './frame-codec';

/** How long the host waits for the browser to close stdin after answering app-unavailable. */
const UNAVAILABLE_GRACE_MS = 2_000;
/** How long connecting to the app's socket may take. */
const CONNECT_TIMEOUT_MS = 3_000;

function socketArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--socket') return argv[i + 1];
    if (arg.startsWith('--socket=')) return arg.slice('--socket='.length);
  }
  return undefined;
}

let exiting = false;
/** Flushes stdout, then exits. */
function exit(code = 0): void {
  if (exiting) return;
  exiting = true;
  process.stdout.write('', () => process.exit(code));
  // stdout gone (the browser died): do not hang.
  setTimeout(() => process.exit(code), 1_000).unref();
}

function writeFrame(frame: unknown): void {
  if (!exiting) process.stdout.write(encodeFrame(frame));
}

function refuse(message: string): void {
  writeFrame({ t: 'error', code: 'BAD_FRAME', message });
  exit(1);
}

function unavailable(): void {
  writeFrame({ t: 'app-unavailable' });
  process.stdin.on('data', () => {}); // drain until the browser closes
  process.stdin.once('end', () => exit(0));
  process.stdin.once('close', () => exit(0));
  setTimeout(() => exit(0), UNAVAILABLE_GRACE_MS);
}

function forward(socket: Socket): void {
  const fromBrowser = new FrameDecoder();
  const fromApp = new FrameDecoder();
  process.stdin.on('data', (chunk: Buffer) => {
    let bodies: Buffer[];
    try {
      bodies = fromBrowser.pushRaw(chunk);
    } catch (error) {
      socket.destroy();
      refuse((error as Error).message);
      return;
    }
    let ready = true;
    for (const body of bodies) ready = socket.write(encodeRawFrame(body)) && ready;
    // Backpressure: read no more from the browser until the app has taken what was sent.
    if (!ready) {
      process.stdin.pause();
      socket.once('drain', () => process.stdin.resume());
    }
  });
  socket.on('data', (chunk: Buffer) => {
    let bodies: Buffer[];
    try {
      bodies = fromApp.pushRaw(chunk);
    } catch {
      socket.destroy();
      refuse('The desktop app sent a frame that is not valid.');
      return;
    }
    if (exiting) return;
    let ready = true;
    for (const body of bodies) ready = process.stdout.write(encodeRawFrame(body)) && ready;
    if (!ready) {
      socket.pause();
      process.stdout.once('drain', () => socket.resume());
    }
  });
  process.stdin.once('end', () => {
    // Let the frames already written reach the app: it closes its end on ours, then 'close' exits.
    socket.end();
    setTimeout(() => exit(0), 1_000);
  });
  socket.once('close', () => exit(0));
}

/** The argument that makes the Tessera app run as the native messaging host instead of opening. */
export const BROWSER_HOST_FLAG = '--tessera-browser-host';

/** Runs the host on this process's stdin/stdout; `args` hold `--socket <path>` (others are ignored). */
export function runNativeHost(args: readonly string[]): void {
  // A broken stdout (the browser went away) or any other surprise: leave quietly, never print.
  process.stdout.on('error', () => process.exit(0));
  process.stdin.on('error', () => exit(0));
  process.on('uncaughtException', () => process.exit(1));
  const path = socketArgument(args);
  if (!path) {
    unavailable();
    return;
  }
  let settled = false;
  const socket = connect(path);
  const fail = () => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    socket.destroy();
    unavailable();
  };
  const timer = setTimeout(fail, CONNECT_TIMEOUT_MS);
  // Before the connection: the app is not running. After it: 'close' follows and forward() exits.
  socket.on('error', fail);
  socket.once('connect', () => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    forward(socket);
  });
}
