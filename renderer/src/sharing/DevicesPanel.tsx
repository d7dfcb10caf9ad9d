// "Your devices": the devices that are this person in their workspaces (this one first, by the
// name each published), "Link another device…" — a code for the new device (QR or copy), then
// the six digits the new device shows, typed here — and Remove for a lost one, after a dialog
// that says what removal does. Updates arrive as sharing.devices and sharing.status events.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { DeviceView } from '../../../main/ipc/contract/sharing';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field } from '../components/Field';
import { formatDate } from '../format';
import { CodeToSend } from './CodeToSend';

const deviceName = (d: DeviceView) => d.name ?? (d.thisDevice ? 'This device' : 'A device not named yet');

export function DevicesPanel({ revision }: { revision: number }) {
  const [devices, setDevices] = useState<DeviceView[]>([]);
  const [issued, setIssued] = useState<{ code: string; expiresAt: number } | null>(null);
  const [waiting, setWaiting] = useState(0);
  const [sas, setSas] = useState('');
  const [removing, setRemoving] = useState<DeviceView | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(async () => {
    try {
      setDevices((await unwrap(tessera().sharing.devices({}))).devices);
      setWaiting((await unwrap(tessera().sharing.linkRequests({}))).waiting);
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load, revision]);
  useEffect(() => tessera().on('sharing.devices', () => void load()), [load]);

  async function start() {
    setMessage(null);
    try {
      setIssued(await unwrap(tessera().sharing.linkDevice({})));
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    try {
      const linked = await unwrap(tessera().sharing.confirmLink({ sas }));
      setMessage({ ok: true, text: `Linked. Your other device receives your ${linked.workspaces === 1 ? 'workspace' : `${linked.workspaces} workspaces`} and the accounts shared with you as it syncs.` });
      setIssued(null);
      setSas('');
      await load();
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  async function remove(device: DeviceView) {
    setRemoving(null);
    try {
      const result = await unwrap(tessera().sharing.removeDevice({ deviceId: device.deviceId }));
      setMessage({ ok: true, text: `Removed ${deviceName(device)}. The team key changed in ${result.workspaces === 1 ? 'your workspace' : `${result.workspaces} workspaces`}; ${result.exposedAccounts.length} shared account(s) re-keyed; ${result.rotationJobs} password rotation(s) queued.` });
      await load();
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  return (
    <section className="card" aria-labelledby="your-devices" data-testid="devices">
      <h2 id="your-devices">Your devices</h2>
      <ul className="plain-list" data-testid="device-list">
        {devices.map((d) => (
          <li key={d.deviceId} className="device-row">
            <span><strong>{deviceName(d)}</strong>{d.thisDevice && d.name ? ' (this device)' : ''} <span className="muted">· added {formatDate(d.addedAt)}</span></span>
            {!d.thisDevice && <button type="button" className="danger inline" onClick={() => setRemoving(d)} aria-label={`Remove ${deviceName(d)}`}>Remove</button>}
          </li>
        ))}
      </ul>
      {!issued && <button type="button" onClick={() => void start()}>Link another device…</button>}
      {issued && (
        <ol className="invite-steps">
          <li>
            <strong>On the new device</strong>
            <CodeToSend code={issued.code} expiresAt={issued.expiresAt} testId="link"
              what="Open Tessera there, create its vault, then paste this under Sharing → “Link this device”, or scan it." />
          </li>
          <li aria-current="step">
            <strong>Compare codes</strong>
            <p className="muted" role="status">{waiting === 0 ? 'Waiting for the new device…' : 'The new device shows six digits: type them here.'}</p>
            <form onSubmit={confirm} noValidate>
              <Field label="Six digits on the new device" value={sas} onChange={(e) => setSas(e.target.value)} inputMode="numeric" autoComplete="off"
                hint="Link only when they match exactly: different digits mean another device is asking." />
              <div className="button-row">
                <button type="submit" className="primary" disabled={sas.replace(/\s/g, '').length !== 6}>Link</button>
                <button type="button" onClick={() => { setIssued(null); setSas(''); }}>Cancel</button>
              </div>
            </form>
          </li>
        </ol>
      )}
      {message && <p className={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
      <ConfirmDialog open={removing !== null} onOpenChange={(open) => !open && setRemoving(null)} title={`Remove ${removing ? deviceName(removing) : ''}?`}
        confirmLabel="Remove device" danger onConfirm={() => removing && void remove(removing)}>
        <p>It stops being you in your workspaces: the team key changes, so it reads nothing written from now on. The accounts it could read get new keys, and a password rotation is queued for each, because it may keep copies of the old passwords.</p>
      </ConfirmDialog>
    </section>
  );
}
