// The page a share link's recipient opens, served by the relay: plain HTML, one stylesheet and
// one script from the relay itself (the CSP allows nothing else: no inline code, no third
// party, no framing). The script takes the key from the fragment (never sent to the relay),
// asks the relay for the link's state, asks for an email address and the emailed code when
// the link requires them, fetches the ciphertext, decrypts it with WebCrypto (AES-256-GCM),
// and shows the credentials with copy buttons and the live TOTP code with its countdown.
// WebCrypto needs a secure context: https, or a relay on localhost/127.0.0.1.

export const LINK_PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const LINK_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Shared credentials · Tessera</title>
<link rel="stylesheet" href="/l/assets/link.css">
<script src="/l/assets/link.js" defer></script>
</head>
<body>
<main>
  <h1>Shared credentials</h1>
  <p id="status" role="status">Loading…</p>
  <form id="email-form" hidden>
    <label for="email">Your email address</label>
    <input id="email" type="email" autocomplete="email" required>
    <button type="submit">Send me a code</button>
  </form>
  <form id="code-form" hidden>
    <label for="code">The six-digit code we emailed you</label>
    <input id="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
    <button type="submit">Show the credentials</button>
  </form>
  <section id="credentials" hidden aria-labelledby="account-name">
    <h2 id="account-name"></h2>
    <dl id="fields"></dl>
    <p id="expiry" class="muted"></p>
  </section>
  <p class="muted">Shared with Tessera. The key to these credentials is only in your link; the server that stores them cannot read them.</p>
