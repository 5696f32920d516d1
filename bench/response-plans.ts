/**
 * What the 14-day plan page is measured against in `npm run bench:pages -- --pages group,response-plan`:
 * 30 incidents a week apart, each with a plan from the national template (overlapping with the next),
 * four more activities and a check-in a day, in 40 areas; the page shows the newest plan.
 */
import { asc } from 'drizzle-orm';
import type { Database } from '../src/db/client.ts';
import { areas } from '../src/modules/partnership/partnership.tables.ts';
import {
  responsePlanActivities,
  responsePlanAreas,
  responsePlanCheckIns,
  responsePlans,
  responsePlanTemplateActivities,
} from '../src/modules/response-plans/response-plans.tables.ts';
import { addDays } from '../src/modules/response-plans/response-plans.dates.ts';
import { incidentAreas, incidents } from '../src/modules/tension/tension.tables.ts';

const INCIDENTS = 30;
const AREAS = 40;

export async function seedResponsePlans(db: Database, accountId: number): Promise<{ path: string }> {
  const areaRows = await db
    .insert(areas)
    .values(Array.from({ length: AREAS }, (_, i) => ({ name: `Plan bench area ${i + 1}` })))
    .returning({ id: areas.id });
  const template = await db
    .select()
    .from(responsePlanTemplateActivities)
    .orderBy(asc(responsePlanTemplateActivities.position));
  const first = addDays(new Date().toISOString().slice(0, 10), -7 * (INCIDENTS - 1) - 3);
  let last = 0;
  for (let i = 0; i < INCIDENTS; i += 1) {
    const occurredOn = addDays(first, 7 * i);
    const [incident] = await db
      .insert(incidents)
      .values({
        title: `Bench incident ${i + 1}`,
        summary: 'An attack',
        scope: 'national',
        occurredOn,
        recordedBy: accountId,
      })
      .returning({ id: incidents.id });
    const mine = [areaRows[i % AREAS]!.id, areaRows[(i + 1) % AREAS]!.id];
    await db.insert(incidentAreas).values(mine.map((areaId) => ({ incidentId: incident!.id, areaId })));
    const [plan] = await db
      .insert(responsePlans)
      .values({
        incidentId: incident!.id,
        title: `14-day plan: Bench incident ${i + 1}`,
        startsOn: occurredOn,
        endsOn: addDays(occurredOn, 14),
        createdBy: accountId,
      })
      .returning({ id: responsePlans.id });
    const planId = plan!.id;
    await db.insert(responsePlanAreas).values(mine.map((areaId) => ({ planId, areaId })));
    await db.insert(responsePlanActivities).values([
      ...template.map((a) => ({ planId, heading: a.heading, description: a.description, day: a.day })),
      ...Array.from({ length: 4 }, (_, j) => ({
        planId,
        heading: 'Engagement with affected communities',
        description: `Visit ${j + 1} to community venues with neighbourhood officers`,
        day: 3 + j * 3,
      })),
    ]);
    await db.insert(responsePlanCheckIns).values(
      Array.from({ length: 15 }, (_, day) => ({
        planId,
        on: addDays(occurredOn, day),
        level: 1 + (day % 5),
        note: `Day ${day}: sentiment as partners report it`,
        recordedBy: accountId,
      })),
    );
    last = planId;
  }
  return { path: `/response-plans/${last}` };
}
