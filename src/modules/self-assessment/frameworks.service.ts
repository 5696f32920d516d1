import { and, asc, eq } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Database, Queryable } from '../../db/client.ts';
import { FormError, NotFoundError } from '../../errors.ts';
import { recordAudit } from '../audit/index.ts';
import { checkManageFrameworks } from './self-assessment.policy.ts';
import {
  selfAssessmentCriteria,
  selfAssessmentFrameworks,
  selfAssessmentLevels,
  selfAssessmentSections,
  type LevelColour,
} from './self-assessment.tables.ts';

/* Frameworks as data: their sections, criteria and rating scale, read whole for a page. */

export interface Level {
  id: number;
  value: number;
  name: string;
  meaning: string;
  colour: LevelColour;
}

export interface Criterion {
  id: number;
  sectionId: number;
  position: number;
  title: string;
  description: string | null;
  evidenceExpected: string | null;
}

export interface Framework {
  id: number;
  name: string;
  years: string;
  description: string | null;
  weakUpTo: number;
  levels: Level[];
  sections: { id: number; position: number; title: string; criteria: Criterion[] }[];
  criteria: Criterion[];
}

export async function listFrameworks(db: Queryable) {
  return db
    .select({
      id: selfAssessmentFrameworks.id,
      name: selfAssessmentFrameworks.name,
      years: selfAssessmentFrameworks.years,
      description: selfAssessmentFrameworks.description,
    })
    .from(selfAssessmentFrameworks)
    .orderBy(asc(selfAssessmentFrameworks.id));
}

/** One framework with its scale (lowest first), sections and criteria in order; NotFoundError if none. */
export async function getFramework(db: Queryable, frameworkId: number): Promise<Framework> {
  const [framework] = await db
    .select()
    .from(selfAssessmentFrameworks)
    .where(eq(selfAssessmentFrameworks.id, frameworkId));
  if (!framework) throw new NotFoundError('framework');
  const [levels, sections, criteria] = await Promise.all([
    db
      .select({
        id: selfAssessmentLevels.id,
        value: selfAssessmentLevels.value,
        name: selfAssessmentLevels.name,
        meaning: selfAssessmentLevels.meaning,
        colour: selfAssessmentLevels.colour,
      })
      .from(selfAssessmentLevels)
      .where(eq(selfAssessmentLevels.frameworkId, frameworkId))
      .orderBy(asc(selfAssessmentLevels.value)),
    db
      .select({
        id: selfAssessmentSections.id,
        position: selfAssessmentSections.position,
        title: selfAssessmentSections.title,
      })
      .from(selfAssessmentSections)
      .where(eq(selfAssessmentSections.frameworkId, frameworkId))
      .orderBy(asc(selfAssessmentSections.position)),
    db
      .select({
        id: selfAssessmentCriteria.id,
        sectionId: selfAssessmentCriteria.sectionId,
        position: selfAssessmentCriteria.position,
        title: selfAssessmentCriteria.title,
        description: selfAssessmentCriteria.description,
        evidenceExpected: selfAssessmentCriteria.evidenceExpected,
      })
      .from(selfAssessmentCriteria)
      .innerJoin(selfAssessmentSections, eq(selfAssessmentSections.id, selfAssessmentCriteria.sectionId))
      .where(eq(selfAssessmentSections.frameworkId, frameworkId))
      .orderBy(asc(selfAssessmentSections.position), asc(selfAssessmentCriteria.position)),
  ]);
  const withCriteria = sections.map((section) => ({
    ...section,
    criteria: criteria.filter((c) => c.sectionId === section.id),
  }));
  return {
    id: framework.id,
    name: framework.name,
    years: framework.years,
    description: framework.description,
    weakUpTo: framework.weakUpTo,
    levels,
    sections: withCriteria,
    criteria: withCriteria.flatMap((s) => s.criteria),
  };
}

/** The level a value stands for, to show its name and colour. */
export const levelOf = (framework: Pick<Framework, 'levels'>, value: number | null | undefined) =>
  value === null || value === undefined ? undefined : framework.levels.find((level) => level.value === value);

/** A coordinator renames a level of the scale or rewords its meaning (its value stays). */
export async function renameLevel(
  db: Database,
  user: CurrentUser,
  frameworkId: number,
  levelId: number,
  input: { name: string; meaning: string },
): Promise<void> {
  checkManageFrameworks(user);
  await db.transaction(async (tx) => {
    const [level] = await tx
      .select()
      .from(selfAssessmentLevels)
      .where(and(eq(selfAssessmentLevels.id, levelId), eq(selfAssessmentLevels.frameworkId, frameworkId)));
    if (!level) throw new NotFoundError('level');
    const others = await tx
      .select({ id: selfAssessmentLevels.id, name: selfAssessmentLevels.name })
      .from(selfAssessmentLevels)
      .where(eq(selfAssessmentLevels.frameworkId, frameworkId));
    if (others.some((o) => o.id !== levelId && o.name.toLowerCase() === input.name.toLowerCase()))
      throw new FormError('name', 'Another level of this scale already has that name');
    await tx
      .update(selfAssessmentLevels)
      .set({ name: input.name, meaning: input.meaning })
      .where(eq(selfAssessmentLevels.id, levelId));
    await recordAudit(tx, {
      action: 'self_assessment.level_renamed',
      user,
      subjectType: 'self_assessment_framework',
      subjectId: frameworkId,
      detail: { level: level.value, was: { name: level.name, meaning: level.meaning }, now: input },
    });
  });
}
