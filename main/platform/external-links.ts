// Opening links outside the app. Only well-formed https: URLs without credentials go to the
// operating system's browser; everything else (file:, javascript:, custom schemes, http:) is
// refused, because a compromised page could otherwise launch local programs through them.
import { TesseraError } from '../errors';

export function isSafeExternalUrl(raw: string): boolean {
  if (raw.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '') return false;
  if (url.hostname === '' || /[\s<>"'`]/.test(raw)) return false;
  return true;
}

export type ExternalLinks = { open(url: string): Promise<void> };

export function createExternalLinks(openInOs: (url: string) => Promise<void>): ExternalLinks {
  return {
    async open(url) {
      if (!isSafeExternalUrl(url)) {
        throw new TesseraError('NOT_PERMITTED', 'Only https:// links can be opened from Tessera.');
      }
      await openInOs(new URL(url).toString());
    },
  };
}
