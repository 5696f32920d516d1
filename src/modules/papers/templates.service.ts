import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { NotFoundError, FormError } from '../../errors.ts';
import { recordAudit } from '../audit/index.ts';
import { accountName } from '../accounts/index.ts';
import { changeEntry, linesOf, type Move } from './compose.ts';
import { checkTemplate, templateInUse, type TemplateAction } from './papers.policy.ts';
import { paperTemplates, type TemplateSection } from './papers.tables.ts';
import { EXEMPT_PARAGRAPH_EXAMPLE, OPTIONS_SECTION, shippedTemplateId } from './templates.ts';

/*
 * Paper templates: the one the Hub ships, and coordinators' copies of it (or of each other). A
 * copy's name, order of sections, headings, guidance and implications rows change here, each
 * change audited with what it was before; a template is archived, never deleted, and papers
 * already written from it keep their layout.
 */

type Audited = `paper_template.${'copied' | 'updated' | 'archived'}`;

const audit = (tx: Queryable, user: CurrentUser, action: Audited, id: number, detail: Record<string, unknown>) =>
  recordAudit(tx, { action, user, subjectType: 'paper_template', subjectId: id, detail });

const columns = {
  id: paperTemplates.id,
  name: paperTemplates.name,
  description: paperTemplates.description,
  sections: paperTemplates.sections,
  notForPublication: paperTemplates.notForPublication,
  exemptParagraph: paperTemplates.exemptParagraph,
  shipped: paperTemplates.shipped,
  basedOnId: paperTemplates.basedOnId,
  archivedAt: paperTemplates.archivedAt,
  updatedAt: paperTemplates.updatedAt,
  updatedByName: accountName(paperTemplates.updatedBy),
};

export type TemplateRecord = Awaited<ReturnType<typeof templateRecord>>;

/** Every template, the shipped one first, then those in use, then archived ones. */
export async function listTemplates(db: Queryable) {
  await shippedTemplateId(db);
  return db
    .select(columns)
    .from(paperTemplates)
    .orderBy(desc(paperTemplates.shipped), sql`${paperTemplates.archivedAt} is not null`, asc(paperTemplates.name));
}

/** The templates a new paper may be written from. */
export async function templateChoices(db: Queryable) {
  await shippedTemplateId(db);
  return db
    .select({ id: paperTemplates.id, name: paperTemplates.name, shipped: paperTemplates.shipped })
    .from(paperTemplates)
    .where(templateInUse)
    .orderBy(desc(paperTemplates.shipped), asc(paperTemplates.name));
}

export async function templateRecord(db: Queryable, templateId: number) {
  const [row] = await db.select(columns).from(paperTemplates).where(eq(paperTemplates.id, templateId));
  if (!row) throw new NotFoundError('template');
  return row;
}

/** The template, locked for the change and checked to be the user's to change this way. */
async function templateToChange(tx: Queryable, user: CurrentUser, templateId: number, action: TemplateAction) {
  const [row] = await tx.select().from(paperTemplates).where(eq(paperTemplates.id, templateId)).for('update');
  if (!row) throw new NotFoundError('template');
  checkTemplate(user, action, row);
  return row;
}

/** Copies a template under a new name; the copy is the coordinator's to change. Returns its id. */
export async function copyTemplate(db: Queryable, user: CurrentUser, templateId: number, name: string) {
  return db.transaction(async (tx) => {
    const from = await templateToChange(tx, user, templateId, 'copy');
    const [row] = await tx
      .insert(paperTemplates)
      .values({
        name,
        description: from.description,
        sections: from.sections,
        notForPublication: from.notForPublication,
        exemptParagraph: from.exemptParagraph,
        basedOnId: from.id,
        createdBy: user.accountId,
      })
      .returning({ id: paperTemplates.id });
    await audit(tx, user, 'paper_template.copied', row!.id, { from: from.id, name });
    return row!.id;
  });
}

export interface TemplateDetails {
  name: string;
  description?: string;
  notForPublication?: 'yes';
  exemptParagraph?: string;
}

