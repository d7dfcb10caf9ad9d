// How long a deleted account stays in the trash before it is purged. A module of its own so
// the CLI can say when without loading the vault.
export const TRASH_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
