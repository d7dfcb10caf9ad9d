// Names of the logs a workspace syncs through a relay: its team chain, its team doc, one
// doc per shared account, and the mailboxes where invitees post join requests. An account doc's id names the member who created it, so
// the creator can write the first grants before anyone else holds a role on it.
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export type DocRef =
  | { kind: 'chain'; workspaceId: string }
  | { kind: 'team'; workspaceId: string }
  | { kind: 'join'; workspaceId: string; rendezvous: string }
  | { kind: 'account'; workspaceId: string; creatorMemberId: string; accountId: string };

export function chainLogId(workspaceId: string): string {
  return `${workspaceId}/chain`;
}

export function teamDocId(workspaceId: string): string {
  return `${workspaceId}/team`;
}

export function accountDocId(workspaceId: string, creatorMemberId: string, accountId: string): string {
  return `${workspaceId}/account/${creatorMemberId}/${accountId}`;
}

/** Where an invitee posts its join request: named by a value only holders of the invitation can derive. */
export function joinLogId(workspaceId: string, rendezvous: string): string {
  return `${workspaceId}/join/${rendezvous}`;
}

export function parseDocId(docId: string): DocRef | undefined {
  const parts = docId.split('/');
  if (!parts.every((p) => ID.test(p))) return undefined;
  const [workspaceId, kind, creatorMemberId, accountId] = parts as [string, string, string?, string?];
  if (parts.length === 2 && kind === 'chain') return { kind, workspaceId };
  if (parts.length === 2 && kind === 'team') return { kind, workspaceId };
  if (parts.length === 3 && kind === 'join') return { kind, workspaceId, rendezvous: creatorMemberId! };
  if (parts.length === 4 && kind === 'account') return { kind, workspaceId, creatorMemberId: creatorMemberId!, accountId: accountId! };
  return undefined;
}
