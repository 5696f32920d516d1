import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PUBLIC_ROUTES, routeKey } from '../src/auth/public-routes.ts';
import { buildTestHub, signedIn, withPartnership } from './helpers.ts';

/** A concrete URL for a route pattern: every parameter 1, every wildcard a file name. */
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, '1').replace('*', 'x.txt');

test('every route Fastify knows, every method, HEAD included, refuses a signed-out request unless it is on the public list', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  await hub.app.ready();
  const routes = hub.app.routeTable;
  assert.ok(routes.length > 80, `expected the whole Hub's routes, found ${routes.length}`);
  const methods = new Set(routes.map((r) => r.method));
  assert.ok(methods.has('HEAD'), 'HEAD routes are enumerated too');

  const publicSeen = new Set<string>();
  for (const route of routes) {
    const key = routeKey(route.method === 'HEAD' ? 'GET' : route.method, route.url);
    if (route.public) {
      assert.ok(PUBLIC_ROUTES.has(key), `${key} is public but not on the reviewed list`);
      publicSeen.add(key);
      continue;
    }
    const response = await hub.app.inject({
      method: route.method as 'GET',
      url: concrete(route.url),
      ...(route.method === 'GET' || route.method === 'HEAD'
        ? {}
        : { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'x=1' }),
    });
    if (route.method === 'GET' || route.method === 'HEAD') {
      assert.equal(response.statusCode, 303, `${route.method} ${route.url} answered ${response.statusCode} signed out`);
      assert.match(String(response.headers.location), /^\/sign-in\?next=/, `${route.method} ${route.url}`);
    } else {
      assert.equal(response.statusCode, 401, `${route.method} ${route.url} answered ${response.statusCode} signed out`);
    }
    assert.doesNotMatch(response.body, /hub_test|select |insert /i, 'nothing leaks');
  }
  assert.deepEqual([...publicSeen].sort(), [...PUBLIC_ROUTES].sort(), 'every reviewed public route exists');
});

test('routes limited to administrators refuse every other role', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'viewer');
  for (const url of ['/accounts', '/accounts/new', '/audit-log', '/audit-log.csv']) {
    assert.equal((await browser.get(url)).statusCode, 403, url);
  }
});
