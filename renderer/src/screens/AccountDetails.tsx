// The account page, most used first: credentials (reveal and copy, clipboard auto-clear, the
// live TOTP), then the security level with one button per missing milestone, then automated
// login, MFA, inbox, rotation, sharing, password history and activity as collapsible sections
// (history and activity start closed). A milestone action opens the section it needs.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccountView, SecretFieldName } from '../../../main/ipc/contract/accounts';
import type { AccountMilestones } from '../../../main/ipc/contract/milestones';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { TotpCode } from '../components/TotpCode';
import { MilestonesPanel } from '../components/MilestonesPanel';
import { AutomationRunPanel } from '../components/AutomationRunPanel';
import { MfaPanel } from '../components/MfaPanel';
import { AccountAuditPanel } from '../components/AccountAuditPanel';
import { InboxPanel } from '../components/InboxPanel';
import { RotationPanel } from '../components/RotationPanel';
import { SecretConflictPanel } from '../components/SecretConflictPanel';
import { AccountSharingPanel } from '../sharing/AccountSharingPanel';
import { ShareLinkPanel } from '../sharing/ShareLinkPanel';
import type { FormFocus } from '../components/AccountFormDialog';
import { CollapsibleSection } from '../components/CollapsibleSection';
import type { SectionId } from '../components/MilestonesPanel';
import { formatDateTime } from '../format';
import { CHECKING_POLL_MS } from '../accounts/checking-poll';

export type Notice = { kind: 'info' | 'error'; text: string } | null;

