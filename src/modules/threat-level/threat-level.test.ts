import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { desc, like } from 'drizzle-orm';
import { buildTestHub, signedIn, withPartnership } from '../../../test/helpers.ts';
import { textOf } from '../../../test/html.ts';
import { createViewEnvironment } from '../../views/views.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { seedThreatLevelDemo } from '../../demo/demo-threat-level.ts';
import { disruptedPlotsFor, meaningOn, threatLevelOn } from './index.ts';
import { THREAT_LEVELS } from './threat-level.tables.ts';
import { threatLevelHistory, todayInLondon } from './threat-level.reads.ts';

const dayAfter = (day: string, days = 1) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

test('the shipped history is the CSV beside the module, row for row, and the newest row is to be confirmed', async (t) => {
  const hub = await buildTestHub(t);
  const lines = readFileSync(new URL('./threat-levels.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const history = await threatLevelHistory(hub.database.db);
  assert.equal(history.length, lines.length);
  lines.forEach((line, i) => {
    const [date, level, scope] = line.split(',');
    const row = history[i]!;
    assert.deepEqual([row.inForceFrom, row.level, row.scope], [date, level, scope!.replaceAll(' ', '_')]);
    assert.equal(row.provenance, 'published');
    assert.equal(row.toConfirm, i === lines.length - 1, `to confirm: ${date}`);
  });
});

test('the level in force on dates around each boundary, with the wording of the day', async (t) => {
  const hub = await buildTestHub(t);
  const db = hub.database.db;
  const on = async (day: string) => (await threatLevelOn(db, day, '2026-11-26'))!;
  assert.equal(await threatLevelOn(db, '2006-07-31'), null, 'nothing before the first published level');
  assert.equal((await on('2006-08-01')).level, 'SEVERE');
  assert.equal((await on('2006-08-10')).level, 'CRITICAL');
  assert.equal((await on('2006-08-13')).level, 'CRITICAL');
  assert.equal((await on('2006-08-14')).level, 'SEVERE');
  assert.equal((await on('2017-05-22')).level, 'SEVERE');
  const manchester = await on('2017-05-23');
  assert.equal(manchester.level, 'CRITICAL');
  assert.equal(manchester.meaning, 'an attack is expected imminently');
  assert.equal(
    manchester.sentence,
    'On 23 May 2017 the national threat level for international terrorism was CRITICAL, meaning an attack was expected imminently.',
  );
  assert.equal((await on('2017-05-27')).level, 'SEVERE');
  const before = await on('2019-07-22');
  const after = await on('2019-07-23');
  assert.deepEqual([before.level, before.scope], ['SEVERE', 'international_terrorism']);
  assert.deepEqual([after.level, after.scope], ['SEVERE', 'all_forms_of_terrorism']);
  assert.equal((await on('2019-11-03')).level, 'SEVERE');
  const substantial = await on('2019-11-04');
  assert.equal(substantial.meaning, 'an attack is likely');
  assert.equal(substantial.since, '2019-11-04');
  assert.equal((await on('2011-07-11')).meaning, 'an attack is a strong possibility', 'the wording before July 2019');
  assert.deepEqual(
    ['2019-07-22', '2019-07-23'].map((day) => THREAT_LEVELS.map((level) => meaningOn(level, day))),
    [
      [
        'an attack is unlikely',
        'an attack is possible but not likely',
        'an attack is a strong possibility',
        'an attack is highly likely',
        'an attack is expected imminently',
      ],
      [
        'an attack is highly unlikely',
        'an attack is possible but not likely',
        'an attack is likely',
        'an attack is highly likely',
        'an attack is highly likely in the near future',
      ],
    ],
  );
  const today = (await threatLevelOn(db, '2026-11-26', '2026-11-26'))!;
  assert.equal(today.sentence, 'The national threat level is SEVERE, meaning an attack is highly likely.');
  assert.equal(today.toConfirm, true);
});

test('the page looks up a date, refuses one before August 2006 or in the future, and shows the history', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'viewer');
  const page = await browser.get('/threat-level');
  assert.equal(page.statusCode, 200);
  const text = textOf(page.body);
  assert.match(text, /The national threat level is SEVERE, meaning an attack is highly likely\./);
  assert.match(text, /To be confirmed against mi5\.gov\.uk/);
  assert.match(page.body, /<svg[^>]+role="img"/);
  // The chart joins a change of scope alone into the band before it, and marks the day instead.
  const chart = /<desc[^>]*>([^<]*)<\/desc>/.exec(page.body)![1]!;
  assert.match(chart, /SEVERE: from 17 September 2017 to 4 November 2019;/);
  assert.match(chart, /23 July 2019: Covers all forms/);
  assert.match(text, /23 May 2017 CRITICAL International terrorism Manchester Arena attack/);
  assert.doesNotMatch(page.body, /Record a change of level/, 'a viewer is not offered the form');

  const lookUp = await browser.get('/threat-level?on=2019-07-22');
  assert.match(textOf(lookUp.body), /On 22 July 2019 the national threat level for international terrorism was SEVERE/);
  const early = await browser.get('/threat-level?on=2006-07-31');
  assert.equal(early.statusCode, 400);
  assert.match(textOf(early.body), /Enter a date on or after 1 August 2006/);
  const future = await browser.get(`/threat-level?on=${dayAfter(todayInLondon())}`);
  assert.equal(future.statusCode, 400);
  assert.match(textOf(future.body), /today’s date or a date in the past/);
  const nonsense = await browser.get('/threat-level?on=2019-02-30x');
  assert.equal(nonsense.statusCode, 400);
  assert.match(textOf(nonsense.body), /Enter a real date/);
});

