// An in-memory site for the engine's logic: one account whose password the "site" holds,
// with switchable misbehaviours on change and login.
import type { NewPasswordFieldRules } from '../../../automation/change-password/new-password-field';
import type { LoginProbe, RotationSite, SiteChangeRequest, SiteChangeResult } from '../../../main/rotation/rotation-site';

export type ChangeBehaviour = 'ok' | 'reject' | 'change-then-throw' | 'throw-before-submit' | 'change-then-unknown';

export class MemorySite implements RotationSite {
  changeBehaviour: ChangeBehaviour = 'ok';
  loginAnswers: LoginProbe | null = null;
  rules: NewPasswordFieldRules = { field: {} };
  /** Refuses a new password holding one of these characters, the form gone and the message shown (as WordPress does). */
  refuses: { characters: RegExp; message: string } | null = null;
  readonly logins: string[] = [];
  readonly submitted: string[] = [];

  constructor(public password: string) {}

  async changePassword(request: SiteChangeRequest): Promise<SiteChangeResult> {
    if (request.oldPassword !== this.password) return { outcome: 'login_failed', submitted: false, reasons: ['wrong password'] };
    if (this.changeBehaviour === 'throw-before-submit') throw new Error('the page broke before the submit');
    const next = await request.chooseNewPassword(this.rules);
    await request.beforeSubmit();
    this.submitted.push(next);
    if (this.refuses?.characters.test(next)) {
      return { outcome: 'unknown', submitted: true, reasons: ['the change form is gone', `but the page says "${this.refuses.message}"`] };
    }
    switch (this.changeBehaviour) {
      case 'reject':
        return { outcome: 'rejected', submitted: true, reasons: ['too weak'] };
      case 'change-then-throw':
        this.password = next;
        throw new Error('timed out waiting for the answer');
      case 'change-then-unknown':
        this.password = next;
        return { outcome: 'unknown', submitted: true, reasons: ['500'] };
      default:
        this.password = next;
        return { outcome: 'changed', submitted: true, reasons: ['ok'] };
    }
  }

  async tryLogin({ password }: { password: string }): Promise<LoginProbe> {
    this.logins.push(password);
    if (this.loginAnswers) return this.loginAnswers;
    return password === this.password ? 'success' : 'failure';
  }
}
