import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asc, eq } from 'drizzle-orm';
import { Browser, buildTestHub, createUser, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { group, meeting, member } from '../../../test/factories.ts';
import type { LiveBlock } from '../../reports/paper.ts';
import { field, formSchema } from '../../views/forms.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { agendaItems, meetingRecommendations } from '../meetings/meetings.tables.ts';
import { LIVE_BLOCKS } from './papers.blocks.ts';
import { paperDrafts, papers } from './papers.tables.ts';
import { IMPLICATION_ROWS, shippedTemplateId } from './templates.ts';

const idFrom = (location: unknown) => Number(/\/papers\/(\d+)/.exec(String(location))?.[1]);

/** A tiny block, standing for the modules' own: one setting chosen from a list. */
const YEARS = ['2017/18', '2018/19'] as const;
const testBlock: LiveBlock<ReturnType<typeof yearSettings>> = {
  key: 'test.referrals',
  title: 'Referral figures (test)',
  description: 'Referrals in a year, in words.',
  settings: yearSettings(),
  build: (_ctx, settings) =>
    Promise.resolve({
      key: 'test.referrals',
      heading: 'Referrals',
      source: 'Home Office',
      asAt: '2018-03-31',
      marking: 'OFFICIAL',
      parts: [{ kind: 'sentence', text: `Referrals in ${settings.year}.` }],
    }),
};
function yearSettings() {
  return formSchema({ year: field.choice('Year', 'Choose the year of the figures', YEARS) });
}

/** A group's meeting with one agenda item, and a coordinator's browser. */
async function agendaItem(hub: TestHub) {
  const panel = await group(hub);
  const held = await meeting(hub, panel.id, '2030-06-02');
  const [item] = await hub.database.db
    .insert(agendaItems)
    .values({ meetingId: held.id, position: 1, title: 'Prevent update' })
    .returning();
  return { panel, meeting: held, item: item! };
}

async function writePaper(hub: TestHub, browser: Browser, itemId: number) {
  const page = await browser.get(`/papers/new?item=${itemId}`);
  assert.equal(page.statusCode, 200);
  const written = await browser.post('/papers', {
    agendaItemId: itemId,
    templateId: await shippedTemplateId(hub.database.db),
    subject: 'Prevent update',
    marking: 'OFFICIAL',
    audience: 'everyone',
  });
  assert.equal(written.statusCode, 303, written.body.slice(0, 300));
  return idFrom(written.headers.location);
}

async function paperRow(hub: TestHub, id: number) {
  const [row] = await hub.database.db.select().from(papers).where(eq(papers.id, id));
  return row!;
}

test('a coordinator writes a paper from an agenda item: paragraphs, a live block, implications, contacts, appendices and a recommendation', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  LIVE_BLOCKS.push(testBlock);
  t.after(() => void LIVE_BLOCKS.splice(LIVE_BLOCKS.indexOf(testBlock), 1));
  const { item, meeting: held } = await agendaItem(hub);
  const { browser } = await signedIn(hub, 'coordinator', 'Karina Kaur');

  const form = await browser.get(`/papers/new?item=${item.id}`);
  assert.match(form.body, /value="Prevent update"/);
  const noTemplate = await browser.post('/papers', {
    agendaItemId: item.id,
    templateId: 999999,
    subject: 'X',
    marking: 'OFFICIAL',
    audience: 'everyone',
  });
  assert.equal(noTemplate.statusCode, 400);
  assert.match(noTemplate.body, /Choose a template from the list/);
  const id = await writePaper(hub, browser, item.id);
  const empty = await browser.get(`/papers/${id}`);
  assert.equal(empty.statusCode, 200);
  assert.match(empty.body, /No paragraphs yet/);
  assert.match(empty.body, /No recommendations yet/);
  assert.equal((await paperRow(hub, id)).draft.author, 'Karina Kaur');

  const save = async (path: string, fields: Record<string, string | number | string[]>) => {
    const response = await browser.post(`/papers/${id}/${path}`, {
      revision: (await paperRow(hub, id)).revision,
      ...fields,
    });
    assert.equal(response.statusCode, 303, `${path}: ${response.body.slice(0, 400)}`);
  };
  await save('details', {
    subject: 'Prevent update 2018',
    reportOf: 'Director of Communities',
    author: 'Karina Kaur',
    marking: 'OFFICIAL',
    audience: 'groups',
  });
  await save('paragraphs', { section: 'background', text: 'The Prevent duty came into force in 2015.' });
  await save('paragraphs', { section: 'background', text: 'A second paragraph.' });
  await save('entries', {
    list: 'items',
    section: 'background',
    index: 1,
    text: 'The Board last heard of Prevent in 2017.',
    action: 'save',
  });
  await save('entries', { list: 'items', section: 'background', index: 1, action: 'up' });
  await save('paragraphs', { section: 'background', text: 'A paragraph to remove.' });
  await save('entries', { list: 'items', section: 'background', index: 2, action: 'remove' });

  // A live block: chosen, its settings form built from its schema, then inserted by key and settings.
  const choose = await browser.get(`/papers/${id}/blocks?section=current-position`);
  assert.match(choose.body, /Referral figures \(test\)/);
  const settings = await browser.get(`/papers/${id}/blocks?section=current-position&block=test.referrals`);
  assert.equal(settings.statusCode, 200);
  assert.match(settings.body, /name="setting_year"/);
  const revision = (await paperRow(hub, id)).revision;
  const badYear = await browser.post(`/papers/${id}/blocks`, {
    revision,
    section: 'current-position',
    block: 'test.referrals',
    setting_year: '1999/00',
  });
  assert.equal(badYear.statusCode, 400);
  assert.match(badYear.body, /Choose the year of the figures/);
  const noBlock = await browser.post(`/papers/${id}/blocks`, {
    revision,
    section: 'current-position',
    block: 'no.such',
  });
  assert.equal(noBlock.statusCode, 400);
  await save('blocks', { section: 'current-position', block: 'test.referrals', setting_year: '2017/18' });
  await save('blocks', { section: 'appendices', block: 'test.referrals', setting_year: '2018/19' });
  await save('appendices', { title: 'Action plan' });
  await save('entries', { list: 'appendices', index: 1, action: 'up' });

  await save('implications', {
    section: 'implications',
    implication: ['Nil', 'Prevent Duty CTSA 2015', '', '', 'Yes', ''],
  });
  await save('background-papers', {
    section: 'background-papers',
    papers: 'Police and Crime Plan 2017-21\n\nCONTEST 2018',
  });
  await save('contacts', {
    section: 'contact',
    name: 'Karina Kaur',
    role: 'Prevent Coordinator',
    email: 'karina@example.org',
    phone: '0116 222 0000',
  });

  const recommended = await browser.post(`/papers/${id}/recommendations`, { text: 'The Board notes the update' });
  assert.equal(recommended.statusCode, 303);
  const [rec] = await hub.database.db
    .select()
    .from(meetingRecommendations)
    .where(eq(meetingRecommendations.meetingId, held.id));
  assert.equal(rec!.agendaItemId, item.id);
  assert.equal(rec!.number, 1);

  const paper = await paperRow(hub, id);
  assert.equal(paper.subject, 'Prevent update 2018');
  assert.equal(paper.audience, 'groups');
  assert.equal(paper.draft.reportOf, 'Director of Communities');
  assert.deepEqual(paper.draft.sections.background!.items, [
    { kind: 'paragraph', text: 'The Board last heard of Prevent in 2017.' },
    { kind: 'paragraph', text: 'The Prevent duty came into force in 2015.' },
  ]);
  assert.deepEqual(paper.draft.sections['current-position']!.items, [
    { kind: 'block', key: 'test.referrals', settings: { year: '2017/18' } },
  ]);
  assert.deepEqual(paper.draft.appendices, [
    { title: 'Action plan', block: null },
    { title: 'Referral figures (test)', block: { key: 'test.referrals', settings: { year: '2018/19' } } },
  ]);
  assert.deepEqual(paper.draft.sections.implications!.implications, {
    [IMPLICATION_ROWS[0]!]: 'Nil',
    [IMPLICATION_ROWS[1]!]: 'Prevent Duty CTSA 2015',
    [IMPLICATION_ROWS[4]!]: 'Yes',
  });
  assert.deepEqual(paper.draft.sections['background-papers']!.papers, [
    'Police and Crime Plan 2017-21',
    'CONTEST 2018',
  ]);
  assert.equal(paper.draft.sections.contact!.contacts![0]!.phone, '0116 222 0000');

  // Every save is a kept revision and an audit entry.
  const drafts = await hub.database.db
    .select()
    .from(paperDrafts)
    .where(eq(paperDrafts.paperId, id))
    .orderBy(asc(paperDrafts.revision));
  assert.deepEqual(
    drafts.map((d) => d.revision),
    Array.from({ length: paper.revision }, (_, i) => i + 1),
  );
  const saves = (await hub.database.db.select().from(auditLog)).filter((row) => row.action === 'paper.draft_saved');
  assert.equal(saves.length, paper.revision - 1);

  const page = await browser.get(`/papers/${id}`);
  assert.match(page.body, /The Board notes the update/);
  assert.match(page.body, /Appendix A<\/strong>: Action plan/);
  assert.match(page.body, /Live block/);
});

