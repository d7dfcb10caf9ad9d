// The workspace roles, weakest last. A module of its own (no schema library, no crypto) so the
// CLI's help can name them without loading the team chain.
export const ROLES = ['owner', 'admin', 'member', 'login-only', 'guest'] as const;
export type Role = (typeof ROLES)[number];
