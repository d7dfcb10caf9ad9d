// People in a workspace: each member's display name and email (what SCIM and Okta map to),
// set by the member in a signed `set_profile` chain entry at join and whenever they edit it
// (an Owner or Admin may set anyone's, for directory sync). The profile is encrypted under
// an epoch key of the team (the newest the author holds), bound to the workspace, member and
// epoch, so the relay that stores the chain never reads it; every member device holds every
// epoch key it was admitted with, so every member reads every profile.
import { z } from 'zod';
import { TesseraError } from '../errors';
import { encodeAad, openJson, sealJson } from '../crypto/aead';
import { fromBase64Url, toBase64Url } from '../../protocol/canonical-encoding';
import type { ChainState } from '../../protocol/team-chain';

export const ProfileSchema = z.strictObject({
  name: z.string().trim().min(1, 'a name is needed').max(200),
  email: z.string().trim().max(320).refine((v) => v === '' || /^[^\s@]+@[^\s@]+$/.test(v), 'not an email address'),
});
export type Profile = z.output<typeof ProfileSchema>;

const aad = (workspaceId: string, memberId: string, keyEpoch: string) => encodeAad('tessera.profile.v1', workspaceId, memberId, keyEpoch);

export function parseProfile(input: unknown): Profile {
  const parsed = ProfileSchema.safeParse(input);
  if (!parsed.success) throw new TesseraError('INVALID_INPUT', `The profile is not valid: ${parsed.error.issues.map((i) => i.message).join('; ')}.`);
  return parsed.data;
}

export function sealProfile(workspaceId: string, memberId: string, keyEpoch: string, key: Uint8Array, profile: Profile): string {
  return toBase64Url(sealJson(key, parseProfile(profile), aad(workspaceId, memberId, keyEpoch)));
}

/** Every member's profile this device can open (a member without one, or sealed under an epoch it lacks, is left out). */
export function openProfiles(state: ChainState, epochKey: (epochId: string) => Uint8Array | undefined): Map<string, Profile> {
  const profiles = new Map<string, Profile>();
  for (const [memberId, { keyEpoch, box }] of state.profiles) {
    const key = epochKey(keyEpoch);
    if (!key) continue;
    try {
      const parsed = ProfileSchema.safeParse(openJson(key, fromBase64Url(box, 'profile'), aad(state.workspaceId, memberId, keyEpoch)));
      if (parsed.success) profiles.set(memberId, parsed.data);
    } catch {
      continue; // a box that does not open is no profile
    }
  }
  return profiles;
}

/**
 * The member a person means by `who`: an exact member id, else a case-insensitive email,
 * else a case-insensitive display name — unique among active members, or a clear error.
 */
export function findMember(state: ChainState, profiles: ReadonlyMap<string, Profile>, who: string): string {
  const wanted = who.trim();
  if (state.members.get(wanted)?.active) return wanted;
  const lower = wanted.toLowerCase();
  const active = [...state.members.values()].filter((m) => m.active).map((m) => m.memberId);
  for (const field of ['email', 'name'] as const) {
    const matches = active.filter((memberId) => profiles.get(memberId)?.[field].toLowerCase() === lower);
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) throw new TesseraError('INVALID_INPUT', `${matches.length} members have the ${field} "${wanted}"; use their member id (tessera workspace members --json).`);
  }
  throw new TesseraError('INVALID_INPUT', `No active member is "${wanted}" (by id, email or name). List them with tessera workspace members.`);
}
