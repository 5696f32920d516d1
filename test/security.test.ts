import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { sql } from 'drizzle-orm';
import { loadConfig, type Config } from '../src/config.ts';
import { documents } from '../src/modules/documents/documents.tables.ts';
import { event } from './factories.ts';
import {
  buildTestHub,
  createUser,
  nextCode,
  signedIn,
  TEST_PASSWORD,
  withPartnership,
  type TestHub,
} from './helpers.ts';

test('pages carry a strict Content-Security-Policy that allows only the GOV.UK template script, by hash', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const response = await hub.app.inject({ method: 'GET', url: '/sign-in' });
  const csp = String(response.headers['content-security-policy']);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /object-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const inline = [...response.body.matchAll(/<script(?![^>]*src=)[^>]*>([^<]*)<\/script>/g)].map((m) => m[1]!);
  assert.equal(inline.length, 1, 'exactly one inline script');
  const hash = createHash('sha256').update(inline[0]!).digest('base64');
  assert.ok(csp.includes(`'sha256-${hash}'`), 'its hash is in the policy');
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
  assert.ok(response.headers['referrer-policy']);
});

test('writes accept only form content types, limited sizes and no prototype keys', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  await browser.get('/areas');
  const headers = { cookie: browser.cookieHeader };

  const json = await hub.app.inject({
    method: 'POST',
    url: '/areas',
    headers: { ...headers, 'content-type': 'application/json' },
    payload: JSON.stringify({ name: 'X', kind: 'city' }),
  });
  assert.equal(json.statusCode, 415);
  const text = await hub.app.inject({
    method: 'POST',
    url: '/areas',
    headers: { ...headers, 'content-type': 'text/plain' },
    payload: 'name=X',
  });
  assert.equal(text.statusCode, 415);

  const big = await hub.app.inject({
    method: 'POST',
    url: '/areas',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `name=${'a'.repeat(400 * 1024)}`,
  });
  assert.equal(big.statusCode, 413);

  const csrf = encodeURIComponent(/name="_csrf" value="([^"]+)"/.exec((await browser.get('/areas')).body)![1]!);
  for (const attack of ['__proto__[admin]=1', 'constructor[prototype][x]=1', '__proto__=1']) {
    const payload = `_csrf=${csrf}&${attack}&name=X&kind=city`;
    const response = await hub.app.inject({
      method: 'POST',
      url: '/areas',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload,
    });
    assert.equal(response.statusCode, 400, payload);
  }
  const list = await browser.get('/areas');
  assert.doesNotMatch(list.body, /<td class="govuk-table__cell">X<\/td>/, 'nothing was saved');
  assert.equal(({} as Record<string, unknown>).admin, undefined, 'no prototype pollution');
});

test('an unknown page is a GOV.UK 404; a server fault is a 500 page that leaks nothing', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'viewer');
  const missing = await browser.get('/no-such-page');
  assert.equal(missing.statusCode, 404);
  assert.match(missing.body, /Page not found/);
  assert.equal(
    (await browser.get('/accounts/999999')).statusCode,
    403,
    'viewers are refused before existence is checked',
  );

  // A real fault under the page: the table it reads is gone.
  await hub.database.db.execute(sql`alter table areas rename to areas_gone`);
  const broken = await browser.get('/areas');
  assert.equal(broken.statusCode, 500);
  assert.match(broken.body, /Sorry, there is a problem with the service/);
  assert.doesNotMatch(broken.body, /at \w+ \(|node_modules|select|PGlite|ECONN/i);
});

test('signed-in pages are not cached by shared caches', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'viewer');
  const page = await browser.get('/areas');
  assert.match(String(page.headers['cache-control']), /private|no-store/);
});

