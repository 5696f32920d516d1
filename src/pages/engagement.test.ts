import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, buildTestHub, signedIn, withPartnership } from '../../test/helpers.ts';
import { event } from '../../test/factories.ts';
import { rowText, textOf } from '../../test/html.ts';
import { eventEngagementEntries, periodFrom, summariseEngagement } from '../modules/events/index.ts';

test('engagement log: audiences reached and not reached in a period', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { user } = await signedIn(hub, 'coordinator');
  await event(hub, user.accountId, {
    title: 'Youth forum',
    heldOn: '2026-03-10',
    audiences: ['young_people', 'non_school_youth_settings'],
    attendance: 40,
  });
  await event(hub, user.accountId, {
    title: 'Community forum',
    heldOn: '2026-04-02',
    audiences: ['faith_communities', 'public', 'young_people'],
    attendance: 120,
    status: 'closed',
  });
  await event(hub, user.accountId, {
    title: 'Draft event',
    heldOn: '2026-04-05',
    audiences: ['councillors'],
    status: 'draft',
  });
  await event(hub, user.accountId, { title: 'Last year', heldOn: '2025-01-05', audiences: ['women'], attendance: 9 });

  // Any signed-in user may read it; signed out, it asks to sign in.
  const { browser: viewer } = await signedIn(hub, 'viewer');
  assert.equal((await new Browser(hub.app).get('/engagement')).statusCode, 303);
  const page = await viewer.get('/engagement?from=2026-01-01&to=2026-12-31');
  assert.equal(page.statusCode, 200);
  assert.equal(rowText(page.body, '>Young people<'), 'Young people 2 160 Reached');
  assert.equal(rowText(page.body, '>Women<'), 'Women 0 0 Not reached');
  assert.equal(rowText(page.body, '>Councillors<'), 'Councillors 0 0 Not reached', 'draft events do not count');
  const text = textOf(page.body);
  assert.match(text, /2 held, 160 people attending in all/);
  assert.match(text, /Not reached Councillors Women Schools Frontline staff/);
  assert.match(text, /Youth forum/);
  assert.doesNotMatch(text, /Last year|Draft event/);

  const period = { from: '2026-01-01', to: '2026-12-31' };
  const log = summariseEngagement(period, await eventEngagementEntries(hub.database.db, period));
  assert.deepEqual(log.notReached, ['councillors', 'women', 'schools', 'frontline_staff']);
  assert.equal(log.audiences.find((a) => a.audience === 'public')!.held, 1);

  // Empty state.
  const empty = await viewer.get('/engagement?from=2020-01-01&to=2020-12-31');
  assert.match(empty.body, /Nothing was held in this period/);
  assert.match(textOf(empty.body), /Not reached Councillors Young people Women/);

  // Invalid periods.
  const reversed = await viewer.get('/engagement?from=2026-12-31&to=2026-01-01');
  assert.equal(reversed.statusCode, 400);
  assert.match(reversed.body, /The end of the period must be the same as or after its start/);
  const bad = await viewer.get('/engagement?from=31/12/2026');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the start of the period as a real date/);
  // No period: the last twelve months.
  assert.equal((await viewer.get('/engagement')).statusCode, 200);
  assert.deepEqual(periodFrom({}, new Date('2026-11-23T10:00:00Z')), { from: '2025-11-24', to: '2026-11-23' });
});

test('engagement log: entries from other modules count beside events, in date order', () => {
  const period = { from: '2026-01-01', to: '2026-12-31' };
  const entry = (kind: string, heldOn: string, attendance: number | null, audiences: ('women' | 'schools')[]) => ({
    kind,
    title: `${kind} on ${heldOn}`,
    href: null,
    heldOn,
    place: null,
    attendance,
    audiences,
  });
  const log = summariseEngagement(period, [
    entry('conference', '2026-05-01', 100, ['schools']),
    entry('training_session', '2026-02-01', 12, ['women', 'schools']),
    entry('project_delivery', '2026-03-01', null, ['women']),
  ]);
  assert.deepEqual(
    log.entries.map((e) => e.kind),
    ['training_session', 'project_delivery', 'conference'],
  );
  assert.deepEqual(
    log.audiences.find((a) => a.audience === 'schools'),
    { audience: 'schools', held: 2, attendance: 112 },
  );
  assert.deepEqual(
    log.audiences.find((a) => a.audience === 'women'),
    { audience: 'women', held: 2, attendance: 12 },
  );
  assert.equal(log.totalAttendance, 112);
  assert.ok(log.notReached.includes('councillors') && !log.notReached.includes('women'));
});
