// The public surface of main/sync for the vault, IPC, CLI and rotation services: keys and
// invitations, the team chain through Workspace, shared docs, the sync peer and client,
// relays and revocation. Everything else in this folder is an implementation detail.
export { createIdentity, fingerprint, type Identity } from '../../protocol/identity';
export {
  createDevice,
  reissueWithoutName,
  deserializeDeviceKeys,
  deserializeIdentity,
  loadKeys,
  MemoryKeyStore,
  saveKeys,
  serializeDeviceKeys,
  serializeIdentity,
  type DeviceCertificate,
  type DeviceKeys,
  type KeyStore,
} from './device-keys';
export {
  assertInviterKey,
  assertOpen,
  createInvitation,
  DEFAULT_INVITATION_LIFETIME_MS,
  isExpired,
  MAX_INVITATION_LIFETIME_MS,
  createJoinRequest,
  parseInvitation,
  shortAuthenticationString,
  verifyJoinRequest,
  type CodeKind,
  type Invitation,
  type JoinRequest,
} from './invitation';
export { certifyLinkedDevice, openDeviceLink, sealDeviceLink, type DeviceLink, type LinkedWorkspace } from './device-link';
export { InviterMailbox, inviterDidNotAnswer, inviterNonce, joinCommitment, JoinerMailbox, JOIN_PROTOCOL_VERSION, type VerifiedJoin } from './join-mailbox';
export { PeerPins, type PinState } from './peer-pins';
export { ROLES, chainRecord, currentEpoch, entryHash, keyMaintenance, parseChainRecord, resolveChain, type ChainEntry, type ChainState, type Role } from '../../protocol/team-chain';
export { Workspace, type MemberRequest } from './workspace';
export { accountDocId, parseDocId, teamDocId } from '../../protocol/doc-ids';
export { effectiveAccountRole, newItemKey, ROTATION_MARKER_FIELD, SharedAccountDoc, type AccountRole, type ItemKey, type MetaField, type Principal, type SecretState } from './shared-account-doc';
export { TeamDoc } from './team-doc';
export { SyncPeer, type Rejection } from './sync-peer';
export { sealingBatch } from './key-sealing';
export { SyncClient, type SyncStatus } from './sync-client';
export { workspaceRelayAccess, type RelayAccess } from '../../protocol/relay-access';
export { SecretConflicts, type SecretConflict, type ConflictCandidate } from './secret-conflicts';
export { inProcessConnector, webSocketConnector, type RelayConnector } from './relay-connection';
export { exposedAccounts, revokeDevice, revokeMember, type ExposedAccount, type Revocation } from './revocation';
export { findMember, parseProfile, ProfileSchema, type Profile } from './people';
export { type SyncedLog } from './synced-log';
export { type SavedDocs } from './sync-peer';
