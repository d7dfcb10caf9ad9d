// The rotation journal's state machine, pure. A rotation walks
//   PREPARE → LOGIN_OLD → IN_DOUBT → VERIFY_NEW → COMMITTED
// and, when the new password does not work, VERIFY_OLD → ROLLED_BACK, or RECONCILE when
// neither works. IN_DOUBT is written before the submit: from there on the site may hold
// either password, so only a login can tell. Before it, nothing was sent and ABORTED is safe.

export const ROTATION_STATES = [
  'PREPARE',
  'LOGIN_OLD',
  'IN_DOUBT',
  'VERIFY_NEW',
  'VERIFY_OLD',
  'COMMITTED',
  'ROLLED_BACK',
  'ABORTED',
  'RECONCILE',
] as const;
export type RotationState = (typeof ROTATION_STATES)[number];

/** Finished: nothing left to do, the journal no longer needs the candidates. */
export const FINAL_STATES: readonly RotationState[] = ['COMMITTED', 'ROLLED_BACK', 'ABORTED'];
/** Interrupted rotations that start-up recovery picks up. */
export const OPEN_STATES: readonly RotationState[] = ['PREPARE', 'LOGIN_OLD', 'IN_DOUBT', 'VERIFY_NEW', 'VERIFY_OLD'];
/** Submitted and not settled: the site may hold the new password while the vault has the old one. */
export const SUBMITTED_STATES: readonly RotationState[] = ['IN_DOUBT', 'VERIFY_NEW', 'VERIFY_OLD', 'RECONCILE'];
/** Nothing was submitted yet: the site still has the old password. */
export const BEFORE_SUBMIT_STATES: readonly RotationState[] = ['PREPARE', 'LOGIN_OLD'];

const NEXT: Record<RotationState, readonly RotationState[]> = {
  PREPARE: ['LOGIN_OLD', 'ABORTED'],
  LOGIN_OLD: ['LOGIN_OLD', 'IN_DOUBT', 'ABORTED'],
  IN_DOUBT: ['VERIFY_NEW', 'VERIFY_OLD'],
  VERIFY_NEW: ['COMMITTED', 'VERIFY_OLD', 'RECONCILE', 'VERIFY_NEW'],
  VERIFY_OLD: ['ROLLED_BACK', 'VERIFY_NEW', 'RECONCILE', 'VERIFY_OLD'],
  COMMITTED: [],
  ROLLED_BACK: [],
  ABORTED: [],
  // A person resolves it by choosing the password that works.
  RECONCILE: ['COMMITTED', 'ROLLED_BACK'],
};

export function canTransition(from: RotationState, to: RotationState): boolean {
  return NEXT[from].includes(to);
}

export function isRotationState(value: string): value is RotationState {
  return (ROTATION_STATES as readonly string[]).includes(value);
}