const latestAudit = async (hub: Awaited<ReturnType<typeof buildTestHub>>, prefix: string) =>
  hub.database.db
    .select()
    .from(auditLog)
    .where(like(auditLog.action, `${prefix}%`))
    .orderBy(desc(auditLog.id));

test('a coordinator records a change and corrects it; both records are kept and audited', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser, user } = await signedIn(hub, 'coordinator', 'Ruth Coordinator');
  await browser.get('/threat-level/changes/new');
  const today = todayInLondon();
  const recorded = await browser.post('/threat-level/changes', {
    inForceFrom: today,
    level: 'CRITICAL',
    scope: 'all_forms_of_terrorism',
    note: 'JTAC raised the level',
  });
  assert.equal(recorded.statusCode, 303, recorded.body.slice(0, 500));
  assert.equal((await threatLevelOn(hub.database.db))!.level, 'CRITICAL');
  const [entry] = await latestAudit(hub, 'threat_level.');
  assert.equal(entry!.action, 'threat_level.recorded');
  assert.equal(entry!.accountId, user.accountId);

  const changeId = (await threatLevelOn(hub.database.db))!.changeId;
  await browser.get(`/threat-level/changes/${changeId}/correct`);
  const corrected = await browser.post(`/threat-level/changes/${changeId}/correct`, {
    inForceFrom: today,
    level: 'SUBSTANTIAL',
    scope: 'all_forms_of_terrorism',
    note: 'Corrected: the level went down, not up',
  });
  assert.equal(corrected.statusCode, 303, corrected.body.slice(0, 500));
  assert.equal((await threatLevelOn(hub.database.db))!.level, 'SUBSTANTIAL');
  const history = await threatLevelHistory(hub.database.db);
  const earlier = history.find((row) => row.id === changeId)!;
  assert.equal(earlier.level, 'CRITICAL', 'the corrected record is kept as it was');
  assert.equal(earlier.correctedBy, 'Ruth Coordinator');
  assert.ok(earlier.correctedAt);
  assert.equal((await latestAudit(hub, 'threat_level.'))[0]!.action, 'threat_level.corrected');
  const page = textOf((await browser.get('/threat-level')).body);
  assert.match(page, /Records since corrected \(1\)/);
  assert.match(page, /by Ruth Coordinator on/);

  const again = await browser.post(`/threat-level/changes/${changeId}/correct`, {
    inForceFrom: today,
    level: 'MODERATE',
    scope: 'all_forms_of_terrorism',
  });
  assert.equal(again.statusCode, 400);
  assert.match(textOf(again.body), /already been corrected: correct the newer record instead/);
});

