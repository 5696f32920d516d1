// The demo's Community Impact Assessment, written straight to the tables like the rest of the demo:
// one for the local record of a 2017 incident the tension demo made, with two reviews whose frozen versions differ.
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Transaction } from '../db/client.ts';
import { accounts } from '../modules/accounts/accounts.tables.ts';
import type { AssessmentSnapshot, SnapshotAction } from '../modules/impact-assessments/impact-assessments.compare.ts';
import {
  impactAssessments,
  impactAssessmentVersions,
  mitigatingActions,
  type MitigationStatus,
} from '../modules/impact-assessments/impact-assessments.tables.ts';
import { organisations, people } from '../modules/organisations/organisations.tables.ts';
import { incidents } from '../modules/tension/tension.tables.ts';
import { DEMO_ASSESSMENT } from './content/impact-assessments.ts';

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const at = (day: string) => new Date(`${day}T10:00:00Z`);

export async function seedImpactAssessmentsDemo(tx: Transaction, _options: { now: Date }): Promise<void> {
  const [incident] = await tx
    .select()
    .from(incidents)
    .where(and(eq(incidents.title, DEMO_ASSESSMENT.incidentTitle), isNotNull(incidents.localisedFromId)))
    .orderBy(asc(incidents.id));
  const [owner] = await tx
    .select({ accountId: accounts.id, personId: accounts.personId, name: people.name })
    .from(accounts)
    .innerJoin(people, eq(people.id, accounts.personId))
    .where(eq(accounts.role, 'coordinator'))
    .orderBy(asc(accounts.id));
  if (!incident || !owner) return;
  const organisationList = await tx.select({ id: organisations.id, name: organisations.name }).from(organisations);
  const organisationOf = (name: string | null) => organisationList.find((o) => o.name === name);

  const start = incident.occurredOn;
  const [first, second] = DEMO_ASSESSMENT.reviews;
  const [assessment] = await tx
    .insert(impactAssessments)
    .values({
      incidentId: incident.id,
      communitiesAffected: DEMO_ASSESSMENT.communitiesAffected,
      perceptions: DEMO_ASSESSMENT.perceptions,
      risks: DEMO_ASSESSMENT.risks,
      reviewOn: addDays(start, second.afterDays + 28),
      ownerPersonId: owner.personId,
      createdBy: owner.accountId,
      createdAt: at(addDays(start, 1)),
    })
    .returning({ id: impactAssessments.id });
  const assessmentId = assessment!.id;

  // The actions as they stand after each step; the database ends with the last.
  const planned = [...DEMO_ASSESSMENT.actions, first.added];
  const actions: (SnapshotAction & { organisationId: number | null })[] = [];
  for (const [i, action] of planned.entries()) {
    const organisation = organisationOf(action.organisation);
    const [row] = await tx
      .insert(mitigatingActions)
      .values({
        assessmentId,
        description: action.description,
        ownerOrganisationId: organisation?.id ?? null,
        ownerPersonId: organisation ? null : owner.personId,
        dueOn: addDays(start, action.dueDays + (i === 3 ? first.afterDays : 0)),
        status: 'in_progress',
      })
      .returning({ id: mitigatingActions.id });
    actions.push({
      id: row!.id,
      description: action.description,
      owner: organisation?.name ?? owner.name,
      organisationId: organisation?.id ?? null,
      dueOn: addDays(start, action.dueDays + (i === 3 ? first.afterDays : 0)),
      status: 'in_progress',
      planActionId: null,
    });
  }
  const snapshot = (count: number, perceptions: string, reviewOn: string, statuses: Map<number, MitigationStatus>) =>
    ({
      subject: incident.title,
      communitiesAffected: DEMO_ASSESSMENT.communitiesAffected,
      perceptions,
      risks: DEMO_ASSESSMENT.risks,
      tensionLevels: '',
      reviewOn,
      owner: owner.name,
      actions: actions
        .slice(0, count)
        .map(({ organisationId: _, ...a }, i) => ({ ...a, status: statuses.get(i) ?? a.status })),
    }) satisfies AssessmentSnapshot;
  const afterFirst = new Map<number, MitigationStatus>(first.done.map((i) => [i, 'done']));
  const afterSecond = new Map<number, MitigationStatus>([
    ...second.done.map((i): [number, MitigationStatus] => [i, 'done']),
    ...second.withdrawn.map((i): [number, MitigationStatus] => [i, 'withdrawn']),
  ]);
  const versions = [
    {
      whatChanged: 'Assessment started',
      day: 1,
      snap: snapshot(3, DEMO_ASSESSMENT.perceptions, addDays(start, first.afterDays), new Map()),
    },
    {
      whatChanged: first.whatChanged,
      day: first.afterDays,
      snap: snapshot(4, first.perceptions, addDays(start, second.afterDays), afterFirst),
    },
    {
      whatChanged: second.whatChanged,
      day: second.afterDays,
      snap: snapshot(4, second.perceptions, addDays(start, second.afterDays + 28), afterSecond),
    },
  ];
  await tx.insert(impactAssessmentVersions).values(
    versions.map((v, i) => ({
      assessmentId,
      number: i + 1,
      snapshot: v.snap,
      whatChanged: v.whatChanged,
      reviewedBy: owner.accountId,
      reviewedAt: at(addDays(start, v.day)),
    })),
  );
  await tx
    .update(impactAssessments)
    .set({ perceptions: second.perceptions })
    .where(eq(impactAssessments.id, assessmentId));
  for (const [i, status] of afterSecond)
    await tx.update(mitigatingActions).set({ status }).where(eq(mitigatingActions.id, actions[i]!.id));
}