test('two people save on the same revision: the second is refused, shown what changed, and keeps their words', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { item } = await agendaItem(hub);
  const { browser: first } = await signedIn(hub, 'coordinator', 'Karina Kaur');
  const { browser: second } = await signedIn(hub, 'coordinator', 'Will Jones');
  const id = await writePaper(hub, first, item.id);
  await first.get(`/papers/${id}`);
  await second.get(`/papers/${id}`);

  const saved = await first.post(`/papers/${id}/paragraphs`, {
    revision: 1,
    section: 'purpose',
    text: 'To update the Board on Prevent.',
  });
  assert.equal(saved.statusCode, 303);
  const late = await second.post(`/papers/${id}/paragraphs`, {
    revision: 1,
    section: 'purpose',
    text: 'To ask the Board to approve the plan.',
  });
  assert.equal(late.statusCode, 409);
  assert.match(late.body, /Someone else saved this paper after you opened it/);
  assert.match(late.body, /Saved by Karina Kaur/);
  assert.match(late.body, /Purpose of the report/);
  assert.match(late.body, /To update the Board on Prevent\./);
  assert.match(late.body, /<textarea[^>]*name="text"[^>]*>To ask the Board to approve the plan\.<\/textarea>/);
  assert.match(late.body, /name="revision" value="2"/);

  let paper = await paperRow(hub, id);
  assert.equal(paper.revision, 2);
  assert.deepEqual(paper.draft.sections.purpose!.items, [
    { kind: 'paragraph', text: 'To update the Board on Prevent.' },
  ]);

  // Having seen the change, the second author saves theirs on the latest revision.
  const again = await second.post(`/papers/${id}/paragraphs`, {
    revision: 2,
    section: 'purpose',
    text: 'To ask the Board to approve the plan.',
  });
  assert.equal(again.statusCode, 303);
  paper = await paperRow(hub, id);
  assert.equal(paper.draft.sections.purpose!.items.length, 2);

  // A stale move or removal names positions of an older draft: refused the same way.
  const staleRemove = await first.post(`/papers/${id}/entries`, {
    revision: 2,
    list: 'items',
    section: 'purpose',
    index: 0,
    action: 'remove',
  });
  assert.equal(staleRemove.statusCode, 409);
  assert.equal((await paperRow(hub, id)).draft.sections.purpose!.items!.length, 2);
});

