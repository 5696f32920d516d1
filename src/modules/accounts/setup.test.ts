import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { Browser, buildTestHub } from '../../../test/helpers.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { SETUP_CODE_GUESSES } from './setup.routes.ts';

const ann = {
  partnershipName: 'Stockton-on-Tees Prevent partnership',
  name: 'Ann Example',
  email: 'Ann@Example.org',
  password: 'a long enough password',
};

test('setup asks for the setup code, names the partnership, signs the first administrator in, then is gone', async (t) => {
  const hub = await buildTestHub(t);
  const browser = new Browser(hub.app);
  assert.equal((await browser.get('/')).statusCode, 303);
  assert.equal((await browser.get('/sign-in')).headers.location, '/setup');
  const form = await browser.get('/setup');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Set up the Hub/);
  assert.match(form.body, /Setup code/);
  assert.match(hub.app.setupCode, /^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);

  const invalid = await browser.post('/setup', {
    partnershipName: '',
    name: 'Ann Example',
    email: 'not-an-email',
    password: 'short',
  });
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.body, /There is a problem/);
  assert.match(invalid.body, /Enter the setup code shown where the Hub was started/);
  assert.match(invalid.body, /Enter the name of the partnership/);
  assert.match(invalid.body, /Enter an email address in the correct format/);
  assert.match(invalid.body, /Password must be at least 12 characters/);
  assert.match(invalid.body, /value="Ann Example"/, 'what the user typed is kept');

  const wrong = await browser.post('/setup', { ...ann, setupCode: 'abcd-efgh-jkmn-pqrs' });
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.body, /The setup code is not right/);
  assert.match(wrong.body, /href="#setupCode"/, 'the error summary links to the field');
  assert.equal(await hub.app.partnershipName(), null, 'nothing set up');

  const done = await browser.post('/setup', { ...ann, setupCode: hub.app.setupCode.toUpperCase() });
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, '/');
  const home = await browser.get('/');
  assert.equal(home.statusCode, 200, 'the new administrator is signed in');
  assert.match(home.body, /Stockton-on-Tees Prevent partnership/);
  assert.equal((await browser.get('/accounts')).statusCode, 200, 'as an administrator');

  assert.equal((await browser.get('/setup')).statusCode, 404);
  const again = new Browser(hub.app);
  assert.equal(
    (await again.post('/setup', { ...ann, partnershipName: 'Another', setupCode: hub.app.setupCode })).statusCode,
    404,
  );
  const [entry] = await hub.database.db.select().from(auditLog).where(eq(auditLog.action, 'setup.completed'));
  assert.equal(entry!.actor, 'ann@example.org');
});

test('guesses at the setup code are limited, and the right code from another source still works', async (t) => {
  const hub = await buildTestHub(t);
  const guesser = async (remoteAddress: string) => {
    const page = await hub.app.inject({ method: 'GET', url: '/setup', remoteAddress });
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    return (setupCode: string) =>
      hub.app.inject({
        method: 'POST',
        url: '/setup',
        remoteAddress,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, ...ann, setupCode }).toString(),
      });
  };
  const stranger = await guesser('10.0.0.66');
  const guesses = Array.from({ length: 40 }, (_, i) => (i === 30 ? hub.app.setupCode : `guess-${i}`));
  const responses = await Promise.all(guesses.map((code) => stranger(code)));
  assert.ok(
    responses.every((r) => r.statusCode === 400),
    'the right code after the limit is refused too',
  );
  assert.equal(responses.filter((r) => /The setup code is not right/.test(r.body)).length, SETUP_CODE_GUESSES);
  assert.match(responses.at(-1)!.body, /Too many wrong setup codes/);
  assert.equal(await hub.app.partnershipName(), null);

  const owner = await guesser('127.0.0.1');
  assert.equal((await owner(hub.app.setupCode)).statusCode, 303);
});