test('a coordinator confirms the newest level against MI5 by saving its record unchanged', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  const newest = (await threatLevelOn(hub.database.db))!;
  assert.equal(newest.toConfirm, true);
  const form = await browser.get(`/threat-level/changes/${newest.changeId}/correct`);
  assert.match(textOf(form.body), /came from news coverage\. Check it on mi5\.gov\.uk/);
  const saved = await browser.post(`/threat-level/changes/${newest.changeId}/correct`, {
    inForceFrom: newest.since,
    level: newest.level,
    scope: newest.scope,
    note: 'Checked on mi5.gov.uk/threat-levels',
  });
  assert.equal(saved.statusCode, 303, textOf(saved.body).slice(0, 300));
  const confirmed = (await threatLevelOn(hub.database.db))!;
  assert.deepEqual([confirmed.level, confirmed.since, confirmed.toConfirm], [newest.level, newest.since, false]);
  assert.doesNotMatch(
    textOf((await browser.get('/threat-level')).body),
    /Check the level on MI5’s page before quoting it/,
  );
});

test('bad changes are refused with a message on the field', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  await browser.get('/threat-level/changes/new');
  const post = (form: Record<string, string>) => browser.post('/threat-level/changes', form);
  const cases: [Record<string, string>, RegExp][] = [
    [{ level: 'SEVERE', scope: 'all_forms_of_terrorism' }, /Enter the date the level changed/],
    [
      { inForceFrom: dayAfter(todayInLondon()), level: 'LOW', scope: 'all_forms_of_terrorism' },
      /must be today or in the past/,
    ],
    [{ inForceFrom: '2006-07-31', level: 'LOW', scope: 'international_terrorism' }, /on or after 1 August 2006/],
    [
      { inForceFrom: '2023-03-01', level: 'SUBSTANTIAL', scope: 'all_forms_of_terrorism' },
      /already SUBSTANTIAL on 1 March 2023/,
    ],
    [{ inForceFrom: '2023-03-01', level: 'BAD', scope: 'all_forms_of_terrorism' }, /Select the threat level/],
    [{ inForceFrom: '2023-03-01', level: 'LOW', scope: 'international_terrorism' }, /covers all forms of terrorism/],
    [
      { inForceFrom: '2019-11-04', level: 'LOW', scope: 'all_forms_of_terrorism' },
      /already recorded for 4 November 2019/,
    ],
  ];
  for (const [form, message] of cases) {
    const response = await post(form);
    assert.equal(response.statusCode, 400, JSON.stringify(form));
    assert.match(textOf(response.body), message);
    assert.match(response.body, /govuk-error-summary/);
  }
  assert.equal((await latestAudit(hub, 'threat_level.')).length, 0, 'nothing recorded');
});

test('members and viewers are refused the forms', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  for (const role of ['member', 'viewer'] as const) {
    const { browser } = await signedIn(hub, role);
    await browser.get('/threat-level');
    for (const path of [
      '/threat-level/changes/new',
      '/threat-level/disrupted-plots/new',
      '/threat-level/changes/1/correct',
    ])
      assert.equal((await browser.get(path)).statusCode, 403, `${role} ${path}`);
    const post = await browser.post('/threat-level/changes', {
      inForceFrom: '2023-03-01',
      level: 'LOW',
      scope: 'all_forms_of_terrorism',
    });
    assert.equal(post.statusCode, 403);
    const plots = await browser.post('/threat-level/disrupted-plots', {
      periodLabel: 'the past 2 years',
      ideology: 'islamist',
      plots: 1,
      source: 'x',
    });
    assert.equal(plots.statusCode, 403);
  }
  assert.equal((await threatLevelOn(hub.database.db, '2023-03-01'))!.level, 'SUBSTANTIAL');
});

