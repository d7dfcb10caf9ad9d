// Add or edit a rotation policy in a Radix dialog: a name, one trigger (every N days / weeks /
// months from a start date inside a time window; N hours after each automated login; events)
// and a scope (every account, or chosen accounts, tags and apps). While the person types, the
// main process previews what the policy would cover and when it would run, or says what to
// change; the same check refuses a save.
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { PolicyAccountView, PolicyPreview, PolicyRequestInput, PolicyView } from '../../../main/ipc/contract/policies';
import { messageOf, tessera, unwrap } from '../api';
import { Field } from './Field';
import { useReturnFocus } from './use-return-focus';
import { formatRunTime } from '../policies/policy-text';
import { DialogClose } from './DialogClose';

type TriggerType = PolicyRequestInput['trigger']['type'];
type Unit = 'days' | 'weeks' | 'months';
type EventName = 'member_removed' | 'universal_logout' | 'deprovisioning' | 'link_expired';

const EVENTS: ReadonlyArray<{ id: EventName; label: string }> = [
  { id: 'member_removed', label: 'A member is removed from the team' },
  { id: 'universal_logout', label: 'A Universal Logout is requested' },
  { id: 'deprovisioning', label: 'A person is deprovisioned' },
  { id: 'link_expired', label: 'A share link ends after someone opened it (expired, used, revoked)' },
];

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  editing: PolicyView | null;
  /** The accounts a policy may name (the person's own). */
  accounts: readonly PolicyAccountView[];
  onSaved: (policy: PolicyView) => void;
};

const splitList = (text: string) => text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
const pad = (n: number) => String(n).padStart(2, '0');
const dateInputValue = (at: number) => {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
/** The start date at the window's opening hour (or midnight), local time. */
function startAtFrom(date: string, hour: number): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), hour % 24).getTime();
}
/** The chosen start, or (when it has passed) the same hour on the first day still ahead. */
export function firstRunFrom(start: number, now: number): number {
  const next = new Date(start);
  while (next.getTime() <= now) next.setDate(next.getDate() + 1);
  return next.getTime();
}
/** A number field's value: NaN when empty or not a whole number, so the main process names the problem. */
const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : Number.NaN);

