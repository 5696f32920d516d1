// Writes the demo's 14-day response plans (content/response-plans.ts) straight to the tables, like the
// rest of the demo: one plan for each of the two 2017 incidents the tension demo records, from the
// national template, overlapping; the first closed with its summary, the second extended.

import { and, asc, eq, gte, ilike, lte } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { accounts } from '../modules/accounts/accounts.tables.ts';
import { organisations } from '../modules/organisations/organisations.tables.ts';
import { incidentAreas, incidents } from '../modules/tension/tension.tables.ts';
import {
  responsePlanActivities,
  responsePlanAreas,
  responsePlanChanges,
  responsePlanCheckIns,
  responsePlans,
  responsePlanTemplateActivities,
  PLAN_DAYS,
} from '../modules/response-plans/response-plans.tables.ts';
import { addDays } from '../modules/response-plans/response-plans.dates.ts';
import { DEMO_RESPONSE_PLANS, type DemoResponsePlan } from './content/response-plans.ts';

async function leadOf(db: Queryable, word: string | undefined): Promise<number | null> {
  if (!word) return null;
  const [row] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(ilike(organisations.name, `%${word}%`))
    .orderBy(asc(organisations.id))
    .limit(1);
  return row?.id ?? null;
}

async function seedPlan(
  db: Queryable,
  incident: { id: number; title: string; occurredOn: string },
  demo: DemoResponsePlan,
  by: number | null,
) {
  const startsOn = incident.occurredOn;
  const endsOn = addDays(startsOn, PLAN_DAYS + (demo.extension?.days ?? 0));
  const closedOn = demo.closing ? addDays(startsOn, PLAN_DAYS) : null;
  const [plan] = await db
    .insert(responsePlans)
    .values({
      incidentId: incident.id,
      title: `14-day plan: ${incident.title}`,
      startsOn,
      endsOn,
      closedOn,
      closing: demo.closing ? 'ended' : null,
      summary: demo.closing?.summary ?? null,
      createdBy: by,
    })
    .returning({ id: responsePlans.id });
  const planId = plan!.id;
  const template = await db
    .select()
    .from(responsePlanTemplateActivities)
    .orderBy(asc(responsePlanTemplateActivities.templateId), asc(responsePlanTemplateActivities.position));
  const extra = await Promise.all(
    demo.activities.map(async (a) => ({ ...a, leadOrganisationId: await leadOf(db, a.lead), planId })),
  );
  await db.insert(responsePlanActivities).values([
    ...template.map((a) => ({
      planId,
      heading: a.heading,
      description: a.description,
      day: a.day,
      status: a.day <= demo.doneUpToDay ? ('done' as const) : ('planned' as const),
    })),
    ...extra.map(({ lead: _lead, ...a }) => a),
  ]);
  const areaRows = await db.select().from(incidentAreas).where(eq(incidentAreas.incidentId, incident.id));
  if (areaRows.length) await db.insert(responsePlanAreas).values(areaRows.map((a) => ({ planId, areaId: a.areaId })));
  await db.insert(responsePlanCheckIns).values(
    demo.checkIns.map((c) => ({
      planId,
      on: addDays(startsOn, c.day),
      level: c.level,
      note: c.note,
      recordedBy: by,
    })),
  );
  const firstEnd = addDays(startsOn, PLAN_DAYS);
  await db.insert(responsePlanChanges).values([
    { planId, kind: 'started' as const, endsAfter: firstEnd, changedBy: by },
    ...(demo.extension
      ? [
          {
            planId,
            kind: 'extended' as const,
            endsBefore: firstEnd,
            endsAfter: endsOn,
            reason: demo.extension.reason,
            changedBy: by,
          },
        ]
      : []),
    ...(demo.closing
      ? [{ planId, kind: 'ended' as const, endsBefore: endsOn, endsAfter: closedOn, changedBy: by }]
      : []),
  ]);
  return planId;
}

/** The plans of the first two 2017 incidents (none if the tension demo recorded fewer). */
export async function seedResponsePlansDemo(db: Queryable, options: { now: Date }): Promise<{ plans: number[] }> {
  void options;
  const all = await db
    .select({
      id: incidents.id,
      title: incidents.title,
      occurredOn: incidents.occurredOn,
      localisedFromId: incidents.localisedFromId,
    })
    .from(incidents)
    .where(and(gte(incidents.occurredOn, '2017-01-01'), lte(incidents.occurredOn, '2017-12-31')))
    .orderBy(asc(incidents.occurredOn), asc(incidents.id));
  // A plan is the partnership's own: on the local record of a national incident where there is one.
  const local = all.filter((incident) => incident.localisedFromId !== null);
  const found = (local.length >= 2 ? local : all).slice(0, 2);
  if (found.length < 2) return { plans: [] };
  const [coordinator] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.role, 'coordinator'))
    .orderBy(asc(accounts.id))
    .limit(1);
  const by = coordinator?.id ?? null;
  const plans = [];
  for (const [i, incident] of found.entries())
    plans.push(await seedPlan(db, incident, DEMO_RESPONSE_PLANS[i as 0 | 1], by));
  return { plans };
}