/** The copy's name and description, and whether its papers are not for publication (with the paragraph why). */
export async function updateTemplateDetails(
  db: Queryable,
  user: CurrentUser,
  templateId: number,
  input: TemplateDetails,
) {
  const notForPublication = input.notForPublication === 'yes';
  if (notForPublication && !input.exemptParagraph)
    throw new FormError(
      'exemptParagraph',
      `Enter the exempt-information paragraph the papers are withheld under, for example: ${EXEMPT_PARAGRAPH_EXAMPLE}`,
    );
  await db.transaction(async (tx) => {
    const before = await templateToChange(tx, user, templateId, 'edit');
    const after = {
      name: input.name,
      description: input.description ?? null,
      notForPublication,
      exemptParagraph: notForPublication ? (input.exemptParagraph ?? null) : null,
    };
    await tx
      .update(paperTemplates)
      .set({ ...after, updatedBy: user.accountId, updatedAt: sql`now()` })
      .where(eq(paperTemplates.id, templateId));
    const changed = Object.entries(after).filter(([k, v]) => before[k as keyof typeof after] !== v);
    await audit(tx, user, 'paper_template.updated', templateId, {
      changed: Object.fromEntries(changed.map(([k, v]) => [k, { from: before[k as keyof typeof after], to: v }])),
    });
  });
}

export type SectionChange = { action: 'save'; heading: string; guidance?: string; rows?: string } | { action: Move };

/** Saves a section's heading, guidance and (for the implications table) rows, or moves it up or down. */
export async function changeTemplateSection(
  db: Queryable,
  user: CurrentUser,
  templateId: number,
  key: string,
  change: SectionChange,
) {
  await db.transaction(async (tx) => {
    const template = await templateToChange(tx, user, templateId, 'edit');
    const index = template.sections.findIndex((s) => s.key === key);
    if (index < 0) throw new FormError('section', 'That section is not in this template');
    const sections =
      change.action === 'save'
        ? saved(template.sections, index, change)
        : changeEntry(template.sections, index, change.action, 'section');
    await saveSections(tx, user, templateId, template.sections, sections, key);
  });
}

function saved(sections: TemplateSection[], index: number, change: Extract<SectionChange, { action: 'save' }>) {
  const section = sections[index]!;
  const rows = section.kind === 'implications' ? linesOf(change.rows ?? '') : undefined;
  if (rows && !rows.length) throw new FormError('rows', 'Enter at least one row of the implications table');
  const next: TemplateSection = {
    ...section,
    heading: change.heading,
    guidance: change.guidance ?? '',
    ...(rows ? { rows } : {}),
  };
  return sections.map((s, i) => (i === index ? next : s));
}

async function saveSections(
  tx: Queryable,
  user: CurrentUser,
  templateId: number,
  before: TemplateSection[],
  after: TemplateSection[],
  key: string,
) {
  await tx
    .update(paperTemplates)
    .set({ sections: after, updatedBy: user.accountId, updatedAt: sql`now()` })
    .where(eq(paperTemplates.id, templateId));
  await audit(tx, user, 'paper_template.updated', templateId, {
    section: key,
    from: before.find((s) => s.key === key) ?? null,
    to: after.find((s) => s.key === key) ?? null,
    order: after.map((s) => s.key),
  });
}

/** Adds "Options considered" (its guidance names doing nothing) after the recommendations, once. */
export async function addOptionsSection(db: Queryable, user: CurrentUser, templateId: number) {
  await db.transaction(async (tx) => {
    const template = await templateToChange(tx, user, templateId, 'edit');
    if (template.sections.some((s) => s.key === OPTIONS_SECTION.key))
      throw new FormError('section', 'This template already has an "Options considered" section');
    const after = template.sections.findIndex((s) => s.kind === 'recommendations') + 1;
    const sections = [...template.sections];
    sections.splice(after, 0, OPTIONS_SECTION);
    await saveSections(tx, user, templateId, template.sections, sections, OPTIONS_SECTION.key);
  });
}

/** Archives a copy: it is kept (papers written from it keep their layout) and offered no more. */
export async function archiveTemplate(db: Queryable, user: CurrentUser, templateId: number) {
  await db.transaction(async (tx) => {
    await templateToChange(tx, user, templateId, 'archive');
    await tx
      .update(paperTemplates)
      .set({ archivedAt: sql`now()`, updatedBy: user.accountId, updatedAt: sql`now()` })
      .where(eq(paperTemplates.id, templateId));
    await audit(tx, user, 'paper_template.archived', templateId, {});
  });
}
