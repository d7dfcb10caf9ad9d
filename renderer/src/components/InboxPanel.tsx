// The managed inbox in the app. `InboxPanel` sits on the account page: the account's alias
// and "Use managed email", then the messages routed to it (codes up front). `TeamInbox` is
// the team's whole inbox with the mailbox connection and the optional Twilio account for SMS
// codes (each tested before it is saved; the password and auth token go to the vault and never
// come back), and `TeamInboxButton` opens it from the app frame. The account's panel also says
// how its SMS codes arrive and can make a team Twilio number its managed phone.
// Both refresh when `inbox.message` says new mail arrived. Message text is shown as text only.
import * as Dialog from '@radix-ui/react-dialog';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { InboxMessageDetail, InboxMessageSummary, InboxServiceStatus, SmsRoute } from '../../../main/ipc/contract/inbox';
import { messageOf, tessera, unwrap } from '../api';
import { useReturnFocus } from './use-return-focus';
import { formatDateTime } from '../format';
import { DialogClose } from './DialogClose';
import { Select } from './Select';

const CATEGORY_LABEL: Record<InboxMessageSummary['category'], string> = {
  verification_code: 'Code',
  security_alert: 'Security alert',
  recovery: 'Recovery',
  other: 'Other',
};

function MessageList({ messages, onOpen, label }: { messages: InboxMessageSummary[]; onOpen: (id: string) => void; label: string }) {
  if (messages.length === 0) return <p className="muted">No messages yet.</p>;
  return (
    <ul className="history inbox-messages" aria-label={label} data-testid="inbox-messages">
      {messages.map((m) => (
        <li key={m.id}>
          <button type="button" className="link" onClick={() => onOpen(m.id)}>
            {m.kind === 'sms' && <span className="tag" data-testid="inbox-sms">SMS</span>}{' '}
            {formatDateTime(m.receivedAt)} — {CATEGORY_LABEL[m.category]} — {m.kind === 'sms' ? `text from ${m.from}` : `${m.fromName ?? m.from}: ${m.subject || '(no subject)'}`}
          </button>
          {m.code && <span className="secret inbox-code" data-testid="inbox-code"> {m.code}</span>}
        </li>
      ))}
    </ul>
  );
}

function MessageView({ message, onClose }: { message: InboxMessageDetail; onClose: () => void }) {
  return (
    <div className="card inbox-message" data-testid="inbox-message">
      <h3>{message.kind === 'sms' ? `SMS from ${message.from}` : message.subject || '(no subject)'}</h3>
      <p className="muted">From {message.fromName ? `${message.fromName} <${message.from}>` : message.from} to {message.to.join(', ')}, {formatDateTime(message.receivedAt)}</p>
      {message.notes.map((note) => <p key={note} className="hint">{note}</p>)}
      <pre className="notes" style={{ whiteSpace: 'pre-wrap' }}>{message.text}</pre>
      <button type="button" onClick={onClose}>Close message</button>
    </div>
  );
}

