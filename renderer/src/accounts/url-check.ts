// Website addresses in the account form: "stripe.com/login" becomes https://stripe.com/login;
// anything that is not a web address ("stripe dashboard") is refused with a sentence.
export type UrlCheck = { ok: true; urls: string[] } | { ok: false; message: string };

export function checkUrls(text: string): UrlCheck {
  const entries = text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
  const urls: string[] = [];
  for (const entry of entries) {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ? entry : `https://${entry}`;
    const url = URL.canParse(withScheme) ? new URL(withScheme) : null;
    const host = url?.hostname ?? '';
    const looksLikeHost = host === 'localhost' || /^[\d.]+$/.test(host) || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(host);
    if (!url || !['http:', 'https:'].includes(url.protocol) || /\s/.test(entry) || !looksLikeHost) {
      return { ok: false, message: `“${entry.slice(0, 60)}” is not a web address. Enter one such as https://app.example.com/login.` };
    }
    urls.push(url.href === `${url.origin}/` && !entry.endsWith('/') ? url.origin : url.href);
  }
  return { ok: true, urls };
}
