/**
 * What the iteration comparison page is measured against in
 * `npm run bench:pages -- --pages group,self-assessment,uptake`: ten frameworks (eight sections of
 * three criteria, a four-level scale), each assessed for ten bodies in six iterations, every
 * criterion rated (600 iterations, 14,400 ratings), with three peers' ratings of each; the page
 * compares the six iterations of one framework for one body.
 */
import type { Database } from '../src/db/client.ts';
import { groups } from '../src/modules/groups/groups.tables.ts';
import {
  selfAssessmentCriteria,
  selfAssessmentFrameworks,
  selfAssessmentLevels,
  selfAssessmentPeerRatings,
  selfAssessmentRatings,
  selfAssessments,
  selfAssessmentSections,
} from '../src/modules/self-assessment/self-assessment.tables.ts';

const FRAMEWORKS = 10;
const SECTIONS = 8;
const CRITERIA_PER_SECTION = 3;
const BODIES = 10;
const ITERATIONS = 6;
const PEERS = ['Hartlepool', 'Middlesbrough', 'Redcar and Cleveland'];
const LEVELS = [
  { value: 1, name: 'Red', meaning: 'Not in place', colour: 'red' as const },
  { value: 2, name: 'Amber', meaning: 'Partly in place', colour: 'orange' as const },
  { value: 3, name: 'Green', meaning: 'In place', colour: 'green' as const },
  { value: 4, name: 'Blue', meaning: 'Good practice others could adopt', colour: 'blue' as const },
];

/** One framework's sections and criteria; returns the criteria's ids. */
async function seedFramework(db: Database, accountId: number, n: number) {
  const [framework] = await db
    .insert(selfAssessmentFrameworks)
    .values({ name: `Bench framework ${n}`, years: '2024', weakUpTo: 1, createdBy: accountId })
    .returning({ id: selfAssessmentFrameworks.id });
  const frameworkId = framework!.id;
  await db.insert(selfAssessmentLevels).values(LEVELS.map((level) => ({ frameworkId, ...level })));
  const sections = await db
    .insert(selfAssessmentSections)
    .values(Array.from({ length: SECTIONS }, (_, i) => ({ frameworkId, position: i + 1, title: `Section ${i + 1}` })))
    .returning({ id: selfAssessmentSections.id });
  const criteria = await db
    .insert(selfAssessmentCriteria)
    .values(
      sections.flatMap((section, s) =>
        Array.from({ length: CRITERIA_PER_SECTION }, (_, c) => ({
          sectionId: section.id,
          position: c + 1,
          title: `Criterion ${s + 1}.${c + 1}: a multi-agency partnership that meets and acts`,
          evidenceExpected: 'Terms of reference, minutes and an action log',
        })),
      ),
    )
    .returning({ id: selfAssessmentCriteria.id });
  return { frameworkId, criterionIds: criteria.map((c) => c.id) };
}

export async function seedSelfAssessment(db: Database, accountId: number): Promise<{ path: string }> {
  const [group] = await db
    .insert(groups)
    .values({ name: 'Self-assessment bench board', kind: 'steering' })
    .returning({ id: groups.id });
  let path = '/self-assessment/compare';
  for (let n = 1; n <= FRAMEWORKS; n++) {
    const { frameworkId, criterionIds } = await seedFramework(db, accountId, n);
    const assessments = await db
      .insert(selfAssessments)
      .values(
        Array.from({ length: BODIES * ITERATIONS }, (_, i) => ({
          frameworkId,
          body: `Bench body ${Math.floor(i / ITERATIONS) + 1}`,
          title: `Iteration ${(i % ITERATIONS) + 1}`,
          assessedOn: `${2019 + (i % ITERATIONS)}-03-31`,
          assessingGroupId: group!.id,
          createdBy: accountId,
        })),
      )
      .returning({ id: selfAssessments.id });
    await db.insert(selfAssessmentRatings).values(
      assessments.flatMap((a, i) =>
        criterionIds.map((criterionId, c) => ({
          assessmentId: a.id,
          criterionId,
          value: 1 + ((i + c) % LEVELS.length),
          evidence: 'Minutes of the partnership board',
          updatedBy: accountId,
        })),
      ),
    );
    await db.insert(selfAssessmentPeerRatings).values(
      PEERS.flatMap((peer, p) =>
        criterionIds.map((criterionId, c) => ({
          frameworkId,
          peer,
          year: 2024,
          criterionId,
          value: 1 + ((p + c) % LEVELS.length),
          recordedBy: accountId,
        })),
      ),
    );
    if (n === FRAMEWORKS) path = `/self-assessment/compare?framework=${frameworkId}&body=Bench%20body%201`;
  }
  return { path };
}