test('disrupted plots give the sentence for their period; corrections keep the earlier count', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { browser } = await signedIn(hub, 'coordinator');
  await browser.get('/threat-level/disrupted-plots/new');
  const source = 'LSCSB update: Prevent, 14 June 2019';
  const record = (ideology: string, plots: number) =>
    browser.post('/threat-level/disrupted-plots', {
      periodLabel: 'the past 2 years',
      ideology,
      plots,
      source,
      publishedOn: '2019-06-14',
    });
  assert.equal((await record('extreme_right_wing', 4)).statusCode, 303);
  assert.equal((await record('islamist', 14)).statusCode, 303);
  const summary = (await disruptedPlotsFor(hub.database.db, 'the past 2 years'))!;
  assert.equal(
    summary.sentence,
    '18 late-stage attack plots were disrupted in the past 2 years (14 Islamist-inspired, 4 extreme right-wing-inspired)',
  );

  const page = await browser.get('/threat-level');
  const id =
    /\/threat-level\/disrupted-plots\/(\d+)\/correct"[^>]*>Correct<span class="govuk-visually-hidden"> Extreme/.exec(
      page.body,
    )?.[1];
  assert.ok(id, 'a correct link for the extreme right-wing record');
  const fixed = await browser.post(`/threat-level/disrupted-plots/${id}/correct`, {
    periodLabel: 'the past 2 years',
    ideology: 'extreme_right_wing',
    plots: 5,
    source,
    publishedOn: '2019-06-14',
  });
  assert.equal(fixed.statusCode, 303);
  const text = textOf((await browser.get('/threat-level')).body);
  assert.match(
    text,
    /19 late-stage attack plots were disrupted in the past 2 years \(14 Islamist-inspired, 5 extreme right-wing-inspired\)/,
  );
  assert.match(text, /the past 2 years, Extreme right-wing: 4 .* corrected by/);
  const actions = (await latestAudit(hub, 'disrupted_plots.')).map((e) => e.action);
  assert.deepEqual(actions, ['disrupted_plots.corrected', 'disrupted_plots.recorded', 'disrupted_plots.recorded']);

  const bad = await browser.post('/threat-level/disrupted-plots', { ideology: 'islamist', plots: -1, source });
  assert.equal(bad.statusCode, 400);
  assert.match(textOf(bad.body), /whole number from 0 to 1000/);
  const noPeriod = await browser.post('/threat-level/disrupted-plots', { ideology: 'islamist', plots: 2, source });
  assert.match(textOf(noPeriod.body), /Enter the period as published/);
  const backwards = await browser.post('/threat-level/disrupted-plots', {
    periodFrom: '2019-03-01',
    periodTo: '2017-03-01',
    ideology: 'other',
    plots: 1,
    source,
  });
  assert.match(textOf(backwards.body), /end of the period must be the same as or after its start/);
});

test('the demo records the plots the June 2019 board paper quotes, and the page words them as it did', async (t) => {
  const hub = await buildTestHub(t);
  await seedThreatLevelDemo(hub.database.db);
  const summary = (await disruptedPlotsFor(hub.database.db, 'the past 2 years'))!;
  assert.equal(
    summary.sentence,
    '19 late-stage attack plots were disrupted in the past 2 years (14 Islamist-inspired, 5 extreme right-wing-inspired)',
  );
  assert.match(summary.sources[0]!, /Leicestershire Safer Communities Strategy Board, 14 June 2019/);
  assert.equal(summary.publishedOn, '2019-06-14');
});

test('the home page partial shows the level in force today with its sentence, and says when it is to be confirmed', async (t) => {
  const hub = await buildTestHub(t);
  const env = createViewEnvironment();
  const render = async (day: string) =>
    textOf(
      env.render('threat-level/views/home-panel.njk', {
        threatLevel: await threatLevelOn(hub.database.db, day, day),
      }),
    );
  const today = await render('2026-11-26');
  assert.match(
    today,
    /The national threat level is SEVERE, meaning an attack is highly likely\. In force since 30 April 2026\./,
  );
  assert.match(today, /To be confirmed against mi5\.gov\.uk/);
  const earlier = await render('2023-01-10');
  assert.match(
    earlier,
    /The national threat level is SUBSTANTIAL, meaning an attack is likely\. In force since 9 February 2022\./,
  );
  assert.doesNotMatch(earlier, /To be confirmed/);
  assert.equal((await render('2006-07-31')).trim(), '', 'nothing before the first published level');
});
