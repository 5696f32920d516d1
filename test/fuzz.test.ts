import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { RouteInput } from '../src/plugins/input.ts';
import type { Browser } from './helpers.ts';
import { concretePath, demoHub, fieldsOf, routesOf, sampleForm, type DemoHub, type Form } from './input-routes.ts';

/*
 * Malformed input must never be a 500. Every form (each POST route in the route table) and every
 * filter (each GET route that reads a querystring) gets plausible forms with random and hostile
 * values mixed in, as a coordinator and as an administrator; every path gets hostile ids.
 * The seed is fixed and printed: FUZZ_SEED=<seed> replays a run, FUZZ_RUNS=<n> runs more cases.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_125);
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);

const HOSTILE = [
  '2147483648',
  '2147483647',
  '-2147483649',
  '9007199254740993',
  '99999999999999999999999',
  '-1',
  '0',
  '1.5',
  '1e400',
  '-0',
  'NaN',
  'Infinity',
  '0x10',
  '\u0000',
  'a\u0000b',
  'admin@example.org\u0000',
  '%00',
  '',
  ' ',
  '\t\r\n',
  '__proto__',
  'constructor',
  'null',
  'true',
  '[]',
  '{}',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '\\',
  '２０２６-０１-０１',
  '2026-02-30',
  '9999-12-31',
  '0000-00-00',
  '25:61',
  '\uFEFF',
  '\u202E',
  '\uD800',
  '😀'.repeat(200),
  'ß'.repeat(3000),
  'x'.repeat(70_000),
];

const scalar: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);
/** A field's value: one string, or the same name repeated (an array where a scalar is expected). */
const value: fc.Arbitrary<string | string[]> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { minLength: 2, maxLength: 4 }) },
);
/** Names no form has: object-looking keys, prototype keys, a NUL in the name. */
const strayNames = fc.constantFrom(
  'status',
  'role',
  'id',
  'x[y]',
  'items[]',
  '__proto__',
  'constructor',
  'a\u0000b',
  'personId',
  'currentVersion',
);

/** A plausible form with some of its fields (or all) replaced by hostile values, and maybe stray fields. */
function hostileForm(names: string[], plausible: Form): fc.Arbitrary<Form> {
  const fields = Object.fromEntries(names.map((name) => [name, fc.option(value, { nil: undefined, freq: 2 })]));
  return fc.tuple(fc.record(fields), fc.dictionary(strayNames, value, { maxKeys: 2 })).map(([chosen, stray]) => {
    const form: Form = { ...plausible };
    for (const [name, v] of Object.entries(chosen)) if (v !== undefined) form[name] = v;
    return { ...form, ...stray };
  });
}

const as = fc.constantFrom<'admin' | 'coordinator'>('admin', 'coordinator');

async function send(browser: Browser, route: RouteInput, path: string, form: Form) {
  if (route.method === 'GET') {
    const query = new URLSearchParams();
    for (const [name, v] of Object.entries(form))
      for (const one of Array.isArray(v) ? v : [v]) query.append(name, String(one));
    return browser.get(`${path}?${query}`);
  }
  return route.upload ? browser.postMultipart(path, form) : browser.post(path, form);
}

/** Runs the cases for one route; a 5xx is a failure, reported with what was sent. */
async function fuzz(
  label: string,
  seed: number,
  runs: number,
  arbitrary: fc.Arbitrary<[Browser, Form]>,
  request: (browser: Browser, form: Form) => Promise<{ statusCode: number }>,
) {
  const result = await fc.check(
    fc.asyncProperty(arbitrary, async ([browser, form]) => (await request(browser, form)).statusCode < 500),
    { seed, numRuns: runs, endOnFailure: true },
  );
  if (!result.failed) return undefined;
  const [, form] = (result.counterexample?.[0] ?? []) as [unknown, Form?];
  const shortened = Object.fromEntries(
    Object.entries(form ?? {}).map(([name, v]) => [
      name,
      Array.isArray(v) ? v.map((one) => String(one).slice(0, 40)) : String(v).slice(0, 40),
    ]),
  );
  const example = JSON.stringify(shortened);
  return `${label} answered 5xx (seed ${seed}): ${example}`;
}

/** Live streams answer for as long as the page is open; their `after` is an integer bounded like any other. */
const STREAM = /\/live$/;

