// Where the app's bridge server listens for the native host, per data folder: on Unix the
// socket `<dataDir>/browser-bridge.sock`, or, when that path is too long for a socket address
// (sun_path holds 104 bytes on macOS, 108 on Linux, with the final NUL), a socket in a 0700
// folder of its own under the temp folder, named from a hash of the data folder; on Windows
// the named pipe `\\.\pipe\tessera-browser-<first 16 hex of sha256(dataDir)>`. One app per
// data folder, so one path per data folder.
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { TesseraError } from '../errors';
import { ensurePrivateFolder } from '../../protocol/private-files';

export const SOCKET_FILE_NAME = 'browser-bridge.sock';
/** The longest socket path (bytes) every Unix accepts: macOS's sun_path is 104 bytes with the NUL. */
export const MAX_SOCKET_PATH_BYTES = 103;
/** The temp-folder fallback's folder name starts with this. */
const FALLBACK_PREFIX = 'tessera-browser-';

export interface SocketPathOptions {
  platform?: NodeJS.Platform;
  /** The temp folder for the fallback (default os.tmpdir()). */
  tmp?: string;
  /** The user id, part of the fallback folder's name so two users never share one (default process.getuid()). */
  uid?: number;
}

function dataDirHash(dataDir: string): string {
  return createHash('sha256').update(dataDir, 'utf8').digest('hex').slice(0, 16);
}

/** The bridge socket (or Windows named pipe) of the app that uses `dataDir`. */
export function bridgeSocketPath(dataDir: string, options: SocketPathOptions = {}): string {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') return `\\\\.\\pipe\\tessera-browser-${dataDirHash(dataDir)}`;
  const inDataDir = join(dataDir, SOCKET_FILE_NAME);
  if (Buffer.byteLength(inDataDir, 'utf8') <= MAX_SOCKET_PATH_BYTES) return inDataDir;
  const uid = options.uid ?? process.getuid?.() ?? 0;
  const fallback = join(options.tmp ?? tmpdir(), `${FALLBACK_PREFIX}${uid}-${dataDirHash(dataDir)}`, 'bridge.sock');
  // A temp folder itself too long (rare): /tmp is on every Unix.
  return Buffer.byteLength(fallback, 'utf8') <= MAX_SOCKET_PATH_BYTES ? fallback : join('/tmp', `${FALLBACK_PREFIX}${uid}-${dataDirHash(dataDir)}`, 'bridge.sock');
}

/** Whether `path` is a temp-folder fallback of bridgeSocketPath (a folder of its own, which the app creates). */
export function isFallbackSocketPath(path: string): boolean {
  return basename(path) === 'bridge.sock' && basename(dirname(path)).startsWith(FALLBACK_PREFIX);
}

/**
 * Makes sure the socket's folder exists and only this user can reach into it. The data folder
 * is created (0700) when missing; a fallback folder in the shared temp folder must be a real
 * folder of this user (not a link another user planted), and is set to 0700.
 */
export function ensureSocketDirectory(path: string): void {
  const dir = dirname(path);
  try {
    ensurePrivateFolder(dir);
  } catch (error) {
    throw new TesseraError('OS_INTEGRATION_FAILED', `The browser bridge's folder ${dir} could not be created (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  if (!isFallbackSocketPath(path)) return;
  const stat = lstatSync(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) {
    throw new TesseraError('OS_INTEGRATION_FAILED', `The browser bridge's folder ${dir} belongs to someone else or is not a folder: remove it and start Tessera again.`);
  }
  if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}
