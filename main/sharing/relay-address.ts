// A relay address as a person gives it (`tessera workspace join --relay`, `tessera workspace
// relay`, the app's relay setting): ws:// or wss://, a host, no user name or password (the
// address is kept, shown and put in invitations), written one way so the same relay reads the
// same (lower-case host, no default port, no bare trailing slash). A ws:// address to another
// machine is accepted as sync always accepted it: the relay only ever sees ciphertext. What may
// carry a secret (an SMTP password) is `carriesSecretsSafely`: wss://, or this machine.
import { TesseraError } from '../errors';

const FORM = 'A relay address looks like ws://host:port or wss://host (the address `tessera relay serve` prints, or the one your team uses).';

/** The address in its one written form; INVALID_INPUT saying what to change. The message never repeats the input (it may hold a password). */
export function parseRelayAddress(text: string): string {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new TesseraError('INVALID_INPUT', `That is not a relay address. ${FORM}`);
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    throw new TesseraError('INVALID_INPUT', `A relay is reached over WebSocket: write the address with ${url.protocol === 'https:' ? 'wss://' : 'ws://'} instead of ${url.protocol}//.`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new TesseraError('INVALID_INPUT', `A relay address starts with ws:// or wss://. ${FORM}`);
  if (!url.hostname) throw new TesseraError('INVALID_INPUT', `The relay address names no host. ${FORM}`);
  if (url.username || url.password) {
    throw new TesseraError('INVALID_INPUT', 'A relay address carries no user name or password: remove the part before @. The relay admits devices by their keys.');
  }
  if (url.hash) throw new TesseraError('INVALID_INPUT', 'Remove the #… part from the relay address.');
  return `${url.origin}${url.pathname === '/' ? '' : url.pathname}${url.search}`;
}

/** wss://, or a relay on this machine: what a secret may be sent to. */
export function carriesSecretsSafely(relayUrl: string | undefined): boolean {
  if (!relayUrl) return false;
  const url = new URL(relayUrl);
  return url.protocol === 'wss:' || url.hostname === '127.0.0.1' || url.hostname === '[::1]' || url.hostname === 'localhost';
}
