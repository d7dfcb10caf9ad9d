// Test people: an identity with one device, and helpers to put them in a workspace.
import { toBase64Url } from '../../../protocol/canonical-encoding';
import { createDevice, type DeviceKeys } from '../../../main/sync/device-keys';
import { createIdentity, type Identity } from '../../../protocol/identity';
import type { Role } from '../../../protocol/team-chain';
import { Workspace, type MemberRequest } from '../../../main/sync/workspace';

export interface Person {
  name: string;
  identity: Identity;
  device: DeviceKeys;
  request: MemberRequest;
}

export function person(name: string): Person {
  const identity = createIdentity();
  const device = createDevice(identity, `${name}'s laptop`);
  return { name, identity, device, request: { memberId: identity.memberId, identityKey: toBase64Url(identity.publicKey), device: device.certificate } };
}

/** A workspace created by the first person, the others added with their roles, each with their own synced replica. */
export function team(owner: Person, members: [Person, Role][] = []): Map<string, Workspace> {
  const first = Workspace.create(owner.identity, owner.device);
  for (const [p, role] of members) first.addMember(p.request, role);
  const replicas = new Map([[owner.name, first]]);
  for (const [p] of members) replicas.set(p.name, Workspace.open(first.workspaceId, p.device, first.entries()));
  return replicas;
}

export function syncAll(replicas: Iterable<Workspace>): void {
  const all = [...replicas];
  const entries = all.flatMap((w) => w.entries());
  for (const w of all) w.receive(entries);
}