export function PolicyFormDialog({ open, onOpenChange, editing, accounts, onSaved }: Props) {
  const returnFocus = useReturnFocus(open);
  const ids = useId();
  const [name, setName] = useState('');
  const [type, setType] = useState<TriggerType>('interval');
  const [every, setEvery] = useState('30');
  const [unit, setUnit] = useState<Unit>('days');
  const [startDate, setStartDate] = useState('');
  const [useWindow, setUseWindow] = useState(false);
  const [windowStart, setWindowStart] = useState('22');
  const [windowEnd, setWindowEnd] = useState('6');
  const [hours, setHours] = useState('12');
  const [events, setEvents] = useState<EventName[]>([]);
  const [everyAccount, setEveryAccount] = useState(true);
  const [accountIds, setAccountIds] = useState<string[]>([]);
  const [tags, setTags] = useState('');
  const [hosts, setHosts] = useState('');
  const [preview, setPreview] = useState<{ value?: PolicyPreview; problem?: string } | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    const schedule = editing?.schedule;
    setName(editing?.name ?? '');
    setType(schedule?.type ?? 'interval');
    setEvery(schedule?.type === 'interval' ? String(schedule.every) : '30');
    setUnit(schedule?.type === 'interval' ? schedule.unit : 'days');
    setStartDate(dateInputValue(schedule?.type === 'interval' ? schedule.startAt : Date.now()));
    setUseWindow(schedule?.type === 'interval' && schedule.window !== undefined);
    setWindowStart(schedule?.type === 'interval' && schedule.window ? String(schedule.window.startHour) : '22');
    setWindowEnd(schedule?.type === 'interval' && schedule.window ? String(schedule.window.endHour) : '6');
    setHours(schedule?.type === 'after-login' ? String(schedule.hours) : '12');
    // A new policy starts with share links ticked: a link someone opened leaves the password with them.
    setEvents(schedule?.type === 'event' ? [...schedule.events] : editing ? [] : ['link_expired']);
    const scope = editing?.scope;
    setEveryAccount(!scope || scope.accountIds.length + scope.tags.length + scope.hosts.length === 0);
    setAccountIds(scope ? [...scope.accountIds] : []);
    setTags(scope?.tags.join(', ') ?? '');
    setHosts(scope?.hosts.join(', ') ?? '');
    setNameError(null);
    setError(null);
    setPreview(null);
  }, [open, editing]);

  const request = useMemo((): PolicyRequestInput | null => {
    let trigger: PolicyRequestInput['trigger'];
    if (type === 'interval') {
      const startHour = useWindow ? whole(windowStart) : 0;
      const chosenStart = startAtFrom(startDate, Number.isNaN(startHour) ? 0 : startHour);
      if (chosenStart === null) return null;
      // A first run in the past would run at once: the first run is the next window instead.
      const startAt = editing ? chosenStart : firstRunFrom(chosenStart, Date.now());
      trigger = { type, every: whole(every), unit, startAt, ...(useWindow ? { window: { startHour, endHour: whole(windowEnd) } } : {}) };
    } else if (type === 'after-login') {
      trigger = { type, hours: whole(hours) };
    } else {
      trigger = { type, events };
    }
    if (Object.values(trigger).some((v) => typeof v === 'number' && Number.isNaN(v)) || (trigger.type === 'interval' && trigger.window && [trigger.window.startHour, trigger.window.endHour].some(Number.isNaN))) return null;
    const scope = everyAccount ? {} : { accountIds, tags: splitList(tags), hosts: splitList(hosts) };
    return { name: name.trim() || 'Untitled', trigger, scope };
  }, [type, every, unit, startDate, useWindow, windowStart, windowEnd, hours, events, everyAccount, accountIds, tags, hosts, name, editing]);

  // What the policy would do, as the person types (the main process checks it).
  useEffect(() => {
    if (!open) return;
    if (!request) {
      setPreview({ problem: 'Enter whole numbers and a start date to see when this policy runs.' });
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void unwrap(tessera().policies.preview(request)).then(
        (value) => current && setPreview({ value }),
        (e) => current && setPreview({ problem: messageOf(e) }),
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [open, request]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!name.trim()) {
      setNameError('Give the policy a name, e.g. "Vendors monthly".');
      return;
    }
    setNameError(null);
    if (!request) {
      setError('Enter whole numbers and a start date, then save again.');
      return;
    }
    setBusy(true);
    try {
      const saved = editing
        ? await unwrap(tessera().policies.update({ id: editing.id, policy: { ...request, name } }))
        : await unwrap(tessera().policies.add({ ...request, name }));
      onOpenChange(false);
      onSaved(saved);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog wide" onCloseAutoFocus={returnFocus} aria-describedby={`${ids}-desc`}>
          <Dialog.Title>{editing ? `Edit ${editing.name}` : 'Add a rotation policy'}</Dialog.Title>
          <p id={`${ids}-desc`} className="muted">A policy only plans rotations; jobs on accounts in this vault still wait for your approval.</p>
          <form onSubmit={(e) => void submit(e)} noValidate>
            <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} error={nameError} maxLength={200} />

            <fieldset className="radio-group">
              <legend>When</legend>
              <label className="checkbox inline"><input type="radio" name={`${ids}-type`} checked={type === 'interval'} onChange={() => setType('interval')} />On a schedule</label>
              <label className="checkbox inline"><input type="radio" name={`${ids}-type`} checked={type === 'after-login'} onChange={() => setType('after-login')} />Some hours after each automated login</label>
              <label className="checkbox inline"><input type="radio" name={`${ids}-type`} checked={type === 'event'} onChange={() => setType('event')} />When something happens</label>
            </fieldset>

            {type === 'interval' && (
              <div className="card">
                <div className="button-row">
                  <Field label="Every" type="number" inputMode="numeric" min={1} max={1000} value={every} onChange={(e) => setEvery(e.target.value)} />
                  <div className="field">
                    <label htmlFor={`${ids}-unit`}>Unit</label>
                    <select id={`${ids}-unit`} value={unit} onChange={(e) => setUnit(e.target.value as Unit)}>
                      <option value="days">days</option>
                      <option value="weeks">weeks</option>
                      <option value="months">months</option>
                    </select>
                  </div>
                  <Field label="Starting" type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
                </div>
                <label className="checkbox"><input type="checkbox" checked={useWindow} onChange={(e) => setUseWindow(e.target.checked)} />Only within a time window</label>
                {useWindow && (
                  <div className="button-row">
                    <Field label="From hour" type="number" inputMode="numeric" min={0} max={24} value={windowStart} onChange={(e) => setWindowStart(e.target.value)} />
                    <Field label="Until hour" type="number" inputMode="numeric" min={0} max={24} value={windowEnd} onChange={(e) => setWindowEnd(e.target.value)}
                      hint="Local time, 0–24; 22 until 6 runs at night." />
                  </div>
                )}
              </div>
            )}
            {type === 'after-login' && (
              <div className="card">
                <Field label="Hours after a login" type="number" inputMode="numeric" min={1} max={48} value={hours} onChange={(e) => setHours(e.target.value)}
                  hint="1 to 48 hours (2 days). A password that was just used by automation is changed soon after." />
              </div>
            )}
            {type === 'event' && (
              <fieldset className="card radio-group">
                <legend>Rotate when</legend>
                {EVENTS.map((item) => (
                  <label key={item.id} className="checkbox inline">
                    <input type="checkbox" checked={events.includes(item.id)} onChange={(e) => setEvents(toggle(events, item.id, e.target.checked))} />
                    {item.label}
                  </label>
                ))}
              </fieldset>
            )}

            <fieldset className="radio-group">
              <legend>Which accounts</legend>
              <label className="checkbox inline"><input type="radio" name={`${ids}-scope`} checked={everyAccount} onChange={() => setEveryAccount(true)} />Every account you own</label>
              <label className="checkbox inline"><input type="radio" name={`${ids}-scope`} checked={!everyAccount} onChange={() => setEveryAccount(false)} />Chosen accounts, tags or apps</label>
            </fieldset>
            {!everyAccount && (
              <div className="card">
                <fieldset className="radio-group">
                  <legend>Accounts</legend>
                  {accounts.length === 0 && <p className="muted">You own no accounts yet; choose tags or apps instead.</p>}
                  {accounts.map((account) => (
                    <label key={account.id} className="checkbox inline">
                      <input type="checkbox" checked={accountIds.includes(account.id)} onChange={(e) => setAccountIds(toggle(accountIds, account.id, e.target.checked))} />
                      {account.name}{account.site ? <span className="muted"> · {account.site}</span> : null}
                    </label>
                  ))}
                </fieldset>
                <Field label="Tags" value={tags} onChange={(e) => setTags(e.target.value)} hint="Comma-separated, e.g. vendors, finance." />
                <Field label="Apps" value={hosts} onChange={(e) => setHosts(e.target.value)} hint="Site hosts, comma-separated; github.com also covers its subdomains." />
              </div>
            )}

            <section aria-label="Preview" aria-live="polite" data-testid="policy-preview">
              {preview?.problem && <p className="form-error">{preview.problem}</p>}
              {preview?.value && (
                <p className="notice">
                  Runs {preview.value.description}; covers {preview.value.covers} account{preview.value.covers === 1 ? '' : 's'}.
                  {preview.value.nextRuns.length > 0 && <> Next: {preview.value.nextRuns.map(formatRunTime).join(' · ')}.</>}
                </p>
              )}
            </section>
            {error && <p className="form-error" role="alert">{error}</p>}
            <div className="dialog-actions">
              <Dialog.Close asChild><button type="button">Cancel</button></Dialog.Close>
              <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : editing ? 'Save policy' : 'Add policy'}</button>
            </div>
          </form>
          <DialogClose />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
