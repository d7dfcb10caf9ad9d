// How long a share link may live: the choices a person picks from. A module of its own (no
// schema library, no crypto) so the CLI's help can list them without loading share-links.ts.
export const LINK_LIFETIMES = { '1h': 3_600_000, '12h': 12 * 3_600_000, '1d': 86_400_000, '5d': 5 * 86_400_000, '30d': 30 * 86_400_000 } as const;
export type LinkLifetime = keyof typeof LINK_LIFETIMES;

export function isLinkLifetime(text: string): text is LinkLifetime {
  return Object.hasOwn(LINK_LIFETIMES, text);
}
