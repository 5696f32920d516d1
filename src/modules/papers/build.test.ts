import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ForbiddenError, FormError } from '../../errors.ts';
import { paperHtml } from '../../reports/html.ts';
import type { AnyLiveBlock, LiveBlock, Paper, PaperSection } from '../../reports/paper.ts';
import { field, formSchema } from '../../views/forms.ts';
import { databaseOnlyHub, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { group, serviceUser } from '../../../test/factories.ts';
import { appendixLetter, buildPaper, loadPaper } from './build.ts';
import { canReadPaper } from './papers.policy.ts';
import { draftPaperFixture, FIXTURE_DRAFT } from './build.fixtures.ts';
import { LIVE_BLOCKS } from './papers.blocks.ts';
import type { PaperDraft } from './papers.tables.ts';

const FiguresSettings = formSchema({
  area: field.text('Area', 'Enter the area'),
  year: field.id('Year', 'Enter the year'),
});

/** A block that says what it was built with, so the test sees settings, meeting and date arrive. */
const figures: LiveBlock<typeof FiguresSettings> = {
  key: 'test-figures',
  title: 'Test referral figures',
  description: 'Referrals in an area',
  settings: FiguresSettings,
  build: async (ctx, settings) => ({
    key: 'test-figures',
    heading: `Referrals in ${settings.area}`,
    source: 'Test register',
    asAt: ctx.asAt.toISOString().slice(0, 10),
    marking: 'OFFICIAL',
    parts: [
      { kind: 'sentence', text: `${settings.area} made 41% of referrals in ${settings.year + 1}.` },
      { kind: 'sentence', text: `Meeting ${ctx.meeting.id} of group ${ctx.meeting.groupId}.` },
      { kind: 'table', caption: 'Referrals by year', head: ['Year', 'Referrals'], rows: [['2018', '120']] },
    ],
  }),
};

const secret: AnyLiveBlock = {
  key: 'test-secret',
  title: 'Test register cases',
  description: 'Cases the reader may not see',
  settings: formSchema({}),
  build: () => Promise.reject(new ForbiddenError()),
};

/** The database alone: building a paper needs no web server, and the test is quicker without one. */
async function databaseOnly(t: { after(fn: () => unknown): void }): Promise<TestHub> {
  const hub = await databaseOnlyHub(t);
  await withPartnership(hub);
  return hub;
}

const block = (key: string, settings: Record<string, string> = {}) => ({ kind: 'block' as const, key, settings });

const DRAFT: PaperDraft = {
  ...FIXTURE_DRAFT,
  sections: {
    ...FIXTURE_DRAFT.sections,
    detail: {
      items: [
        { kind: 'paragraph', text: 'The National Strategy for CT is based on the four Ps.' },
        block('test-figures', { area: 'Stockton-on-Tees', year: '2017' }),
        block('test-secret'),
        block('no-longer-offered'),
        block('test-figures', { area: 'Stockton-on-Tees', year: 'not a year' }),
        { kind: 'paragraph', text: 'A Silver Group has been set up in each Borough.' },
      ],
    },
  },
  appendices: [
    { title: 'CONTEST: the four Ps', block: null },
    { title: 'Referral figures', block: { key: 'test-figures', settings: { area: 'Teesside', year: '2008' } } },
    { title: 'Cases', block: { key: 'test-secret', settings: {} } },
  ],
};

const sectionOf = <K extends PaperSection['kind']>(paper: Paper, heading: string, kind: K) => {
  const found = paper.sections.find((s) => s.heading === heading);
  assert.equal(found?.kind, kind);
  return found as Extract<PaperSection, { kind: K }>;
};

test('a draft becomes a paper: header, sections in order, live blocks, placeholders, recommendations, appendices', async (t) => {
  LIVE_BLOCKS.push(figures, secret);
  t.after(() => void LIVE_BLOCKS.splice(LIVE_BLOCKS.indexOf(figures), 2));
  const hub = await databaseOnly(t);
  const board = await group(hub, 'monthly', 'Stockton Renaissance Partnership Board');
  const author = await serviceUser(hub, 'member', [board.id]);
  const ids = await draftPaperFixture(hub.database.db, {
    groupId: board.id,
    createdBy: author.accountId,
    draft: DRAFT,
  });
  const loaded = await loadPaper(hub.database.db, ids.paperId);
  const asAt = new Date('2009-05-20T09:00:00Z');
  const paper = await buildPaper({ db: hub.database.db, user: author, asAt }, loaded);

  assert.deepEqual(paper.header, {
    body: 'Stockton Renaissance Partnership Board',
    reportOf: 'Head of Community Protection',
    subject: 'Preventing violent extremism & counter terrorism',
    meetingDate: '2 June 2009',
    author: 'Mike Batty',
    marking: 'OFFICIAL',
    agendaItem: 16,
    exemptParagraph: null,
  });
  assert.deepEqual(
    paper.sections.map((s) => s.heading),
    [
      'Summary',
      'Recommendations',
      'Detail',
      'Implications',
      'List of Appendices',
      'Background Papers',
      'Person to Contact',
    ],
  );
  assert.equal(paper.version, 1);
  assert.equal(paper.asAt, '2009-05-20');

  const detail = sectionOf(paper, 'Detail', 'paragraphs');
  assert.equal(detail.items.length, 6);
  assert.deepEqual(detail.items[0], {
    kind: 'paragraph',
    text: 'The National Strategy for CT is based on the four Ps.',
  });
  const built = detail.items[1]!;
  assert.equal(built.kind, 'block');
  assert.deepEqual(built.kind === 'block' && built.block.parts.slice(0, 2), [
    { kind: 'sentence', text: 'Stockton-on-Tees made 41% of referrals in 2018.' },
    { kind: 'sentence', text: `Meeting ${ids.meetingId} of group ${board.id}.` },
  ]);
  assert.deepEqual(detail.items.slice(2, 5), [
    { kind: 'paragraph', text: '[The live block "Test register cases" is left out: you may not see what it shows.]' },
    {
      kind: 'paragraph',
      text: '[The live block "no-longer-offered" is left out: no part of the Hub offers it any more.]',
    },
    {
      kind: 'paragraph',
      text: '[The live block "Test referral figures" is left out: its settings are no longer valid.]',
    },
  ]);

  // Only this item's recommendations, with the meeting's numbers and the decision once made.
  assert.deepEqual(sectionOf(paper, 'Recommendations', 'recommendations').recommendations, [
    { number: 2, text: 'Stockton Renaissance receives the report and notes its content.', decision: 'Noted' },
    { number: 3, text: 'The draft PVE action plan be approved.', decision: null },
  ]);
  assert.deepEqual(sectionOf(paper, 'Implications', 'implications').rows, [
    { heading: 'Financial', text: 'Nil' },
    { heading: 'Legal', text: '' },
  ]);
  assert.deepEqual(sectionOf(paper, 'Background Papers', 'background').papers, ['CONTEST, 2009']);

  assert.deepEqual(
    paper.appendices.map((a) => [a.letter, a.title, a.block?.heading ?? null]),
    [
      ['A', 'CONTEST: the four Ps', null],
      ['B', 'Referral figures', 'Referrals in Teesside'],
      ['C', 'Cases [The live block "Test register cases" is left out: you may not see what it shows.]', null],
    ],
  );
});

test('paragraph numbers run on across sections, through a block, as printed', async (t) => {
  LIVE_BLOCKS.push(figures);
  t.after(() => void LIVE_BLOCKS.splice(LIVE_BLOCKS.indexOf(figures), 1));
  const hub = await databaseOnly(t);
  const board = await group(hub);
  const coordinator = await serviceUser(hub, 'coordinator');
  const draft: PaperDraft = {
    ...FIXTURE_DRAFT,
    sections: {
      ...FIXTURE_DRAFT.sections,
      detail: {
        items: [
          block('test-figures', { area: 'Stockton-on-Tees', year: '2017' }),
          { kind: 'paragraph', text: 'Last.' },
        ],
      },
    },
  };
  const ids = await draftPaperFixture(hub.database.db, { groupId: board.id, createdBy: coordinator.accountId, draft });
  const paper = await buildPaper(
    { db: hub.database.db, user: coordinator, asAt: new Date() },
    await loadPaper(hub.database.db, ids.paperId),
  );
  const numbers = [...paperHtml(paper).matchAll(/<span class="number">(\d+)\.<\/span><span>([^<]*)</g)];
  assert.deepEqual(
    numbers.map((m) => [m[1], m[2]!.split(' ')[0]]),
    [
      ['1', 'This'],
      ['2', 'Stockton-on-Tees'],
      ['3', 'Meeting'],
      ['4', 'Last.'],
    ],
  );
});

test('who may read a paper: its author, coordinators and members of the meeting’s group', async (t) => {
  const hub = await databaseOnly(t);
  const board = await group(hub);
  const elsewhere = await group(hub);
  const author = await serviceUser(hub, 'member', [board.id]);
  const ids = await draftPaperFixture(hub.database.db, { groupId: board.id, createdBy: author.accountId });
  const loaded = await loadPaper(hub.database.db, ids.paperId);
  const paper = { createdBy: loaded.paper.createdBy, groupId: loaded.item.groupId };
  const may = async (role: 'coordinator' | 'member' | 'viewer', groups: number[]) =>
    canReadPaper(await serviceUser(hub, role, groups), paper);
  assert.equal(canReadPaper({ ...author, groupIds: [] }, paper), true, 'the author, even after leaving the group');
  assert.equal(await may('coordinator', []), true);
  assert.equal(await may('viewer', [board.id]), true);
  assert.equal(await may('member', [elsewhere.id]), false);
  assert.equal(await may('viewer', []), false);
  await assert.rejects(loadPaper(hub.database.db, ids.paperId + 1000), /No such paper/);
});

test('appendices are lettered A to Z, then AA', () => {
  assert.deepEqual([0, 1, 2, 25, 26, 27].map(appendixLetter), ['A', 'B', 'C', 'Z', 'AA', 'AB']);
});

test('a block that refuses its settings as it builds is left out; a block never sees the form token', async (t) => {
  const seen: Record<string, unknown>[] = [];
  const Period = formSchema({ from: field.text('From', 'Enter a date') });
  const period: LiveBlock<typeof Period> = {
    key: 'test-period',
    title: 'Test period',
    description: 'A period that must start before it ends',
    settings: Period,
    build: (_ctx, settings) => {
      seen.push(settings);
      return Promise.reject(new FormError('from', 'The period must start before it ends'));
    },
  };
  LIVE_BLOCKS.push(period);
  t.after(() => void LIVE_BLOCKS.splice(LIVE_BLOCKS.indexOf(period), 1));
  const hub = await databaseOnly(t);
  const board = await group(hub);
  const author = await serviceUser(hub, 'member', [board.id]);
  const draft = { ...FIXTURE_DRAFT, sections: { detail: { items: [block('test-period', { from: '2030-01-01' })] } } };
  const ids = await draftPaperFixture(hub.database.db, { groupId: board.id, createdBy: author.accountId, draft });
  const paper = await buildPaper(
    { db: hub.database.db, user: author, asAt: new Date('2026-01-01T09:00:00Z') },
    await loadPaper(hub.database.db, ids.paperId),
  );
  assert.deepEqual(sectionOf(paper, 'Detail', 'paragraphs').items, [
    { kind: 'paragraph', text: '[The live block "Test period" is left out: its settings are no longer valid.]' },
  ]);
  assert.deepEqual(seen, [{ from: '2030-01-01' }]);
});
