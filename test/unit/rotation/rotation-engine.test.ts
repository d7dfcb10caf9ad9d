import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { RotationEngine, type RotationProgress } from '../../../main/rotation/rotation-engine';
import { recoverRotations } from '../../../main/rotation/rotation-recovery';
import type { RotationState } from '../../../main/rotation/rotation-states';
import { createTestVault, openTestVault, PASSWORD } from '../vault/helpers';
import { scanFilesForSecrets, vaultFiles } from '../vault/secret-scan';
import { MemorySite } from './memory-site';

const OLD = 'Old-Password-For-Rotation-1';

async function setup() {
  const { vault, path } = await createTestVault();
  const { id } = vault.accounts.create({ name: 'Portal', urls: ['https://portal.example.test/login'], username: 'ada', password: OLD });
  const site = new MemorySite(OLD);
  const progress: RotationProgress[] = [];
  const engine = new RotationEngine({ vault, site, onProgress: (event) => progress.push(event) });
  return { vault, path, id, site, engine, progress };
}

function auditKinds(vault: Awaited<ReturnType<typeof setup>>['vault'], id: string): string[] {
  return vault.audit.entries().filter((e) => e.accountId === id && e.kind.startsWith('rotation.')).map((e) => e.kind);
}

describe('rotation engine', () => {
  it('commits a verified new password and moves the old one to history with reason rotation', async () => {
    const { vault, id, site, engine } = await setup();
    const result = await engine.rotate(id);
    expect(result).toMatchObject({ state: 'COMMITTED', outcome: 'rotated' });
    const account = vault.accounts.get(id);
    expect(account.password).toBe(site.password);
    expect(account.password).not.toBe(OLD);
    expect(vault.accounts.passwordHistory(id)).toEqual([expect.objectContaining({ password: OLD, reason: 'rotation' })]);
    expect(auditKinds(vault, id)).toEqual(['rotation.prepare', 'rotation.login_old', 'rotation.in_doubt', 'rotation.verify_new', 'rotation.committed']);
    expect(vault.audit.verify().ok).toBe(true);
    // Finished entries drop the candidates: the item and its history hold them.
    expect(engine.journal.get(result.rotationId).data).toMatchObject({ oldPassword: null, newPassword: null });
  });

  it('publishes the submitted candidate once IN_DOUBT is durable and before the site sees it; a failed publish does not stop the rotation', async () => {
    const { vault, id, site } = await setup();
    const seen: { state: string | undefined; candidate: string | undefined; siteSubmissions: number }[] = [];
    const engine = new RotationEngine({
      vault,
      site,
      publishCandidate: async ({ accountId, rotationId }) => {
        const submitted = new RotationEngine({ vault, site }).journal.submitted(accountId);
        seen.push({ state: engine.journal.get(rotationId).state, candidate: submitted?.newPassword, siteSubmissions: site.submitted.length });
        throw new Error('the relay is down');
      },
    });
    const result = await engine.rotate(id);
    expect(result.state).toBe('COMMITTED');
    expect(seen).toEqual([{ state: 'IN_DOUBT', candidate: site.password, siteSubmissions: 0 }]);
    // Settled: no candidate is left for anyone to find.
    expect(engine.journal.submitted(id)).toBeUndefined();
  });

  it('keeps the old password when the site rejects the new one', async () => {
    const { vault, id, site, engine } = await setup();
    site.changeBehaviour = 'reject';
    const result = await engine.rotate(id);
    expect(result).toMatchObject({ state: 'ROLLED_BACK', outcome: 'unchanged' });
    expect(vault.accounts.get(id).password).toBe(OLD);
    expect(site.logins).toEqual([OLD]);
  });

  it('commits when the site stored the change but the answer never came', async () => {
    const { vault, id, site, engine } = await setup();
    site.changeBehaviour = 'change-then-throw';
    const result = await engine.rotate(id);
    expect(result.state).toBe('COMMITTED');
    expect(vault.accounts.get(id).password).toBe(site.password);
    expect(result.reasons[0]).toContain('timed out');
  });

  it('aborts without touching anything when the flow fails before the submit', async () => {
    const { vault, id, site, engine } = await setup();
    site.changeBehaviour = 'throw-before-submit';
    const result = await engine.rotate(id);
    expect(result.state).toBe('ABORTED');
    expect(vault.accounts.get(id).password).toBe(OLD);
    expect(site.logins).toEqual([]);
  });

  it('flags RECONCILE with both candidates kept when neither password logs in, and refuses a new rotation until resolved', async () => {
    const { vault, id, site, engine } = await setup();
    site.loginAnswers = 'unknown';
    const result = await engine.rotate(id);
    expect(result).toMatchObject({ state: 'RECONCILE', outcome: 'reconcile' });
    const entry = engine.journal.get(result.rotationId);
    expect(entry.data.oldPassword).toBe(OLD);
    expect(entry.data.newPassword).toBe(site.password);
    expect(vault.accounts.get(id).password).toBe(OLD);
    await expect(engine.rotate(id)).rejects.toMatchObject({ code: 'ROTATION_IN_PROGRESS' });
  });

  it('replaces a candidate the page\'s rules forbid, and journals the replacement before the submit', async () => {
    const { vault, id, site, engine } = await setup();
    site.rules = { passwordRulesAttribute: 'minlength: 10; maxlength: 12; required: digit; allowed: lower;', field: { maxLength: 12 } };
    const result = await engine.rotate(id);
    expect(result.state).toBe('COMMITTED');
    expect(site.password).toMatch(/^[a-z0-9]{10,12}$/);
    expect(vault.accounts.get(id).password).toBe(site.password);
    expect(auditKinds(vault, id).slice(0, 4)).toEqual(['rotation.prepare', 'rotation.login_old', 'rotation.login_old', 'rotation.in_doubt']);
  });

  it('tries once more, without the characters the site named, when it refused some (WordPress and "\\")', async () => {
    const { vault, id, site, engine } = await setup();
    site.rules = { passwordRulesAttribute: 'allowed: lower, [#%]; minlength: 20; maxlength: 20', field: {} };
    site.refuses = { characters: /[#%]/, message: 'Error: Passwords may not contain the characters "#" or "%". | Log Out Everywhere Else' };
    const result = await engine.rotate(id);
    expect(result).toMatchObject({ state: 'COMMITTED', outcome: 'rotated' });
    expect(site.submitted).toHaveLength(2);
    expect(site.submitted[0]).toMatch(/[#%]/);
    expect(site.password).toMatch(/^[a-z]{20}$/);
    expect(vault.accounts.get(id).password).toBe(site.password);
    expect(result.reasons[0]).toMatch(/^second try: the site refused the characters # % in rotation /);
    const entries = engine.journal.forAccount(id);
    expect(entries.map((entry) => entry.state)).toEqual(['ROLLED_BACK', 'COMMITTED']);
  });

  it('tries once more with letters, digits and - _ . only when the site refused "invalid characters" without naming them', async () => {
    const { id, site, engine } = await setup();
    site.refuses = { characters: /[^A-Za-z0-9._-]/, message: 'Your password contains invalid characters.' };
    const result = await engine.rotate(id);
    expect(result.state).toBe('COMMITTED');
    expect(site.password).toMatch(/^[A-Za-z0-9._-]{64}$/);
    expect(result.reasons[0]).toContain('the site refused its symbols');
  });

  it('tries once more at the length the site said, when it refused a longer password (Django: "at most N characters")', async () => {
    const { id, site, engine } = await setup();
    site.refuses = { characters: /^.{21,}$/, message: 'Ensure this value has at most 20 characters (it has 64).' };
    const result = await engine.rotate(id);
    expect(result.state).toBe('COMMITTED');
    expect(site.submitted.map((password) => password.length)).toEqual([64, 20]);
    expect(result.reasons[0]).toContain('the site refused passwords longer than 20 characters');
  });

  it('tries only once more, and not at all when the message is about something else or does not fit the refused password', async () => {
    const { vault, id, site, engine } = await setup();
    site.refuses = { characters: /[^a-z]/, message: 'Password contains invalid characters.' };
    const result = await engine.rotate(id);
    expect(result).toMatchObject({ state: 'ROLLED_BACK', outcome: 'unchanged' });
    expect(site.submitted).toHaveLength(2);
    expect(site.submitted[1]).toMatch(/^[A-Za-z0-9._-]{64}$/);
    expect(vault.accounts.get(id).password).toBe(OLD);

    for (const message of ['Your new password cannot be the same as a recent one.', 'Ensure this value has at most 100 characters.']) {
      const other = await setup();
      other.site.refuses = { characters: /./, message };
      expect((await other.engine.rotate(other.id)).state).toBe('ROLLED_BACK');
      expect(other.site.submitted).toHaveLength(1);
    }
  });

  it('reports every state change and the steps inside them', async () => {
    const { id, engine, progress } = await setup();
    await engine.rotate(id);
    expect(progress.filter((p) => p.step === undefined).map((p) => p.state)).toEqual(['PREPARE', 'LOGIN_OLD', 'IN_DOUBT', 'VERIFY_NEW', 'COMMITTED']);
    expect(progress.some((p) => p.step === 'login-with-new' && p.status === 'ok')).toBe(true);
  });

  it('never writes a candidate password to disk in the clear, in the journal or anywhere else', async () => {
    const { path, id, site, engine } = await setup();
    site.loginAnswers = 'unknown';
    const candidates: string[] = [];
    const spy = new RotationEngine({
      vault: (engine as unknown as { options: { vault: never } }).options.vault,
      site,
      afterTransition: () => {
        const pending = engine.journal.forAccount(id).at(-1)?.data.newPassword;
        if (pending) candidates.push(pending);
      },
    });
    await spy.rotate(id);
    expect(candidates.length).toBeGreaterThan(0);
    expect(scanFilesForSecrets(vaultFiles(path), [OLD, ...candidates])).toEqual([]);
  });
});

describe('start-up recovery', () => {
  async function interruptAt(state: RotationState | 'COMMITTING', mutate: (site: MemorySite) => void = () => undefined) {
    const { vault, path, id, site } = await setup();
    mutate(site);
    // "Dies" by never going on once the state is durable; the vault is then closed under it.
    let died!: () => void;
    const death = new Promise<void>((resolve) => (died = resolve));
    const dying = new RotationEngine({
      vault,
      site,
      // A process of this host that no longer exists: its lease must not block recovery.
      owner: `${hostname()}:999999:dead`,
      afterTransition: (reached) => {
        if (reached !== state) return;
        died();
        return new Promise<never>(() => undefined);
      },
    });
    void dying.rotate(id);
    await death;
    vault.close();
    const reopened = openTestVault(path);
    await reopened.unlock(PASSWORD);
    const engine = new RotationEngine({ vault: reopened, site });
    const report = await recoverRotations(engine, reopened);
    return { vault: reopened, id, site, report };
  }

  it('aborts a rotation interrupted before the submit; the old password stays', async () => {
    const { vault, id, site, report } = await interruptAt('LOGIN_OLD');
    expect(report.recovered.map((r) => r.state)).toEqual(['ABORTED']);
    expect(vault.accounts.get(id).password).toBe(OLD);
    expect(site.logins).toEqual([]);
  });

  it('rolls back an in-doubt rotation that died before its submit, after trying the new password first', async () => {
    const { vault, id, site, report } = await interruptAt('IN_DOUBT');
    expect(report.recovered.map((r) => r.state)).toEqual(['ROLLED_BACK']);
    expect(site.logins).toEqual([expect.not.stringMatching(OLD), OLD]);
    expect(vault.accounts.get(id).password).toBe(OLD);
  });

  it('commits a rotation that died while verifying a new password the site took', async () => {
    const { vault, id, site, report } = await interruptAt('VERIFY_NEW');
    expect(report.recovered.map((r) => r.state)).toEqual(['COMMITTED']);
    expect(vault.accounts.get(id).password).toBe(site.password);
    expect(site.password).not.toBe(OLD);
  });

  it('finishes a commit interrupted between the vault update and the journal', async () => {
    const { vault, id, site, report } = await interruptAt('COMMITTING');
    expect(report.recovered.map((r) => r.state)).toEqual(['COMMITTED']);
    expect(vault.accounts.get(id).password).toBe(site.password);
    expect(vault.accounts.passwordHistory(id).map((h) => h.reason)).toEqual(['rotation']);
  });
});
