import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { buildTestHub, signedIn, withPartnership } from './helpers.ts';

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

  const json = await hub.app.inject({ method: 'POST', url: '/areas', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'X', kind: 'city' }) });
  assert.equal(json.statusCode, 415);
  const text = await hub.app.inject({ method: 'POST', url: '/areas', headers: { ...headers, 'content-type': 'text/plain' }, payload: 'name=X' });
  assert.equal(text.statusCode, 415);

  const big = await hub.app.inject({ method: 'POST', url: '/areas', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: `name=${'a'.repeat(400 * 1024)}` });
  assert.equal(big.statusCode, 413);

  const csrf = encodeURIComponent(/name="_csrf" value="([^"]+)"/.exec((await browser.get('/areas')).body)![1]!);
  for (const attack of ['__proto__[admin]=1', 'constructor[prototype][x]=1', '__proto__=1']) {
    const payload = `_csrf=${csrf}&${attack}&name=X&kind=city`;
    const response = await hub.app.inject({ method: 'POST', url: '/areas', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, payload });
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
  assert.equal((await browser.get('/accounts/999999')).statusCode, 403, 'viewers are refused before existence is checked');

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
