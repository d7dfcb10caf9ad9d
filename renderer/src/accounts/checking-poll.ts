// How soon the list and the account page ask again for levels while the main process is still
// checking passwords and TOTP keys in the background (main/milestones/secret-checks.ts): the
// answers are cached there, so asking again costs no decryption.
export const CHECKING_POLL_MS = 1000;