test('a signed-out upload is refused before its body is read', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const boundary = '----hubtest';
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n${'x'.repeat(1024 * 1024)}\r\n--${boundary}--\r\n`;
  const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
  const toUpload = await hub.app.inject({ method: 'POST', url: '/documents', headers, payload });
  assert.equal(toUpload.statusCode, 401);
  const toSignIn = await hub.app.inject({ method: 'POST', url: '/sign-in', headers, payload });
  assert.equal(toSignIn.statusCode, 415, 'sign-in takes only an ordinary form');
});

/* ------------------------------------------------------------------------------------------
 * HTTPS-only headers and Secure cookies follow how the Hub is reached.
 * ---------------------------------------------------------------------------------------- */

const HEADERS_ALWAYS = [
  'content-security-policy',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'cross-origin-resource-policy',
  'x-dns-prefetch-control',
  'origin-agent-cluster',
];
// Meaningful only from a secure origin: over plain http browsers ignore them (HSTS) or complain (COOP).
const HEADERS_OVER_HTTPS_ONLY = ['strict-transport-security', 'cross-origin-opener-policy'];

type Reached = { name: string; overrides: Partial<Config>; headers: Record<string, string> };
const OVER_HTTPS: Reached[] = [
  { name: 'PUBLIC_URL https', overrides: { publicUrl: 'https://hub.example.org' }, headers: {} },
  {
    name: 'TRUST_PROXY and X-Forwarded-Proto https',
    overrides: { trustProxy: true },
    headers: { 'x-forwarded-proto': 'https' },
  },
];
const OVER_HTTP: Reached[] = [
  { name: 'plain http', overrides: {}, headers: {} },
  { name: 'PUBLIC_URL http', overrides: { publicUrl: 'http://hub.example.org' }, headers: {} },
  // Without TRUST_PROXY anyone could send the header: it is not believed.
  {
    name: 'X-Forwarded-Proto https from an untrusted client',
    overrides: {},
    headers: { 'x-forwarded-proto': 'https' },
  },
  {
    name: 'TRUST_PROXY, proxy speaking http',
    overrides: { trustProxy: true },
    headers: { 'x-forwarded-proto': 'http' },
  },
];

/** Every cookie the Hub sets while a person signs in and a delegate joins and sends a question. */
async function cookiesOfAWholeVisit(hub: TestHub, headers: Record<string, string>) {
  const set: { name: string; secure?: boolean }[] = [];
  const cookies = new Map<string, string>();
  const send = async (method: 'GET' | 'POST', url: string, form?: Record<string, string>) => {
    const response = await hub.app.inject({
      method,
      url,
      headers: {
        ...headers,
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      payload: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const cookie of response.cookies) {
      set.push({ name: cookie.name, secure: cookie.secure });
      cookies.set(cookie.name, cookie.value);
    }
    return response;
  };
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

  const user = await createUser(hub, 'coordinator');
  const signInPage = await send('GET', '/sign-in');
  const signedIn = await send('POST', '/sign-in', {
    _csrf: csrfOf(signInPage.body),
    email: user.email,
    password: TEST_PASSWORD,
  });
  assert.equal(signedIn.statusCode, 303, 'the password is right');
  const codePage = await send('GET', String(signedIn.headers.location));
  const withCode = await send('POST', '/sign-in/code', {
    _csrf: csrfOf(codePage.body),
    code: await nextCode(user.email),
  });
  assert.equal(withCode.statusCode, 303, 'signed in with a code (the pending cookie is Secure too)');
  cookies.clear();

  const code = (await event(hub, user.accountId)).joinCode;
  const joinPage = await send('GET', '/join');
  const joined = await send('POST', '/join', { _csrf: csrfOf(joinPage.body), code });
  assert.equal(joined.statusCode, 303, 'joined');
  const eventPage = await send('GET', String(joined.headers.location));
  const action = /<form[^>]*action="([^"]+)"[^>]*id="send"/.exec(eventPage.body)?.[1];
  assert.ok(action, 'the event page has the send form');
  const sent = await send('POST', action, {
    _csrf: csrfOf(eventPage.body),
    kind: 'question',
    body: 'Who funds the youth work?',
  });
  assert.ok(sent.statusCode < 400, `question sent (${sent.statusCode})`);
  return set;
}

for (const reached of OVER_HTTPS) {
  test(`over HTTPS (${reached.name}): every security header including HSTS and upgrade-insecure-requests; cookies are Secure`, async (t) => {
    const hub = await buildTestHub(t, reached.overrides);
    await withPartnership(hub);
    const response = await hub.app.inject({ method: 'GET', url: '/sign-in', headers: reached.headers });
    for (const header of HEADERS_ALWAYS) assert.ok(response.headers[header], `${header} is sent`);
    for (const header of HEADERS_OVER_HTTPS_ONLY) assert.ok(response.headers[header], `${header} is sent`);
    assert.match(String(response.headers['content-security-policy']), /upgrade-insecure-requests/);
    assert.match(String(response.headers['strict-transport-security']), /max-age=\d{6,}/);

    const cookies = await cookiesOfAWholeVisit(hub, reached.headers);
    assert.ok(
      ['hub_pre', 'hub_session'].every((name) => cookies.some((c) => c.name === name)),
      'pre-session and session cookies were set',
    );
    assert.ok(
      cookies.some((c) => !['hub_pre', 'hub_session'].includes(c.name)),
      'a delegate cookie was set',
    );
    assert.deepEqual(
      cookies.filter((c) => !c.secure).map((c) => c.name),
      [],
      'every cookie is Secure',
    );
  });
}

for (const reached of OVER_HTTP) {
  test(`over plain HTTP (${reached.name}): no HSTS, COOP or upgrade-insecure-requests, no Secure cookies; the rest of the headers stay`, async (t) => {
    const hub = await buildTestHub(t, reached.overrides);
    await withPartnership(hub);
    const response = await hub.app.inject({ method: 'GET', url: '/sign-in', headers: reached.headers });
    for (const header of HEADERS_ALWAYS) assert.ok(response.headers[header], `${header} is sent`);
    assert.doesNotMatch(String(response.headers['content-security-policy']), /upgrade-insecure-requests/);
    assert.match(String(response.headers['content-security-policy']), /form-action 'self'/);
    for (const header of HEADERS_OVER_HTTPS_ONLY)
      assert.equal(response.headers[header], undefined, `${header} is not sent`);

    const cookies = await cookiesOfAWholeVisit(hub, reached.headers);
    assert.ok(cookies.length >= 3, 'cookies were set');
    assert.deepEqual(
      cookies.filter((c) => c.secure).map((c) => c.name),
      [],
      'no cookie is Secure',
    );
  });
}

test('NODE_ENV=production alone does not make cookies Secure: PUBLIC_URL or a trusted proxy decides', async (t) => {
  const hub = await buildTestHub(t, { production: true });
  await withPartnership(hub);
  const response = await hub.app.inject({ method: 'GET', url: '/sign-in' });
  assert.equal(response.cookies.find((c) => c.name === 'hub_pre')?.secure, undefined);
  assert.equal(response.headers['strict-transport-security'], undefined);
});

/* ------------------------------------------------------------------------------------------
 * CSRF: another site's page cannot write, and an upload's token comes before its file.
 * ---------------------------------------------------------------------------------------- */

const FORM = 'application/x-www-form-urlencoded';

async function coordinatorOnAreas(hub: TestHub) {
  const { browser } = await signedIn(hub, 'coordinator');
  const page = await browser.get('/areas');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const postArea = (name: string, headers: Record<string, string>) =>
    hub.app.inject({
      method: 'POST',
      url: '/areas',
      headers: { cookie: browser.cookieHeader, 'content-type': FORM, ...headers },
      payload: new URLSearchParams({ _csrf: csrf, name, kind: 'district' }).toString(),
    });
  const areaNames = async () => (await browser.get('/areas')).body;
  return { browser, csrf, postArea, areaNames };
}

test('a form posted from another origin is refused with a GOV.UK page, even with a valid token; the Hub’s own origin is accepted', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { postArea, areaNames } = await coordinatorOnAreas(hub);

  const refusals: Record<string, string>[] = [
    { origin: 'https://evil.example' },
    { origin: 'http://localhost:8080' }, // another port is another origin
    { origin: 'https://localhost' }, // and another scheme
    { origin: 'null' }, // a page hiding where it is
    { referer: 'https://evil.example/phish.html' }, // an old browser names the page instead
  ];
  for (const [i, headers] of refusals.entries()) {
    const response = await postArea(`Forged ${i}`, headers);
    assert.equal(response.statusCode, 403, JSON.stringify(headers));
    assert.match(response.body, /govuk-template/);
    assert.match(response.body, /sent from another website/);
  }
  assert.doesNotMatch(await areaNames(), /Forged/, 'nothing was saved');

  // inject's requests arrive for Host "localhost:80", which browsers write as http://localhost.
  assert.equal((await postArea('Same origin', { origin: 'http://localhost' })).statusCode, 303);
  assert.equal((await postArea('Same page', { referer: 'http://localhost/areas' })).statusCode, 303);
  assert.equal((await postArea('No origin at all', {})).statusCode, 303, 'curl and old browsers: the token decides');
  const saved = await areaNames();
  for (const name of ['Same origin', 'Same page', 'No origin at all'])
    assert.ok(saved.includes(name), `${name} was saved`);
});

test('behind a proxy, the Hub’s origin is PUBLIC_URL or the one the proxy reports', async (t) => {
  const hub = await buildTestHub(t, { publicUrl: 'https://hub.example.org', trustProxy: true });
  await withPartnership(hub);
  const { postArea } = await coordinatorOnAreas(hub);
  assert.equal((await postArea('Public address', { origin: 'https://hub.example.org' })).statusCode, 303);
  const proxied = {
    origin: 'https://prevent.example.gov.uk',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'prevent.example.gov.uk',
  };
  assert.equal((await postArea('Through the proxy', proxied)).statusCode, 303);
  assert.equal((await postArea('Elsewhere', { origin: 'https://hub.example.org.evil.example' })).statusCode, 403);
});

/** A multipart body with its parts in the order given. */
function multipart(parts: ({ name: string; value: string } | { name: string; filename: string; content: Buffer })[]) {
  const boundary = `----hubtest${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      'filename' in part
        ? `form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: application/pdf`
        : `form-data; name="${part.name}"`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`),
      'filename' in part ? part.content : Buffer.from(part.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, payload: Buffer.concat(chunks) };
}

test('an upload must carry the CSRF token as its first field, and come from the Hub’s own origin', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const page = await browser.get('/documents/new');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const file = { name: 'file', filename: 'paper.pdf', content: Buffer.from('%PDF-1.4\nminutes\n') };
  const fields = (title: string) => [
    { name: 'title', value: title },
    { name: 'marking', value: 'OFFICIAL' },
    { name: 'audience', value: 'everyone' },
  ];
  const upload = (body: ReturnType<typeof multipart>, headers: Record<string, string> = {}) =>
    hub.app.inject({
      method: 'POST',
      url: '/documents',
      headers: { cookie: browser.cookieHeader, 'content-type': body.contentType, ...headers },
      payload: body.payload,
    });
  const titles = async () =>
    (await hub.database.db.select({ title: documents.title }).from(documents).orderBy(documents.id)).map(
      (row) => row.title,
    );

  const tokenLast = await upload(multipart([...fields('Token after the file'), file, { name: '_csrf', value: csrf }]));
  assert.equal(tokenLast.statusCode, 403, 'token after the file');
  const tokenAfterFields = await upload(
    multipart([...fields('Token after the fields'), { name: '_csrf', value: csrf }, file]),
  );
  assert.equal(tokenAfterFields.statusCode, 403, 'token after other fields, before the file');
  const tokenLastNoFile = await upload(multipart([...fields('Token last, no file'), { name: '_csrf', value: csrf }]));
  assert.equal(tokenLastNoFile.statusCode, 403, 'token last in a form without a file');
  const foreign = await upload(multipart([{ name: '_csrf', value: csrf }, ...fields('From another site'), file]), {
    origin: 'https://evil.example',
  });
  assert.equal(foreign.statusCode, 403, 'foreign origin');
  assert.match(foreign.body, /sent from another website/);
  assert.deepEqual(await titles(), [], 'nothing was stored');

  const good = await upload(
    multipart([{ name: '_csrf', value: csrf }, ...fields('Minutes of the Silver group'), file]),
    { origin: 'http://localhost' },
  );
  assert.equal(good.statusCode, 303, good.body);
  assert.deepEqual(await titles(), ['Minutes of the Silver group']);
});

test('PUBLIC_URL must be a plain http(s) address without a trailing slash; TRUST_PROXY takes Fastify’s forms', () => {
  const load = (env: Record<string, string>) =>
    loadConfig({ SESSION_SECRET: 'x'.repeat(32), DATA_DIR: tmpdir(), ...env });
  assert.equal(load({ PUBLIC_URL: 'https://hub.example.org' }).publicUrl, 'https://hub.example.org');
  assert.equal(load({ PUBLIC_URL: 'https://example.org/prevent-hub' }).publicUrl, 'https://example.org/prevent-hub');
  for (const bad of [
    'https://hub.example.org/',
    'hub.example.org',
    'ftp://hub.example.org',
    'https://user:pw@hub.example.org',
    'https://hub.example.org/?x=1',
  ]) {
    assert.throws(() => load({ PUBLIC_URL: bad }), /PUBLIC_URL/, bad);
  }
  assert.equal(load({}).trustProxy, false);
  assert.equal(load({ TRUST_PROXY: 'true' }).trustProxy, true);
  assert.equal(load({ TRUST_PROXY: '1' }).trustProxy, 1);
  assert.equal(load({ TRUST_PROXY: '127.0.0.1,10.0.0.0/8' }).trustProxy, '127.0.0.1,10.0.0.0/8');
});
