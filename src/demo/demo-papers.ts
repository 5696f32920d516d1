// The seeds' three board papers, rebuilt from the demo's data and issued (content/papers.ts): written
// by the demo coordinator from the shipped template (or a copy laid out as the seed is), composed of
// the seeds' paragraphs and live blocks, given their recommendations as rows of the meeting, signed
// off by the named approver and issued into the document library as the agenda item's paper.
//
// Unlike the rest of the demo, every step goes through the papers module's own services, so each
// paper is exactly what an author would get. The meetings they go to are dated as the seeds are;
// a meeting, item or template already there is used again, and a paper already written is left
// alone, so running this twice on one database changes nothing.

import { and, asc, eq, inArray, isNull, like, max, or, sql } from 'drizzle-orm';
import type { CurrentUser } from '../auth/sessions.ts';
import type { Database, Transaction } from '../db/client.ts';
import { contentMarking, type BlockContext } from '../reports/paper.ts';
import { accounts } from '../modules/accounts/accounts.tables.ts';
import { groupMembers, groups } from '../modules/groups/groups.tables.ts';
import { agendaItems, meetings } from '../modules/meetings/meetings.tables.ts';
import { people } from '../modules/organisations/organisations.tables.ts';
import { plans } from '../modules/plans/plans.tables.ts';
import { financialYearLabel } from '../modules/referrals/categories.ts';
import { settingErrors } from '../modules/papers/blocks.forms.ts';
import { buildPaper, loadPaper } from '../modules/papers/build.ts';
import * as compose from '../modules/papers/compose.ts';
import { issuePaper, nameApprover, signOff } from '../modules/papers/issue.service.ts';
import { liveBlock } from '../modules/papers/papers.blocks.ts';
import {
  paperTemplates,
  papers,
  type DraftItem,
  type PaperDraft,
  type TemplateSection,
} from '../modules/papers/papers.tables.ts';
import { addPaperRecommendation, saveDraft, writePaper } from '../modules/papers/papers.service.ts';
import { changeTemplateSection, copyTemplate, templateRecord } from '../modules/papers/templates.service.ts';
import { shippedTemplateId } from '../modules/papers/templates.ts';
import { emailOf, PEOPLE } from './content/directory.ts';
import { DEMO_GEOGRAPHY } from './content/figures.ts';
import { GROUPS } from './content/groups.ts';
import {
  DEMO_PAPERS,
  PAPER_APPROVER,
  PAPER_WRITER,
  type DemoBlock,
  type DemoItem,
  type DemoPaper,
  type DemoTemplate,
} from './content/papers.ts';
import { londonTime } from './demo-dates.ts';

type Tx = Transaction;

/** A demo person's account as the services see it signed in (groups they are a current member of). */
async function signedInAs(tx: Tx, personKey: string): Promise<CurrentUser> {
  const [row] = await tx
    .select({
      accountId: accounts.id,
      personId: accounts.personId,
      email: accounts.email,
      role: accounts.role,
      name: people.name,
      groupIds: sql<number[]>`coalesce((select array_agg(distinct ${groupMembers.groupId}) from ${groupMembers}
        where ${groupMembers.personId} = ${accounts.personId} and ${groupMembers.leftOn} is null), '{}')`,
    })
    .from(accounts)
    .innerJoin(people, eq(people.id, accounts.personId))
    .where(eq(people.email, personEmail(personKey)));
  if (!row) throw new Error(`The demo has no account for ${personKey}`);
  return { ...row, mustChangePassword: false, groupIds: row.groupIds.map(Number) };
}

function personEmail(key: string): string {
  const person = PEOPLE.find((p) => p.key === key);
  if (!person) throw new Error(`Demo papers: no person "${key}"`);
  return emailOf(person);
}

async function personDetails(tx: Tx, key: string) {
  const [row] = await tx
    .select({ name: people.name, role: people.jobTitle, email: people.email, phone: people.phone })
    .from(people)
    .where(eq(people.email, personEmail(key)));
  if (!row) throw new Error(`Demo papers: ${key} is not in the database`);
  return { name: row.name, role: row.role ?? '', email: row.email ?? '', phone: row.phone ?? '' };
}

/** The group's meeting on the seed's date, at its usual time and place: found, or added as held. */
async function meetingOf(tx: Tx, paper: DemoPaper) {
  const group = GROUPS.find((g) => g.key === paper.group);
  if (!group) throw new Error(`Demo papers: no group "${paper.group}"`);
  const [row] = await tx.select({ id: groups.id }).from(groups).where(eq(groups.name, group.name));
  if (!row) throw new Error(`Demo papers: ${group.name} is not in the database`);
  const startsAt = londonTime(paper.date, group.schedule.time);
  const where = and(eq(meetings.groupId, row.id), eq(meetings.startsAt, startsAt));
  const [found] = await tx.select({ id: meetings.id }).from(meetings).where(where);
  const meeting = { groupId: row.id, startsAt };
  if (found) return { ...meeting, id: found.id };
  const [added] = await tx
    .insert(meetings)
    .values({
      ...meeting,
      endsAt: new Date(startsAt.getTime() + group.schedule.minutes * 60_000),
      location: group.schedule.location,
      status: 'held',
    })
    .returning({ id: meetings.id });
  return { ...meeting, id: added!.id };
}