export function AccountDetails({ id, onChanged, onNotice, onEdit, focusTitle = false, onTitleFocused }: {
  id: string;
  /** Move focus to the title once the account is shown (Enter in the list). */
  focusTitle?: boolean;
  onTitleFocused?: () => void;
  onChanged: () => Promise<void>;
  onNotice: (notice: Notice) => void;
  onEdit: (view: AccountView, focus: FormFocus) => void;
}) {
  const [view, setView] = useState<AccountView | null>(null);
  const [milestones, setMilestones] = useState<AccountMilestones | null>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [history, setHistory] = useState<Array<{ index: number; changedAt: number; reason: string }>>([]);
  const [openSections, setOpenSections] = useState<ReadonlySet<SectionId>>(() => new Set<SectionId>(['automation', 'mfa', 'inbox', 'rotation', 'sharing']));
  const [focusSection, setFocusSection] = useState<{ id: SectionId; seq: number } | null>(null);
  const setSectionOpen = useCallback((section: SectionId, open: boolean) => {
    setOpenSections((current) => {
      const next = new Set(current);
      if (open) next.add(section);
      else next.delete(section);
      return next;
    });
  }, []);
  const openSection = useCallback((section: SectionId) => {
    setSectionOpen(section, true);
    setFocusSection((f) => ({ id: section, seq: (f?.seq ?? 0) + 1 }));
  }, [setSectionOpen]);

  const load = useCallback(async () => {
    try {
      const account = await unwrap(tessera().accounts.get({ id }));
      setView(account);
      setHistory(await unwrap(tessera().accounts.history({ id })));
      setMilestones(account.deletedAt === null ? await unwrap(tessera().milestones.forAccount({ id })) : null);
    } catch (e) {
      onNotice({ kind: 'error', text: messageOf(e) });
    }
  }, [id, onNotice]);

  useEffect(() => {
    void load();
  }, [load]);
  // The password's strength and reuse are checked in the background: ask again until they are known.
  const checking = milestones?.milestones.some((m) => m.status === 'pending') ?? false;
  useEffect(() => {
    if (!checking) return;
    const timer = setTimeout(() => {
      unwrap(tessera().milestones.forAccount({ id })).then(setMilestones, () => undefined);
    }, CHECKING_POLL_MS);
    return () => clearTimeout(timer);
  }, [checking, milestones, id]);
  // A first message at the managed address confirms it (milestone 2): show that when it arrives.
  useEffect(() => tessera().on('inbox.message', (arrived) => {
    if (arrived.accountIds.includes(id)) void load();
  }), [id, load]);
  // Grants made on other devices (a co-owner sharing it, a member removed) change milestone 4.
  useEffect(() => tessera().on('sharing.accounts', () => void load()), [load]);

  const titleRef = useRef<HTMLHeadingElement>(null);
  const shown = view !== null;
  useEffect(() => {
    if (!focusTitle || !shown) return;
    titleRef.current?.focus();
    onTitleFocused?.();
  }, [focusTitle, shown, onTitleFocused]);

  async function copy(field: SecretFieldName | 'username' | 'totpCode', what: string) {
    try {
      const { clearsInSeconds } = await unwrap(tessera().accounts.copy({ id, field }));
      onNotice({ kind: 'info', text: `${what} copied. The clipboard clears in ${clearsInSeconds} s.` });
    } catch (e) {
      onNotice({ kind: 'error', text: messageOf(e) });
    }
  }

  async function toggleReveal() {
    if (revealed !== null) return setRevealed(null);
    try {
      setRevealed((await unwrap(tessera().accounts.reveal({ id, field: 'password' }))).value);
    } catch (e) {
      onNotice({ kind: 'error', text: messageOf(e) });
    }
  }

  /** After a run or an action: this page and the list (its level badge) both update. */
  const reloadAll = useCallback(async () => {
    await load();
    await onChanged();
  }, [load, onChanged]);

  if (!view) return <p className="muted">Loading…</p>;
  const deleted = view.deletedAt !== null;
  // A Collaborator logs in through automation; the app offers no way to see the password.
  const collaborator = view.role === 'collaborator';

  return (
    <article className="account-details" aria-labelledby="account-title">
      <header className="details-header">
        <h1 id="account-title" tabIndex={-1} ref={titleRef}>{view.name}</h1>
        <div className="details-actions">
          {deleted ? (
            <button type="button" className="primary" onClick={async () => {
              try {
                await unwrap(tessera().accounts.restore({ id }));
                onNotice({ kind: 'info', text: `${view.name} was restored.` });
                await onChanged();
              } catch (e) {
                onNotice({ kind: 'error', text: messageOf(e) });
              }
            }}>Restore</button>
          ) : collaborator ? null : (
            <>
              <button type="button" onClick={() => onEdit(view, null)}>Edit</button>
              <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>Delete</button>
            </>
          )}
        </div>
      </header>
      {deleted && <p className="notice">Deleted. It can be restored for 30 days after deletion.</p>}
      {collaborator && (
        <p className="notice" data-testid="collaborator-notice">
          Collaborators can log in with this account but cannot see its password. Tessera enforces this in the app; it is not a cryptographic guarantee.
        </p>
      )}
      {view.deletedAt === null && !collaborator && <SecretConflictPanel accountId={id} onResolved={() => void load()} />}
      <h2>Credentials</h2>
      <dl className="details-grid">
        <dt>Website</dt>
        <dd>{view.urls.length ? view.urls.map((u) => <div key={u}>{u}</div>) : <span className="muted">—</span>}</dd>
        {view.allowedOrigins.length > 0 && (<>
          <dt>Also typed on</dt>
          <dd>
            {view.allowedOrigins.map((o) => <div key={o}>{o}{o.startsWith('http://') ? <span className="warning-text"> — unencrypted</span> : null}</div>)}
            <span className="hint">Tessera types this account’s password and codes on these sites too.</span>
          </dd>
        </>)}
        <dt>Username</dt>
        <dd>
          <span data-testid="username">{view.username || <span className="muted">—</span>}</span>
          {view.username && <button type="button" onClick={() => copy('username', 'Username')} aria-label="Copy username">Copy</button>}
        </dd>
        <dt>Password</dt>
        <dd>
          {view.hasPassword && collaborator ? (
            <span className="secret" data-testid="password-value">••••••••••••</span>
          ) : view.hasPassword ? (
            <>
              <span className="secret" data-testid="password-value">{revealed ?? '••••••••••••'}</span>
              <button type="button" onClick={toggleReveal} aria-pressed={revealed !== null}>{revealed !== null ? 'Hide' : 'Reveal'}</button>
              <button type="button" onClick={() => copy('password', 'Password')} aria-label="Copy password">Copy</button>
            </>
          ) : <span className="muted">No password stored</span>}
        </dd>
        <dt>One-time code</dt>
        <dd>{view.totp ? <TotpCode accountId={id} onCopy={() => copy('totpCode', 'Code')} /> : <span className="muted">No TOTP set up</span>}</dd>
        <dt>Managed email</dt>
        <dd>{view.managedEmail || <span className="muted">Not managed</span>}</dd>
        <dt>Managed phone</dt>
        <dd>{view.managedPhone || <span className="muted">Not managed</span>}</dd>
        <dt>Tags</dt>
        <dd>{view.tags.length ? view.tags.map((t) => <span className="tag" key={t}>{t}</span>) : <span className="muted">—</span>}</dd>
        {view.notes && (<><dt>Notes</dt><dd className="notes">{view.notes}</dd></>)}
      </dl>
      {milestones && !collaborator && (
        <MilestonesPanel accountId={id} accountName={view.name} milestones={milestones}
          onSetContact={() => onEdit(view, 'managedEmail')} onOpenSection={openSection} onChanged={reloadAll} />
      )}
      {view.deletedAt === null && (
        <CollapsibleSection id="automation" title="Automated login" open={openSections.has('automation')} onOpenChange={setSectionOpen} focus={focusSection}>
          <AutomationRunPanel accountId={id} onFinished={() => void reloadAll()} evidence={!collaborator} />
        </CollapsibleSection>
      )}
      {view.deletedAt === null && !collaborator && (
        <CollapsibleSection id="mfa" title="Two-factor authentication" open={openSections.has('mfa')} onOpenChange={setSectionOpen} focus={focusSection}>
          <MfaPanel accountId={id} onChanged={() => void reloadAll()} />
        </CollapsibleSection>
      )}
      {view.deletedAt === null && (
        <CollapsibleSection id="inbox" title="Inbox" open={openSections.has('inbox')} onOpenChange={setSectionOpen} focus={focusSection}>
          <InboxPanel accountId={id} onChanged={() => void reloadAll()} />
        </CollapsibleSection>
      )}
      {view.deletedAt === null && !collaborator && (
        <CollapsibleSection id="rotation" title="Password rotation" open={openSections.has('rotation')} onOpenChange={setSectionOpen} focus={focusSection}>
          <RotationPanel accountId={id} accountName={view.name} site={view.urls[0] ?? ''} onFinished={reloadAll} />
        </CollapsibleSection>
      )}
      {view.deletedAt === null && (
        <CollapsibleSection id="sharing" title="Sharing" open={openSections.has('sharing')} onOpenChange={setSectionOpen} focus={focusSection}>
          <AccountSharingPanel accountId={id} isOwner={!collaborator} onChanged={() => void reloadAll()} />
          {!collaborator && <ShareLinkPanel accountId={id} accountName={view.name} />}
        </CollapsibleSection>
      )}
      <CollapsibleSection id="history" title="Password history" open={openSections.has('history')} onOpenChange={setSectionOpen} focus={focusSection}>
        {history.length === 0 ? <p className="muted">The password has not changed since the account was added.</p> : (
          <ul className="history">
            {history.map((h) => (
              <li key={h.index}>
                {formatDateTime(h.changedAt)} — {h.reason}
                {!collaborator && <HistoryValue accountId={id} index={h.index} onError={(text) => onNotice({ kind: 'error', text })} />}
              </li>
            ))}
          </ul>
        )}
      </CollapsibleSection>
      <CollapsibleSection id="activity" title="Activity" open={openSections.has('activity')} onOpenChange={setSectionOpen} focus={focusSection}>
        <AccountAuditPanel key={`audit-${view.version}`} accountId={id} />
      </CollapsibleSection>
      <ConfirmDialog open={confirmDelete} onOpenChange={setConfirmDelete} title={`Delete ${view.name}?`} confirmLabel="Delete" danger
        onConfirm={async () => {
          setConfirmDelete(false);
          try {
            await unwrap(tessera().accounts.delete({ id }));
            onNotice({ kind: 'info', text: `${view.name} moved to Recently deleted. You can restore it for 30 days.` });
            await onChanged();
          } catch (e) {
            onNotice({ kind: 'error', text: messageOf(e) });
          }
        }}>
        <p>It moves to “Recently deleted” and can be restored for 30 days.</p>
      </ConfirmDialog>
    </article>
  );
}

/** An old password, revealed on request (audited) for Owners. */
function HistoryValue({ accountId, index, onError }: { accountId: string; index: number; onError: (text: string) => void }) {
  const [value, setValue] = useState<string | null>(null);
  return (
    <>
      {value !== null && <span className="secret history-value"> {value}</span>}
      <button type="button" className="inline" aria-label={value === null ? `Reveal old password ${index + 1}` : `Hide old password ${index + 1}`}
        onClick={async () => {
          if (value !== null) return setValue(null);
          try {
            setValue((await unwrap(tessera().accounts.revealHistory({ id: accountId, index }))).value);
          } catch (e) {
            onError(messageOf(e));
          }
        }}>{value === null ? 'Reveal' : 'Hide'}</button>
    </>
  );
}
