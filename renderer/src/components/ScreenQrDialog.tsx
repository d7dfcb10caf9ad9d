// "Scan QR from screen": a Radix dialog that asks the main process to capture the screen,
// shows the downscaled preview, lets the person drag a rectangle around the setup QR code
// (or, from the keyboard, move and size it with the arrow keys, or scan the whole screen),
// shows what the code holds (issuer, label,
// algorithm, digits; never the secret) and saves the chosen entry as the account's TOTP.
// The capture stays in the main process and is discarded when the dialog closes.
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { ImportedTotp, ScannedOtpEntry, ScreenCapturePreview } from '../../../main/ipc/contract/mfa';
import { messageOf, tessera, unwrap } from '../api';
import { useReturnFocus } from './use-return-focus';
import { regionAfterKey, type Region } from '../mfa/region-keys';
import { DialogClose } from './DialogClose';

type Point = { x: number; y: number };

// A click without a drag is not a selection.
const MIN_FRACTION = 0.01;

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function regionBetween(a: Point, b: Point): Region {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
}

export function ScreenQrDialog({ open, onOpenChange, accountName, accountId, replacesTotp, onImported }: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  accountName: string;
  accountId: string;
  /** The account already has an authenticator secret, which saving replaces. */
  replacesTotp: boolean;
  onImported: (imported: ImportedTotp) => void;
}) {
  const returnFocus = useReturnFocus(open);
  const [capture, setCapture] = useState<ScreenCapturePreview | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [region, setRegion] = useState<Region | null>(null);
  const [entries, setEntries] = useState<ScannedOtpEntry[] | null>(null);
  const [choice, setChoice] = useState(0);
  const dragStart = useRef<Point | null>(null);
  const captureId = useRef<string | null>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    setCapture(null);
    setRegion(null);
    setEntries(null);
    setError(null);
    setBusy('Capturing the screen…');
    void unwrap(tessera().mfa.screenCapture({}))
      .then((taken) => {
        captureId.current = taken.captureId;
        if (!live) return void tessera().mfa.screenDiscard({ captureId: taken.captureId });
        // In one render with the preview, so the picker does not move under the pointer.
        setBusy(null);
        setCapture(taken);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setBusy(null);
        setError(messageOf(e));
      });
    return () => {
      live = false;
      if (captureId.current) void tessera().mfa.screenDiscard({ captureId: captureId.current });
      captureId.current = null;
    };
  }, [open]);

  function pointAt(event: PointerEvent<HTMLDivElement>): Point {
    const box = event.currentTarget.getBoundingClientRect();
    return { x: clamp((event.clientX - box.left) / box.width), y: clamp((event.clientY - box.top) / box.height) };
  }

  function startDrag(event: PointerEvent<HTMLDivElement>) {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    dragStart.current = pointAt(event);
    setRegion(null);
  }

  function moveDrag(event: PointerEvent<HTMLDivElement>) {
    if (dragStart.current) setRegion(regionBetween(dragStart.current, pointAt(event)));
  }

  function endDrag(event: PointerEvent<HTMLDivElement>) {
    if (!dragStart.current) return;
    const selected = regionBetween(dragStart.current, pointAt(event));
    dragStart.current = null;
    setRegion(selected.width < MIN_FRACTION || selected.height < MIN_FRACTION ? null : selected);
    // Only now: removing the old message mid-drag would move the picker under the pointer.
    setEntries(null);
    setError(null);
  }

  function keyOnPicker(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Enter' && region) {
      event.preventDefault();
      void scan(false);
      return;
    }
    const pressed = { key: event.key, shiftKey: event.shiftKey, altKey: event.altKey };
    if (!regionAfterKey(region, pressed)) return;
    event.preventDefault();
    // From the latest region: key repeats can arrive faster than renders.
    setRegion((latest) => regionAfterKey(latest, pressed) ?? latest);
    setEntries(null);
    setError(null);
  }

  async function scan(whole: boolean) {
    if (!capture) return;
    setError(null);
    setEntries(null);
    setBusy('Looking for a QR code…');
    try {
      const found = await unwrap(tessera().mfa.screenScan({ captureId: capture.captureId, ...(whole || !region ? {} : { region }) }));
      setChoice(0);
      setEntries(found.entries);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  }

  async function save() {
    if (!capture) return;
    setBusy('Saving…');
    try {
      const imported = await unwrap(tessera().mfa.screenImport({ id: accountId, captureId: capture.captureId, index: choice }));
      captureId.current = null;
      onImported(imported);
      onOpenChange(false);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog capture" onCloseAutoFocus={returnFocus} aria-describedby="screen-qr-help">
          <Dialog.Title>Scan a QR code from the screen</Dialog.Title>
          <p id="screen-qr-help" className="muted">
            Drag a rectangle around the site&apos;s setup QR code, then scan it. From the keyboard: focus the picture, move the
            rectangle with the arrow keys, size it with Shift+arrows (Alt for small steps), press Enter to scan; or scan the whole screen.
          </p>
          {busy && <p role="status" className="muted">{busy}</p>}
          {capture && (
            <div className="region-picker" data-testid="screen-qr-picker" onPointerDown={startDrag} onPointerMove={moveDrag} onPointerUp={endDrag}
              tabIndex={0} role="group" aria-roledescription="region picker" aria-label="Captured screen: arrow keys move the rectangle, Shift+arrows size it, Enter scans it"
              onKeyDown={keyOnPicker}>
              <img src={capture.previewDataUrl} alt="The captured screen" draggable={false} />
              {region && (
                <div className="region-box" aria-hidden="true"
                  style={{ left: `${region.x * 100}%`, top: `${region.y * 100}%`, width: `${region.width * 100}%`, height: `${region.height * 100}%` }} />
              )}
            </div>
          )}
          {capture && (
            <div className="details-actions">
              <button type="button" className={region ? 'primary' : ''} disabled={!region || busy !== null} onClick={() => void scan(false)}>Scan selected region</button>
              <button type="button" disabled={busy !== null} onClick={() => void scan(true)}>Scan the whole screen</button>
            </div>
          )}
          {entries && (
            <fieldset className="scanned-entries" data-testid="screen-qr-result">
              <legend>Found {entries.length === 1 ? 'an authenticator' : `${entries.length} authenticators`}: save as the TOTP of {accountName}?</legend>
              {entries.map((entry, index) => (
                <label key={`${entry.issuer}-${entry.label}-${index}`} className="checkbox">
                  {entries.length > 1 && <input type="radio" name="screen-qr-entry" checked={choice === index} onChange={() => setChoice(index)} />}
                  <span>
                    <strong>{entry.issuer || 'No issuer'}</strong> {entry.label && <>— {entry.label}</>}
                    <span className="muted"> ({entry.type.toUpperCase()}, {entry.algorithm}, {entry.digits} digits{entry.period ? `, every ${entry.period} s` : ''})</span>
                  </span>
                </label>
              ))}
              {replacesTotp && <p className="hint">Saving replaces the authenticator secret {accountName} has now.</p>}
            </fieldset>
          )}
          {error && <p role="alert" className="notice error">{error}</p>}
          <div className="dialog-actions">
            <Dialog.Close asChild><button type="button">Cancel</button></Dialog.Close>
            <button type="button" className="primary" disabled={!entries || busy !== null} onClick={() => void save()}>Save as TOTP</button>
          </div>
          <DialogClose />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