const writesLast = (route: RouteInput) =>
  /\/sign-out$/.test(route.url) ? 2 : /\/(account\/password|disable|archive|close|supersede)$/.test(route.url) ? 1 : 0;

// One demo partnership for the file: seeding it is the slow part.
const demo: DemoHub = await demoHub({ after });
const { hub } = demo;

test('ids beyond the database integer range name no page, and a NUL in a field is a GOV.UK error on that field', async () => {
  const { admin } = demo;
  for (const url of [
    '/groups/2147483648',
    '/people/2147483648/edit',
    '/plans/2147483648',
    '/events/2147483648/moderate',
    '/meetings/99999999999999999999',
  ]) {
    assert.equal((await admin.get(url)).statusCode, 404, url);
  }
  const search = await admin.get('/search?q=pre%00vent');
  assert.equal(search.statusCode, 400);
  assert.match(search.body, /govuk-error-message[\s\S]*must not contain the null character/);
  await admin.get('/groups/new');
  const group = await admin.post('/groups', { name: 'Silver\u0000group', kind: 'silver' });
  assert.equal(group.statusCode, 400);
  assert.match(group.body, /href="#name">[^<]*must not contain the null character/);
  for (const id of ['2147483648', '1e400', 'Infinity']) {
    const filter = await admin.get(`/people?organisationId=${id}`);
    assert.ok(filter.statusCode < 500, `a filter with the id ${id} answered ${filter.statusCode}`);
    assert.equal((await admin.get(`/groups/${id}`)).statusCode, 404, `/groups/${id}`);
  }
});

test(
  `no form, filter or path answers 5xx to random and hostile input (seed ${SEED})`,
  { timeout: 600_000 },
  async (t) => {
    t.diagnostic(`fuzz seed ${SEED}, ${RUNS} cases per form: replay with FUZZ_SEED=${SEED}`);
    const browserOf = (who: 'admin' | 'coordinator') => demo[who];
    const forms = routesOf(hub, 'POST').sort((a, b) => writesLast(a) - writesLast(b));
    const filters = routesOf(hub, 'GET').filter((route) => route.querystring && !STREAM.test(route.url));
    assert.ok(
      forms.length > 80 && filters.length > 15,
      `expected every form and filter, found ${forms.length} and ${filters.length}`,
    );

    const failures: string[] = [];
    let seed = SEED;
    for (const route of [...filters, ...forms]) {
      const schema = route.method === 'GET' ? route.querystring : route.body;
      const path = await concretePath(hub, route.url);
      const plausible = route.method === 'GET' ? {} : await sampleForm(hub, schema, seed);
      const arbitrary = fc.tuple(
        as.map(browserOf),
        hostileForm(
          fieldsOf(schema).filter((name) => name !== '_csrf'),
          plausible,
        ),
      );
      const failed = await fuzz(`${route.method} ${route.url}`, (seed += 1), RUNS, arbitrary, async (browser, form) => {
        // A delegate's page first, as a phone joins before it sends anything.
        if (route.url.startsWith('/e/')) await browser.get(path.split('/').slice(0, 3).join('/'));
        return send(browser, route, path, form);
      });
      if (failed) failures.push(failed);
    }

    // Hostile ids and codes in every path: a missing page, never an error.
    const hostileSegment = fc.constantFrom(
      '2147483648',
      '99999999999999999999',
      '-1',
      '0',
      '1.5',
      '1e3',
      '1e400',
      'Infinity',
      '%00',
      'a%00b',
      '%E2%80%AE',
      'x'.repeat(300),
    );
    for (const route of hub.app.routeInputs.filter(
      (r) => r.url.includes(':') && (r.method === 'GET' || r.method === 'POST'),
    )) {
      const names = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
      const arbitrary = fc.tuple(
        as.map(browserOf),
        fc.record(Object.fromEntries(names.map((name) => [name, hostileSegment]))),
      );
      const failed = await fuzz(`${route.method} ${route.url}`, (seed += 1), 2, arbitrary, (browser, segments) => {
        const path = route.url.replace(/:([A-Za-z]+)/g, (_, name: string) => String(segments[name]));
        return route.method === 'GET' ? browser.get(path) : browser.post(path, {});
      });
      if (failed) failures.push(failed);
    }
    assert.deepEqual(failures, []);
  },
);