</main>
</body>
</html>
`;

export const LINK_PAGE_CSS = `body{font-family:system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1b1d21}
main{max-width:36rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002}
h1{font-size:1.4rem;margin-top:0}label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input{font-size:1rem;padding:.5rem;width:100%;box-sizing:border-box;border:1px solid #8a8f98;border-radius:4px}
button{font-size:1rem;padding:.45rem .9rem;margin-top:.6rem;border-radius:4px;border:1px solid #3656d6;background:#3656d6;color:#fff;cursor:pointer}
button.copy{background:#fff;color:#3656d6;margin:0 0 0 .5rem;padding:.2rem .6rem;font-size:.9rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1rem;align-items:center}dt{font-weight:600}dd{margin:0;word-break:break-all}
.muted{color:#5a5f69;font-size:.9rem}.error{color:#b00020}code{font-size:1.05rem}
`;

export const LINK_PAGE_JS = `'use strict';
(function () {
  var parts = location.pathname.split('/');
  var linkId = parts[2] || '';
  var key = location.hash.slice(1);
  // The key leaves the address bar (and the history) at once; it stays in this page's memory.
  if (key) history.replaceState(null, '', location.pathname);
  var statusEl = document.getElementById('status');
  var emailForm = document.getElementById('email-form');
  var codeForm = document.getElementById('code-form');
  var email = '';
  function say(text, isError) { statusEl.textContent = text; statusEl.className = isError ? 'error' : ''; statusEl.setAttribute('role', isError ? 'alert' : 'status'); }
  function b64(text) {
    var s = text.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    var bin = atob(s); var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function post(path, body) {
    return fetch('/l/' + encodeURIComponent(linkId) + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' })
      .then(function (r) { return r.json().then(function (j) { j.httpStatus = r.status; return j; }); });
  }
  var STATES = { expired: 'This link has expired. Ask the person who shared it for a new one.', used: 'This link has already been opened. It worked once; ask for a new one.', revoked: 'The person who shared this link has revoked it.', locked: 'This link is locked after too many wrong codes. Ask for a new one.' };
  function base32(text) {
    var alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'; var clean = text.toUpperCase().replace(/[^A-Z2-7]/g, '');
    var bits = 0, value = 0, out = [];
    for (var i = 0; i < clean.length; i++) { value = (value << 5) | alphabet.indexOf(clean[i]); bits += 5; if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; } }
    return new Uint8Array(out);
  }
  function totp(t) {
    var period = t.period || 30; var digits = t.digits || 6;
    var hash = { SHA1: 'SHA-1', SHA256: 'SHA-256', SHA512: 'SHA-512' }[(t.algorithm || 'SHA1').toUpperCase().replace('-', '')] || 'SHA-1';
    var counter = Math.floor(Date.now() / 1000 / period); var msg = new Uint8Array(8); var c = counter;
    for (var i = 7; i >= 0; i--) { msg[i] = c & 255; c = Math.floor(c / 256); }
    return crypto.subtle.importKey('raw', base32(t.secret), { name: 'HMAC', hash: hash }, false, ['sign'])
      .then(function (k) { return crypto.subtle.sign('HMAC', k, msg); })
      .then(function (sig) {
        var h = new Uint8Array(sig); var o = h[h.length - 1] & 15;
        var bin = ((h[o] & 127) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
        return { code: String(bin % Math.pow(10, digits)).padStart(digits, '0'), left: period - Math.floor(Date.now() / 1000) % period };
      });
  }
  function row(dl, label, value, secret) {
    var dt = document.createElement('dt'); dt.textContent = label;
    var dd = document.createElement('dd'); var code = document.createElement('code'); code.textContent = value; dd.appendChild(code);
    var button = document.createElement('button'); button.type = 'button'; button.className = 'copy'; button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy ' + label.toLowerCase());
    button.addEventListener('click', function () { navigator.clipboard.writeText(code.textContent).then(function () { button.textContent = 'Copied'; setTimeout(function () { button.textContent = 'Copy'; }, 1500); }); });
    dd.appendChild(button); dl.appendChild(dt); dl.appendChild(dd);
    if (secret) dd.setAttribute('data-secret', 'true');
    return code;
  }
  function show(payload, expiresAt) {
    emailForm.hidden = true; codeForm.hidden = true;
    document.getElementById('account-name').textContent = payload.name || 'Account';
    var dl = document.getElementById('fields');
    if (payload.url) row(dl, 'Address', payload.url);
    if (payload.username) row(dl, 'Username', payload.username);
    if (payload.password) row(dl, 'Password', payload.password, true);
    if (payload.notes) row(dl, 'Notes', payload.notes);
    if (payload.totp) {
      var codeEl = row(dl, 'One-time code', '······');
      var left = document.createElement('span'); left.className = 'muted'; left.id = 'totp-left'; codeEl.parentNode.appendChild(left);
      var tick = function () { totp(payload.totp).then(function (r) { codeEl.textContent = r.code; left.textContent = ' ' + r.left + ' s left'; }); };
      tick(); setInterval(tick, 1000);
    }
    document.getElementById('expiry').textContent = 'This link expires ' + new Date(expiresAt).toLocaleString() + '.';
    document.getElementById('credentials').hidden = false;
    say('Here are the credentials. Copy what you need; this page does not store them.');
  }
  function reveal(proof) {
    return post('/open', proof).then(function (answer) {
      if (answer.ok) {
        var bytes = b64(answer.ciphertext);
        return crypto.subtle.importKey('raw', b64(key), 'AES-GCM', false, ['decrypt'])
          .then(function (k) { return crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.slice(0, 12) }, k, bytes.slice(12)); })
          .then(function (plain) { show(JSON.parse(new TextDecoder().decode(plain)), answer.expiresAt); })
          .catch(function () { say('This link is incomplete: the part after # is missing or damaged. Copy the whole link again.', true); });
      }
      if (answer.reason === 'wrong-code') { say('That code is not right. ' + answer.triesLeft + ' tries left.', true); return; }
      if (answer.reason === 'no-code') { say('That code has expired. Ask for a new one.', true); codeForm.hidden = true; emailForm.hidden = false; return; }
      say(STATES[answer.reason] || answer.message || 'This link cannot be opened.', true); emailForm.hidden = true; codeForm.hidden = true;
    });
  }
  if (!window.crypto || !crypto.subtle) { say('This page needs a secure connection (https) to decrypt the credentials. Ask the sender for an https link.', true); return; }
  if (!key) { say('This link is incomplete: the part after # is missing. Copy the whole link again.', true); return; }
  fetch('/l/' + encodeURIComponent(linkId) + '/info', { cache: 'no-store', credentials: 'omit' }).then(function (r) { return r.json(); }).then(function (info) {
    if (info.state !== 'open') { say(STATES[info.state] || 'This link does not exist.', true); return; }
    if (!info.needsEmail) { reveal({}); return; }
    say('Confirm your email address to see the credentials.');
    emailForm.hidden = false;
    document.getElementById('email').focus();
  }).catch(function () { say('The server did not answer. Try again in a moment.', true); });
  emailForm.addEventListener('submit', function (event) {
    event.preventDefault();
    email = document.getElementById('email').value.trim();
    post('/code', { email: email }).then(function (answer) {
      if (answer.httpStatus >= 400) { say(answer.message || 'No code could be sent.', true); return; }
      emailForm.hidden = true; codeForm.hidden = false; document.getElementById('code').focus();
      say('If ' + email + ' may open this link, a code is on its way. It works for 10 minutes.');
    });
  });
  codeForm.addEventListener('submit', function (event) {
    event.preventDefault();
    reveal({ email: email, code: document.getElementById('code').value.trim() });
  });
})();
`;
