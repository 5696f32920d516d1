import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { recordAudit } from '../audit/index.ts';
import { paperTemplates, type TemplateSection } from './papers.tables.ts';

/*
 * The template the Hub ships: the layout of the partnership's board papers (the Police and Crime
 * Panel's Prevent update, the Leicestershire board's update, the Stockton PVE report). Its words
 * live here, typed against TemplateSection, and the row is created the first time anyone reads the
 * templates, rather than by a migration: a migration would freeze the layout as JSON inside SQL,
 * out of the type checker's reach, while this way every database (the demo's, each test's, a new
 * partnership's) gets it from one definition. An advisory lock makes two first readers create one.
 */

export const IMPLICATION_ROWS = [
  'Financial',
  'Legal',
  'Equality Impact Assessment',
  'Risks and Impact',
  'Link to the Police and Crime Plan',
  'Communications',
];

export const SHIPPED_NAME = 'Board paper (the partnership’s usual layout)';

export const SHIPPED_SECTIONS: TemplateSection[] = [
  {
    key: 'purpose',
    kind: 'paragraphs',
    heading: 'Purpose of the report',
    guidance: 'One or two sentences: what the paper is for and what the meeting is asked to do with it.',
  },
  {
    key: 'recommendations',
    kind: 'recommendations',
    heading: 'Recommendations',
    guidance: 'Each recommendation is one the meeting decides on its own: "It is recommended that…".',
  },
  {
    key: 'background',
    kind: 'paragraphs',
    heading: 'Background',
    guidance: 'What the reader needs to know first: the duty, the strategy, decisions already taken.',
  },
  {
    key: 'current-position',
    kind: 'paragraphs',
    heading: 'Current position',
    guidance: 'Where things stand now: figures, progress against the plan, what has changed since the last report.',
  },
  {
    key: 'detail',
    kind: 'paragraphs',
    heading: 'Detail',
    guidance: 'Anything further the meeting should weigh: risks, what partners are doing, what comes next.',
  },
  {
    key: 'implications',
    kind: 'implications',
    heading: 'Implications',
    guidance: 'A short answer for each row; write "Nil" where there is none.',
    rows: IMPLICATION_ROWS,
  },
  {
    key: 'appendices',
    kind: 'appendices',
    heading: 'List of Appendices',
    guidance: 'Each appendix is lettered A, B, C… in the order listed.',
  },
  {
    key: 'background-papers',
    kind: 'background',
    heading: 'Background Papers',
    guidance: 'Published papers the report draws on, one per line; "None" if there are none.',
  },
  {
    key: 'contact',
    kind: 'contact',
    heading: 'Person to Contact',
    guidance: 'Who answers questions on the report: name, role, email and telephone.',
  },
];

/** The section a coordinator may add to a copy, where councils weigh the choices, doing nothing among them. */
export const OPTIONS_SECTION: TemplateSection = {
  key: 'options',
  kind: 'paragraphs',
  heading: 'Options considered',
  guidance:
    'Each option the meeting could take, with its costs and risks, including "do nothing", and why the recommended one is preferred.',
};

/** The exempt-information paragraph a "not for publication" copy starts with. */
export const EXEMPT_PARAGRAPH_EXAMPLE =
  'Not for publication by virtue of paragraph 7 of Part 1 of Schedule 12A of the Local Government Act 1972 (information relating to the prevention, investigation or prosecution of crime).';

/** The shipped template's id, creating it the first time. */
export async function shippedTemplateId(db: Queryable): Promise<number> {
  const found = await findShipped(db);
  if (found) return found;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('paper_templates.shipped'))`);
    const again = await findShipped(tx);
    if (again) return again;
    const [row] = await tx
      .insert(paperTemplates)
      .values({
        name: SHIPPED_NAME,
        description: 'The layout of the seeds’ board papers. Copy it to change the order, headings or guidance.',
        sections: SHIPPED_SECTIONS,
        shipped: true,
      })
      .returning({ id: paperTemplates.id });
    await recordAudit(tx, {
      action: 'paper_template.shipped',
      actor: 'the Hub',
      subjectType: 'paper_template',
      subjectId: row!.id,
    });
    return row!.id;
  });
}

async function findShipped(db: Queryable): Promise<number | undefined> {
  const [row] = await db
    .select({ id: paperTemplates.id })
    .from(paperTemplates)
    .where(eq(paperTemplates.shipped, true))
    .limit(1);
  return row?.id;
}
