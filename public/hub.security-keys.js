// Asks the browser for a security key or passkey, and sends the key's answer with the form.
// Without JavaScript, or where the browser offers no keys, the page's code form still works.
const fromBase64url = (text) =>
  Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const toBase64url = (buffer) =>
  btoa(String.fromCharCode(...new Uint8Array(buffer)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const withIds = (list = []) => list.map((c) => ({ ...c, id: fromBase64url(c.id) }));

function creationOptions(options) {
  return {
    ...options,
    challenge: fromBase64url(options.challenge),
    user: { ...options.user, id: fromBase64url(options.user.id) },
    excludeCredentials: withIds(options.excludeCredentials),
  };
}

function requestOptions(options) {
  return {
    ...options,
    challenge: fromBase64url(options.challenge),
    allowCredentials: withIds(options.allowCredentials),
  };
}

/** The key's answer as JSON, in the shape the Hub checks (WebAuthn's own JSON encoding). */
function answerOf(credential) {
  const { response } = credential;
  const encoded = {
    clientDataJSON: toBase64url(response.clientDataJSON),
    ...(response.attestationObject
      ? {
          attestationObject: toBase64url(response.attestationObject),
          transports: response.getTransports ? response.getTransports() : [],
        }
      : {
          authenticatorData: toBase64url(response.authenticatorData),
          signature: toBase64url(response.signature),
          userHandle: response.userHandle ? toBase64url(response.userHandle) : undefined,
        }),
  };
  return JSON.stringify({
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: encoded,
    authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
  });
}

async function askKey(form) {
  const options = JSON.parse(form.dataset.options);
  const credential =
    form.dataset.securityKey === 'register'
      ? await navigator.credentials.create({ publicKey: creationOptions(options) })
      : await navigator.credentials.get({ publicKey: requestOptions(options) });
  form.querySelector('input[name="credential"]').value = answerOf(credential);
  form.submit();
}

for (const form of document.querySelectorAll('form[data-security-key]')) {
  const status = form.querySelector('[data-security-key-status]');
  const { rpId, rp } = JSON.parse(form.dataset.options);
  // A key works only at the address it belongs to (the Hub's public address, or localhost).
  const here = location.hostname === (rpId ?? rp.id);
  if (!window.PublicKeyCredential || !window.isSecureContext || !here) {
    if (status) status.textContent = 'This browser cannot use security keys here. Use an authenticator app instead.';
    continue;
  }
  form.hidden = false;
  form.addEventListener('submit', (event) => {
    if (form.querySelector('input[name="credential"]').value) return;
    event.preventDefault();
    if (status) status.textContent = 'Use your security key or passkey when your browser asks.';
    askKey(form).catch(() => {
      if (status) status.textContent = 'Your security key did not answer. Try again, or use an authenticator app.';
    });
  });
}
