// A one-time code to pass to another screen (an invitation, a device link): its QR code, drawn
// here from the code this window already shows, the code itself and a Copy button, with when
// it stops working.
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { formatDateTime } from '../format';

/** `noun`: what the Copy button and the QR code's description call it (default: the invitation or the link code). */
export function CodeToSend({ code, expiresAt, what, testId, noun }: { code: string; expiresAt: number; what: string; testId: string; noun?: string }) {
  const called = noun ?? (testId === 'invitation' ? 'invitation' : 'link code');
  const [qr, setQr] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 1, width: 360 }).then((url) => current && setQr(url), () => current && setQr(null));
    return () => {
      current = false;
    };
  }, [code]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      setCopied('Copied. Send it in a message only the recipient reads.');
    } catch {
      setCopied('Copying is not allowed here: select the code and copy it.');
    }
  }

  return (
    <div className="code-to-send">
      <p>{what} It expires {formatDateTime(expiresAt)}.</p>
      {qr && <img className="invite-qr" src={qr} alt={`QR code of the ${called}`} data-testid={`${testId}-qr`} />}
      <p className="invite-code" data-testid={`${testId}-code`}>{code}</p>
      <button type="button" onClick={() => void copy()}>Copy {called}</button>
      {copied && <p className="hint" role="status">{copied}</p>}
    </div>
  );
}
