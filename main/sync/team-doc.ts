// The team doc: one Y.Doc per workspace for what every member shares beyond accounts:
// its name, team names, device names, password policies, rotation requests and their approvals, inbox messages and
// audit events. Only the structure lives here; the policy, inbox and audit services own
// the meaning of the records they put in it.
import * as Y from 'yjs';

export interface RotationRequest {
  id: string;
  accountDocId: string;
  reason: string;
  requestedBy: string;
  at: number;
}

export interface Approval {
  requestId: string;
  memberId: string;
  approved: boolean;
  at: number;
}

export type TeamRecord = Record<string, string | number | boolean | null>;

export class TeamDoc {
  constructor(readonly doc: Y.Doc = new Y.Doc()) {
    // Yjs renders a top-level type only once it is defined locally: define them all up front.
    for (const name of ['settings', 'teamNames', 'partnerNames', 'deviceNames', 'accounts', 'policies', 'rotationRequests', 'approvals']) doc.getMap(name);
    for (const name of ['inbox', 'audit']) doc.getArray(name);
  }

  setName(name: string): void {
    this.doc.getMap<string>('settings').set('name', name);
  }

  name(): string | undefined {
    return this.doc.getMap<string>('settings').get('name');
  }

  /** A team's name (people's words stay encrypted here; the chain knows only the team id). */
  setTeamName(teamId: string, name: string): void {
    this.doc.getMap<string>('teamNames').set(teamId, name);
  }

  teamName(teamId: string): string | undefined {
    return this.doc.getMap<string>('teamNames').get(teamId);
  }

  /** A partner's name (the organisation), like a team's: encrypted here, the chain knows only the partner id. */
  setPartnerName(partnerId: string, name: string): void {
    this.doc.getMap<string>('partnerNames').set(partnerId, name);
  }

  partnerName(partnerId: string): string | undefined {
    return this.doc.getMap<string>('partnerNames').get(partnerId);
  }

  /** A device's name (its host name): here, encrypted, never in its certificate, which the chain shows to anyone. */
  setDeviceName(deviceId: string, name: string): void {
    this.doc.getMap<string>('deviceNames').set(deviceId, name);
  }

  deviceName(deviceId: string): string | undefined {
    return this.doc.getMap<string>('deviceNames').get(deviceId);
  }

  /** The directory of shared account docs, so every device knows which ones to follow. */
  listAccount(docId: string, at = Date.now()): void {
    this.doc.getMap<number>('accounts').set(docId, at);
  }

  accountDocIds(): string[] {
    return [...this.doc.getMap<number>('accounts').keys()].sort();
  }

  setPolicy(policyId: string, policy: TeamRecord): void {
    this.doc.getMap<TeamRecord>('policies').set(policyId, policy);
  }

  policies(): Map<string, TeamRecord> {
    return new Map(this.doc.getMap<TeamRecord>('policies').entries());
  }

  requestRotation(request: RotationRequest): void {
    this.doc.getMap<RotationRequest>('rotationRequests').set(request.id, request);
  }

  rotationRequests(): RotationRequest[] {
    return [...this.doc.getMap<RotationRequest>('rotationRequests').values()].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  }

  /** One decision per member and request; a later decision by the same member replaces theirs. */
  decide(approval: Approval): void {
    this.doc.getMap<Approval>('approvals').set(`${approval.requestId}/${approval.memberId}`, approval);
  }

  approvals(requestId: string): Approval[] {
    return [...this.doc.getMap<Approval>('approvals').values()].filter((a) => a.requestId === requestId);
  }

  postInboxMessage(message: TeamRecord): void {
    this.doc.getArray<TeamRecord>('inbox').push([message]);
  }

  inbox(): TeamRecord[] {
    return this.doc.getArray<TeamRecord>('inbox').toArray();
  }

  appendAudit(event: TeamRecord): void {
    this.doc.getArray<TeamRecord>('audit').push([event]);
  }

  audit(): TeamRecord[] {
    return this.doc.getArray<TeamRecord>('audit').toArray();
  }
}
