// Finds a host's entry in a table keyed by domain, the way Apple's quirks files are keyed:
// the exact host first, then each parent domain (www.example.co.uk → example.co.uk → co.uk).
// Bare top-level labels are never tried, and only the table's own keys count ("__proto__" is data).

export interface HostMatch<T> {
  /** The table key that matched, e.g. "example.com" for host "login.example.com". */
  domain: string;
  value: T;
}

export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

export function lookupByHost<T>(table: Readonly<Record<string, T>>, host: string): HostMatch<T> | undefined {
  const labels = normalizeHost(host).split('.');
  const lastStart = Math.max(0, labels.length - 2);
  for (let start = 0; start <= lastStart; start++) {
    const domain = labels.slice(start).join('.');
    if (domain !== '' && Object.hasOwn(table, domain)) return { domain, value: table[domain] as T };
  }
  return undefined;
}