/** The meeting's item for the paper: found by its title, or added at the end of the agenda. */
async function agendaItemOf(tx: Tx, meetingId: number, paper: DemoPaper): Promise<number> {
  const [found] = await tx
    .select({ id: agendaItems.id })
    .from(agendaItems)
    .where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.title, paper.itemTitle)));
  if (found) return found.id;
  const [last] = await tx
    .select({ position: max(agendaItems.position) })
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, meetingId));
  const [presenter] = await tx
    .select({ id: people.id })
    .from(people)
    .where(eq(people.email, personEmail(paper.presenter)));
  const [added] = await tx
    .insert(agendaItems)
    .values({
      meetingId,
      position: (last?.position ?? 0) + 1,
      title: paper.itemTitle,
      presenterPersonId: presenter?.id ?? null,
    })
    .returning({ id: agendaItems.id });
  return added!.id;
}

/** The seed's layout: a copy of the shipped template with its headings, rows and order, made once. */
async function templateFor(tx: Tx, user: CurrentUser, layout: DemoTemplate | null): Promise<number> {
  const shipped = await shippedTemplateId(tx);
  if (!layout) return shipped;
  const [found] = await tx
    .select({ id: paperTemplates.id })
    .from(paperTemplates)
    .where(and(eq(paperTemplates.name, layout.name), isNull(paperTemplates.archivedAt)));
  if (found) return found.id;
  const id = await copyTemplate(tx, user, shipped, layout.name);
  const { sections } = await templateRecord(tx, id);
  for (const section of sections) {
    const heading = layout.headings[section.key];
    const rows = section.kind === 'implications' ? layout.implicationRows : undefined;
    if (!heading && !rows) continue;
    await changeTemplateSection(tx, user, id, section.key, {
      action: 'save',
      heading: heading ?? section.heading,
      guidance: section.guidance,
      ...(section.kind === 'implications' ? { rows: (rows ?? section.rows ?? []).join('\n') } : {}),
    });
  }
  for (const [key, places] of layout.moves ?? [])
    for (let i = 0; i < Math.abs(places); i++)
      await changeTemplateSection(tx, user, id, key, { action: places > 0 ? 'down' : 'up' });
  return id;
}

/** A block's settings as its form would post them; plans are named by title in the content. */
async function blockSettings(tx: Tx, block: DemoBlock): Promise<Record<string, string>> {
  switch (block.block) {
    case 'threat-level':
      return { plots: block.plots, timeline: block.timeline };
    case 'referrals':
      return {
        geography: `${DEMO_GEOGRAPHY.kind}|${DEMO_GEOGRAPHY.name}`,
        period: financialYearLabel(block.nationalYear),
      };
    case 'funding':
      return {};
    default: {
      // A yearly plan's title ends with its year ("… Delivery Plan 2026/27"), which moves with the demo's today.
      const [plan] = await tx
        .select({ id: plans.id })
        .from(plans)
        .where(or(eq(plans.title, block.plan), like(plans.title, `${block.plan} %`)))
        .orderBy(asc(plans.id))
        .limit(1);
      if (!plan) throw new Error(`Demo papers: no plan "${block.plan}"`);
      return { [block.block === 'plans.consultation' ? 'consultation' : 'plan']: String(plan.id) };
    }
  }
}

/**
 * The draft item for a live block, checked as the "Add a live block" form checks it; null for a
 * consultation the plan never had (the paper then goes without it). Any other refusal is a fault.
 */
async function blockItem(
  tx: Tx,
  ctx: BlockContext,
  block: DemoBlock,
): Promise<Extract<DraftItem, { kind: 'block' }> | null> {
  const offered = liveBlock(block.block);
  if (!offered) throw new Error(`Demo papers: no live block "${block.block}"`);
  const settings = await blockSettings(tx, block);
  const errors = await settingErrors(offered, ctx, settings);
  if (errors && block.block === 'plans.consultation') return null;
  if (errors) throw new Error(`Demo papers: ${block.block}: ${errors.summary.map((e) => e.text).join('; ')}`);
  return { kind: 'block', key: offered.key, settings };
}