function useMessages(accountId: string | undefined) {
  const [messages, setMessages] = useState<InboxMessageSummary[]>([]);
  const [open, setOpen] = useState<InboxMessageDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setMessages((await unwrap(tessera().inbox.list(accountId === undefined ? {} : { id: accountId }))).messages);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [accountId]);
  useEffect(() => {
    void load();
    return tessera().on('inbox.message', (arrived) => {
      if (accountId === undefined || arrived.accountIds.includes(accountId)) void load();
    });
  }, [accountId, load]);
  const show = async (messageId: string) => {
    try {
      setOpen(await unwrap(tessera().inbox.get({ messageId })));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return { messages, open, setOpen, show, error, setError, load };
}

export function InboxPanel({ accountId, onChanged }: { accountId: string; onChanged: () => void }) {
  const { messages, open, setOpen, show, error, setError } = useMessages(accountId);
  const [alias, setAlias] = useState<{ alias: string; inUse: boolean; sms: SmsRoute; teamNumbers: string[] } | null>(null);
  const [teamNumber, setTeamNumber] = useState('');
  const [notConnected, setNotConnected] = useState(false);

  const loadAlias = useCallback(async () => {
    const result = await tessera().inbox.alias({ id: accountId });
    setAlias(result.ok ? result.value : null);
    setNotConnected(!result.ok && result.error.code === 'INBOX_NOT_CONFIGURED');
  }, [accountId]);

  useEffect(() => {
    void loadAlias();
    // A mailbox connected (or disconnected) elsewhere changes what the alias is.
    return tessera().on('inbox.state', () => void loadAlias());
  }, [loadAlias]);

  async function useManagedEmail() {
    try {
      await unwrap(tessera().inbox.useManagedEmail({ id: accountId }));
      await loadAlias();
      onChanged();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function useTeamNumber() {
    try {
      await unwrap(tessera().inbox.useManagedPhone({ id: accountId, phoneNumber: teamNumber || alias!.teamNumbers[0]! }));
      await loadAlias();
      onChanged();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <section className="inbox" aria-labelledby="inbox-title" data-testid="inbox-panel">
      <h2 id="inbox-title">Inbox</h2>
      {notConnected && <p className="muted">No team mailbox is connected. Connect one from “Team inbox” to give this account a managed address.</p>}
      {alias && (
        <p>
          Alias: <span className="secret" data-testid="inbox-alias">{alias.alias}</span>{' '}
          {alias.inUse ? <span className="muted">(its managed email)</span> : <button type="button" onClick={useManagedEmail}>Use managed email</button>}
        </p>
      )}
      {alias && !alias.inUse && <p className="hint">Then change the account's email on the site to this alias, so its codes and alerts reach the team.</p>}
      {alias && (
        <p data-testid="inbox-sms-route">
          SMS codes: {alias.sms === null ? <span className="muted">no managed phone</span>
            : alias.sms.via === 'twilio' ? <>read through Twilio for <span className="secret">{alias.sms.phoneNumber}</span></>
            : <>for <span className="secret">{alias.sms.phoneNumber}</span>, forwarded into the team mailbox</>}
        </p>
      )}
      {alias && alias.sms?.via !== 'twilio' && alias.teamNumbers.length > 0 && (
        <div className="details-actions">
          <Select label="Team Twilio number" inline value={teamNumber || alias.teamNumbers[0]!} onValueChange={setTeamNumber}
            options={alias.teamNumbers.map((number) => ({ value: number, label: number }))} />
          <button type="button" onClick={useTeamNumber}>Use as managed phone</button>
        </div>
      )}
      <MessageList messages={messages} onOpen={show} label="Messages for this account" />
      {open && <MessageView message={open} onClose={() => setOpen(null)} />}
      {error && <p role="alert" className="notice error">{error}</p>}
    </section>
  );
}

const STATE_LABEL: Record<InboxServiceStatus['state'], string> = {
  stopped: 'Not watching',
  connecting: 'Connecting…',
  connected: 'Watching for new mail',
  reconnecting: 'Reconnecting…',
};

type TwilioInput = { accountSid: string; authToken: string; phoneNumbers: string[]; apiBaseUrl?: string };

/** The Twilio part of a form; undefined when its fields are left empty. */
function twilioFromForm(form: FormData): TwilioInput | undefined {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  // Numbers are often written with spaces (+1 555 …): only commas, semicolons and new lines separate them.
  const phoneNumbers = text('twilioNumbers').split(/[,;\n]+/).map((number) => number.trim()).filter(Boolean);
  if (!text('twilioSid') && !form.get('twilioToken') && phoneNumbers.length === 0) return undefined;
  return {
    accountSid: text('twilioSid'),
    authToken: String(form.get('twilioToken') ?? ''),
    phoneNumbers,
    ...(text('twilioApiUrl') ? { apiBaseUrl: text('twilioApiUrl') } : {}),
  };
}

function TwilioFields({ required }: { required: boolean }) {
  return (
    <>
      <label htmlFor="twilio-sid">Twilio Account SID</label><input id="twilio-sid" name="twilioSid" required={required} autoComplete="off" placeholder="AC…" />
      <label htmlFor="twilio-token">Twilio auth token</label><input id="twilio-token" name="twilioToken" type="password" required={required} autoComplete="new-password" />
      <label htmlFor="twilio-numbers">Twilio numbers that receive codes</label>
      <input id="twilio-numbers" name="twilioNumbers" required={required} autoComplete="off" placeholder="+15558675310, +447700900123" aria-describedby="twilio-numbers-hint" />
      <p className="hint" id="twilio-numbers-hint">Separate several numbers with commas. An account whose managed phone is one of them gets its SMS codes through Twilio.</p>
      <label htmlFor="twilio-api-url">Twilio API address (optional)</label>
      <input id="twilio-api-url" name="twilioApiUrl" autoComplete="off" placeholder="https://api.twilio.com" aria-describedby="twilio-api-hint" />
      <p className="hint" id="twilio-api-hint">Only for a regional Twilio edge, such as https://api.dublin.ie1.twilio.com.</p>
    </>
  );
}

function TwilioForm({ onSaved, onCancel }: { onSaved: (status: InboxServiceStatus) => void; onCancel: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // The form replaces the button that opened it: keep the keyboard focus in it.
  useEffect(() => formRef.current?.querySelector('input')?.focus(), []);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const twilio = twilioFromForm(new FormData(event.currentTarget));
    if (!twilio) return setError('Fill in the Account SID, the auth token and at least one number.');
    setBusy(true);
    setError(null);
    try {
      onSaved(await unwrap(tessera().inbox.setTwilio({ twilio })));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form ref={formRef} onSubmit={submit} className="inbox-connect" aria-label="Twilio account for SMS codes">
      <TwilioFields required />
      <p className="hint">Tessera asks Twilio once for recent texts to test these; the auth token is then kept in the vault.</p>
      <div className="details-actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Testing…' : 'Test and save'}</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
      {error && <p role="alert" className="notice error">{error}</p>}
    </form>
  );
}

const SECURITY_OPTIONS = [
  { value: 'tls', label: 'TLS' },
  { value: 'starttls', label: 'STARTTLS' },
  { value: 'none', label: 'None (this computer only)' },
];

function ConnectForm({ onConnected }: { onConnected: (status: InboxServiceStatus) => void }) {
  const [security, setSecurity] = useState('tls');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const twilio = twilioFromForm(form);
    setBusy(true);
    setError(null);
    try {
      const port = text('port');
      onConnected(await unwrap(tessera().inbox.connect({
        host: text('host'),
        address: text('address'),
        username: text('username'),
        password: String(form.get('password') ?? ''),
        security: security as 'tls' | 'starttls' | 'none',
        ...(port ? { port: Number(port) } : {}),
        ...(twilio ? { twilio } : {}),
      })));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="inbox-connect" aria-label="Connect the team mailbox">
      <label htmlFor="inbox-host">IMAP server</label><input id="inbox-host" name="host" required autoComplete="off" />
      <label htmlFor="inbox-port">Port (optional)</label><input id="inbox-port" name="port" inputMode="numeric" autoComplete="off" />
      <Select label="Security" inline value={security} onValueChange={setSecurity} options={SECURITY_OPTIONS} />
      <label htmlFor="inbox-address">Mailbox address</label><input id="inbox-address" name="address" type="email" required autoComplete="off" />
      <label htmlFor="inbox-username">Username</label><input id="inbox-username" name="username" required autoComplete="off" />
      <label htmlFor="inbox-password">Password</label><input id="inbox-password" name="password" type="password" required autoComplete="new-password" />
      <details className="twilio-fields">
        <summary>SMS codes through Twilio (optional)</summary>
        <TwilioFields required={false} />
      </details>
      <p className="hint">Tessera logs in once to test these settings (and asks Twilio once, when given); the password and token are then kept in the vault.</p>
      <button type="submit" className="primary" disabled={busy}>{busy ? 'Testing…' : 'Test and connect'}</button>
      {error && <p role="alert" className="notice error">{error}</p>}
    </form>
  );
}

export function TeamInbox() {
  const { messages, open, setOpen, show, error, load } = useMessages(undefined);
  const [status, setStatus] = useState<InboxServiceStatus | null>(null);
  const [editing, setEditing] = useState(false);
  const [editingTwilio, setEditingTwilio] = useState(false);
  const [twilioError, setTwilioError] = useState<string | null>(null);

  const loadStatus = useCallback(async () => {
    const result = await tessera().inbox.status();
    if (result.ok) setStatus(result.value);
  }, []);
  useEffect(() => {
    void loadStatus();
    return tessera().on('inbox.state', () => void loadStatus());
  }, [loadStatus]);

  const settings = status?.settings;
  return (
    <section className="team-inbox" aria-labelledby="team-inbox-title" data-testid="team-inbox">
      <h2 id="team-inbox-title">Team inbox</h2>
      {status && settings && !editing && (
        <p role="status" data-testid="inbox-status">
          {settings.address} via {settings.username} at {settings.host}:{settings.port} ({SECURITY_OPTIONS.find((o) => o.value === settings.security)?.label ?? settings.security}) — {STATE_LABEL[status.state]}
          {status.error && <span className="field-error"> {status.error.message}</span>}{' '}
          <button type="button" onClick={() => setEditing(true)}>Change</button>
          <button type="button" onClick={async () => setStatus(await unwrap(tessera().inbox.disconnect()))}>Disconnect</button>
        </p>
      )}
      {status && settings && !editing && !editingTwilio && (
        <p data-testid="inbox-twilio">
          {settings.twilio
            ? <>SMS codes through Twilio {settings.twilio.accountSid} for {settings.twilio.phoneNumbers.join(', ')}{' '}
              <button type="button" onClick={() => setEditingTwilio(true)}>Change Twilio</button>
              <button type="button" onClick={async () => {
                try {
                  setStatus(await unwrap(tessera().inbox.setTwilio({ twilio: null })));
                } catch (e) {
                  setTwilioError(messageOf(e));
                }
              }}>Remove Twilio</button></>
            : <>No Twilio account: SMS codes are read only when they are forwarded into this mailbox.{' '}
              <button type="button" onClick={() => setEditingTwilio(true)}>Add Twilio account</button></>}
        </p>
      )}
      {twilioError && <p role="alert" className="notice error">{twilioError}</p>}
      {status && settings && editingTwilio && (
        <TwilioForm onCancel={() => setEditingTwilio(false)} onSaved={(next) => {
          setStatus(next);
          setEditingTwilio(false);
        }} />
      )}
      {status && (!settings || editing) && (
        <ConnectForm onConnected={(next) => {
          setStatus(next);
          setEditing(false);
          void load();
        }} />
      )}
      <MessageList messages={messages} onOpen={show} label="Team messages" />
      {open && <MessageView message={open} onClose={() => setOpen(null)} />}
      {error && <p role="alert" className="notice error">{error}</p>}
    </section>
  );
}

export function TeamInboxButton() {
  const [open, setOpen] = useState(false);
  const returnFocus = useReturnFocus(open);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild><button type="button">Team inbox</button></Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" style={{ width: 'min(900px, 95vw)', maxWidth: '95vw' }} onCloseAutoFocus={returnFocus} aria-describedby={undefined}>
          <Dialog.Title className="visually-hidden">Team inbox</Dialog.Title>
          <TeamInbox />
          <div className="dialog-actions">
            <Dialog.Close asChild><button type="button">Done</button></Dialog.Close>
          </div>
          <DialogClose />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
