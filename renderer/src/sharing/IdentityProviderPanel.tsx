// The identity provider settings of a workspace (Owners and Admins), kept on its relay: a SCIM
// token and base URL for Okta or Entra provisioning — deprovisioned people are removed from the
// team by an Owner/Admin device, rotations queued — shown once after a confirmation that says a
// new token replaces the old one; and Okta Universal Logout (issuer, audience, the issuer's keys
// by URL or as JSON), which answers the endpoint to give Okta.
import { useState, type FormEvent } from 'react';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field } from '../components/Field';

export function IdentityProviderPanel({ workspaceId }: { workspaceId: string }) {
  const [scim, setScim] = useState<{ token: string; baseUrl: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [issuer, setIssuer] = useState('');
  const [audience, setAudience] = useState('');
  const [jwksSource, setJwksSource] = useState('');
  const [endpoint, setEndpoint] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function createToken() {
    setConfirming(false);
    try {
      setScim(await unwrap(tessera().sharing.scimToken({ workspaceId })));
      setMessage(null);
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  async function saveOkta(event: FormEvent) {
    event.preventDefault();
    const source = jwksSource.trim();
    try {
      const answer = await unwrap(tessera().sharing.oktaSettings({
        workspaceId, issuer: issuer.trim(), audience: audience.trim(), ...(source.startsWith('{') ? { jwks: source } : { jwksUri: source }),
      }));
      setEndpoint(answer.endpoint);
      setMessage({ ok: true, text: 'Universal Logout is set up. Give Okta the endpoint below.' });
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  return (
    <details className="run-details" data-testid="identity-provider">
      <summary>Identity provider (SCIM, Universal Logout)</summary>
      <h4>SCIM provisioning</h4>
      <p className="muted">When your identity provider (Okta, Microsoft Entra) deactivates or deletes someone, the first Owner or Admin device online removes them from this workspace, matched by the email they signed in with, and queues the rotation of every account they could use.</p>
      {scim ? (
        <dl className="secret-once">
          <dt>SCIM base URL</dt><dd><code data-testid="scim-base-url">{scim.baseUrl}</code></dd>
          <dt>Bearer token (shown only now)</dt><dd><code data-testid="scim-token">{scim.token}</code></dd>
        </dl>
      ) : <button type="button" onClick={() => setConfirming(true)}>Create SCIM token…</button>}
      <h4>Okta Universal Logout</h4>
      <form onSubmit={(e) => void saveOkta(e)} noValidate>
        <Field label="Issuer" value={issuer} onChange={(e) => setIssuer(e.target.value)} placeholder="https://example.okta.com" />
        <Field label="Audience" value={audience} onChange={(e) => setAudience(e.target.value)} hint="What Okta's app integration names Tessera in the token." />
        <Field label="Issuer keys (JWKS URL or JSON)" value={jwksSource} onChange={(e) => setJwksSource(e.target.value)} placeholder="https://example.okta.com/oauth2/v1/keys" />
        <button type="submit" disabled={!issuer.trim() || !audience.trim() || !jwksSource.trim()}>Save Universal Logout settings</button>
      </form>
      {endpoint && <p>Endpoint for Okta: <code data-testid="okta-endpoint">{endpoint}</code></p>}
      {message && <p className={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
      <ConfirmDialog open={confirming} onOpenChange={setConfirming} title="Create a SCIM token?" confirmLabel="Create token" onConfirm={() => void createToken()}>
        <p>The new token replaces any earlier one: update it in your identity provider. It is shown once; Tessera and the relay keep only a hash of it.</p>
      </ConfirmDialog>
    </details>
  );
}