async function draftItems(tx: Tx, ctx: BlockContext, items: DemoItem[]): Promise<DraftItem[]> {
  const out: DraftItem[] = [];
  for (const item of items) {
    const next = typeof item === 'string' ? { kind: 'paragraph' as const, text: item } : await blockItem(tx, ctx, item);
    if (next) out.push(next);
  }
  return out;
}

/** Everything the seed says, as the compose page's saves would leave it, in one change. */
async function composed(tx: Tx, ctx: BlockContext, paper: DemoPaper, template: TemplateSection[]) {
  const sections = Object.fromEntries(
    await Promise.all(
      Object.entries(paper.sections).map(async ([key, items]) => [key, await draftItems(tx, ctx, items)] as const),
    ),
  );
  const appendices: PaperDraft['appendices'] = [];
  for (const appendix of paper.appendices) {
    const item = appendix.block ? await blockItem(tx, ctx, appendix.block) : null;
    appendices.push({ title: appendix.title, block: item && { key: item.key, settings: item.settings } });
  }
  const contacts = await Promise.all(paper.contacts.map((key) => personDetails(tx, key)));
  const keyOf = (kind: TemplateSection['kind']) => template.find((s) => s.kind === kind)!;
  return (draft: PaperDraft): PaperDraft => {
    let next = draft;
    for (const [key, items] of Object.entries(sections))
      for (const item of items) next = compose.addItem(next, key, item);
    next = compose.addItem(next, keyOf('recommendations').key, { kind: 'paragraph', text: paper.recommendationIntro });
    const implications = keyOf('implications');
    next = compose.setImplications(
      next,
      implications,
      (implications.rows ?? []).map((row) => paper.implications[row] ?? ''),
    );
    next = compose.setBackgroundPapers(next, keyOf('background').key, paper.backgroundPapers.join('\n'));
    for (const contact of contacts) next = compose.addContact(next, keyOf('contact').key, contact);
    for (const appendix of appendices) next = compose.addAppendix(next, appendix);
    return next;
  };
}

/** Writes, composes, signs off and issues one paper; returns its id. */
async function issueDemoPaper(tx: Tx, writer: CurrentUser, approver: CurrentUser, paper: DemoPaper): Promise<number> {
  const meeting = await meetingOf(tx, paper);
  const agendaItemId = await agendaItemOf(tx, meeting.id, paper);
  const templateId = await templateFor(tx, writer, paper.template);
  const paperId = await writePaper(tx, writer, {
    agendaItemId,
    templateId,
    subject: paper.subject,
    marking: 'OFFICIAL',
    audience: 'everyone',
  });
  const ctx: BlockContext = { db: tx, user: writer, meeting, asAt: new Date() };
  const { sections } = await templateRecord(tx, templateId);
  const author = await personDetails(tx, paper.author);
  let revision = await saveDraft(tx, writer, paperId, 1, 'details', (draft) => ({
    ...draft,
    reportOf: paper.reportOf,
    author: `${author.name}, ${author.role}`,
  }));
  revision = await saveDraft(
    tx,
    writer,
    paperId,
    revision,
    'the seed’s words',
    await composed(tx, ctx, paper, sections),
  );
  for (const text of paper.recommendations) await addPaperRecommendation(tx, writer, paperId, text);
  // Marked as its content needs: a block of OFFICIAL-SENSITIVE figures goes to the group alone.
  const { marking } = contentMarking(await buildPaper({ ...ctx, asAt: new Date() }, await loadPaper(tx, paperId)));
  if (marking !== 'OFFICIAL')
    revision = await saveDraft(tx, writer, paperId, revision, 'marking', (draft) => draft, {
      marking,
      audience: 'groups',
    });
  await nameApprover(tx, writer, paperId, approver.accountId);
  await signOff(tx, approver, paperId, revision);
  await issuePaper(tx, writer, paperId);
  return paperId;
}

/** The demo papers already written (by subject on their agenda item): each is written once. */
async function writtenSubjects(tx: Tx): Promise<Set<string>> {
  const rows = await tx
    .select({ subject: papers.subject })
    .from(papers)
    .where(
      inArray(
        papers.subject,
        DEMO_PAPERS.map((p) => p.subject),
      ),
    );
  return new Set(rows.map((r) => r.subject));
}

/**
 * Issues the seeds' papers that are not in the database yet, in one transaction; returns how
 * many it issued (none on a second run).
 */
export async function seedDemoPapers(db: Database): Promise<{ issued: number }> {
  return db.transaction(async (tx) => {
    const written = await writtenSubjects(tx);
    const missing = DEMO_PAPERS.filter((p) => !written.has(p.subject));
    if (!missing.length) return { issued: 0 };
    const [writer, approver] = await Promise.all([signedInAs(tx, PAPER_WRITER), signedInAs(tx, PAPER_APPROVER)]);
    for (const paper of missing) await issueDemoPaper(tx, writer, approver, paper);
    return { issued: missing.length };
  });
}
