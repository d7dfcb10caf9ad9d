// The Content-Security-Policy sent with every app:// response: own origin only, no eval,
// no inline script, no remote origins, no plugins, no framing. Styles allow 'unsafe-inline'
// only for style attributes that React and Radix set; scripts never do.
export function contentSecurityPolicy(extraConnectSrc: readonly string[] = []): string {
  const connect = ["'self'", ...extraConnectSrc].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self'",
    "manifest-src 'self'",
  ].join('; ');
}