test('who may write: the group’s members and coordinators; others, viewers, bad ids and hostile input are refused', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const { item, panel } = await agendaItem(hub);
  const { browser: coordinator } = await signedIn(hub, 'coordinator');
  const id = await writePaper(hub, coordinator, item.id);

  const insider = await createUser(hub, 'member');
  await member(hub, panel.id, insider.personId);
  const memberBrowser = new Browser(hub.app);
  await memberBrowser.signIn(insider.email);
  assert.equal((await memberBrowser.get(`/papers/${id}`)).statusCode, 200);
  assert.equal((await memberBrowser.get(`/papers/new?item=${item.id}`)).statusCode, 200);
  const byMember = await memberBrowser.post(`/papers/${id}/paragraphs`, {
    revision: 1,
    section: 'detail',
    text: 'From a member of the panel.',
  });
  assert.equal(byMember.statusCode, 303);

  const { browser: outsider } = await signedIn(hub, 'member');
  assert.equal((await outsider.get(`/papers/${id}`)).statusCode, 403);
  assert.equal((await outsider.get(`/papers/new?item=${item.id}`)).statusCode, 403);
  assert.equal(
    (await outsider.post(`/papers/${id}/paragraphs`, { revision: 2, section: 'detail', text: 'Not mine' })).statusCode,
    403,
  );
  assert.equal(
    (
      await outsider.post('/papers', {
        agendaItemId: item.id,
        templateId: await shippedTemplateId(hub.database.db),
        subject: 'X',
        marking: 'OFFICIAL',
        audience: 'everyone',
      })
    ).statusCode,
    403,
  );
  assert.equal((await outsider.post(`/papers/${id}/recommendations`, { text: 'Not mine' })).statusCode, 403);
  const { browser: viewer } = await signedIn(hub, 'viewer');
  assert.equal((await viewer.get(`/papers/${id}`)).statusCode, 403);
  assert.equal(
    (
      await viewer.post(`/papers/${id}/details`, {
        revision: 2,
        subject: 'X',
        marking: 'OFFICIAL',
        audience: 'everyone',
      })
    ).statusCode,
    403,
  );

  assert.equal((await coordinator.get('/papers/2147483648')).statusCode, 404);
  assert.equal((await coordinator.get('/papers/999999')).statusCode, 404);
  assert.equal((await coordinator.get('/papers/new?item=999999')).statusCode, 404);
  assert.equal(
    (await coordinator.post('/papers/999999/paragraphs', { revision: 1, section: 'detail', text: 'X' })).statusCode,
    404,
  );

  await coordinator.get(`/papers/${id}`);
  const long = await coordinator.post(`/papers/${id}/paragraphs`, {
    revision: 2,
    section: 'detail',
    text: 'x'.repeat(10_001),
  });
  assert.equal(long.statusCode, 400);
  assert.match(long.body, /10000 characters or fewer/);
  const nul = await coordinator.post(`/papers/${id}/paragraphs`, { revision: 2, section: 'detail', text: 'a\u0000b' });
  assert.equal(nul.statusCode, 400);
  assert.match(nul.body, /must not contain the null character/);
  const noSection = await coordinator.post(`/papers/${id}/paragraphs`, { revision: 2, section: 'no-such', text: 'X' });
  assert.equal(noSection.statusCode, 400);
  assert.match(noSection.body, /not in this paper’s template/);
  const badEmail = await coordinator.post(`/papers/${id}/contacts`, {
    revision: 2,
    section: 'contact',
    name: 'A',
    email: 'not an email',
  });
  assert.equal(badEmail.statusCode, 400);
  assert.match(badEmail.body, /Enter an email address/);
  assert.match(badEmail.body, /value="not an email"/);
  assert.equal((await paperRow(hub, id)).revision, 2);
});
