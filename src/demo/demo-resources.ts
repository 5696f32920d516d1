// Writes the demo's resources and their uptake (content/resources.ts) straight to the tables,
// like the rest of the demo, attributed to the demo's coordinator. The e-learning completions
// come through a staged import, confirmed, as a coordinator's import would leave them.

import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { accounts } from '../modules/accounts/accounts.tables.ts';
import { organisations } from '../modules/organisations/organisations.tables.ts';
import { resourceCompletionImports, resources, resourceUses } from '../modules/resources/resources.tables.ts';
import { HOW_USED } from '../modules/resources/completions.service.ts';
import { DEMO_COMPLETIONS, DEMO_COMPLETIONS_FILE, DEMO_RESOURCES, DEMO_USES } from './content/resources.ts';
import { addDays, londonIsoDate, type IsoDate } from './demo-dates.ts';

/** The financial year before the one `today` falls in: "2024/25" and its last day. */
function lastFinancialYear(today: IsoDate) {
  const year = Number(today.slice(0, 4));
  const start = today.slice(5) >= '04-01' ? year - 1 : year - 2;
  return { label: `${start}/${String((start + 1) % 100).padStart(2, '0')}`, end: `${start + 1}-03-31` };
}

export async function seedResourcesDemo(
  db: Queryable,
  options: { now: Date },
): Promise<{ resources: number; uses: number }> {
  const today = londonIsoDate(options.now);
  const [orgRows, [coordinator]] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name }).from(organisations),
    db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.role, 'coordinator'))
      .orderBy(asc(accounts.id))
      .limit(1),
  ]);
  const recorder = coordinator ?? (await db.select({ id: accounts.id }).from(accounts).limit(1))[0];
  if (!recorder) throw new Error('The resources demo needs an account to record its uses');
  const orgId = (name: string) => {
    const found = orgRows.find((o) => o.name === name);
    if (!found) throw new Error(`No demo organisation named ${name}`);
    return found.id;
  };
  const ids = new Map<string, number>();
  for (const r of DEMO_RESOURCES) {
    const [row] = await db
      .insert(resources)
      .values({
        title: r.title,
        description: r.description,
        format: r.format,
        audiences: r.audiences,
        link: r.link,
        ownerOrganisationId: orgId(r.owner),
        reviewOn: addDays(today, r.reviewInDays),
        createdBy: recorder.id,
      })
      .returning({ id: resources.id });
    ids.set(r.key, row!.id);
  }
  const uses = DEMO_USES.map((u) => ({
    resourceId: ids.get(u.resource)!,
    organisationId: orgId(u.organisation),
    usedOn: addDays(today, -u.daysAgo),
    howUsed: u.howUsed,
    peopleReached: u.peopleReached,
    recordedBy: recorder.id,
  }));
  await db.insert(resourceUses).values(uses);

  const year = lastFinancialYear(today);
  const elearning = ids.get('elearning')!;
  const sheet = {
    headers: ['Organisation', 'Period', 'Completions'],
    rows: DEMO_COMPLETIONS.map((c, i) => ({
      number: i + 2,
      cells: [c.organisation, year.label, String(c.completions)],
    })),
  };
  const [staged] = await db
    .insert(resourceCompletionImports)
    .values({
      resourceId: elearning,
      filename: DEMO_COMPLETIONS_FILE,
      sheet,
      uploadedBy: recorder.id,
      committedAt: options.now,
      committedUses: DEMO_COMPLETIONS.length,
    })
    .returning({ id: resourceCompletionImports.id });
  await db.insert(resourceUses).values(
    DEMO_COMPLETIONS.map((c) => ({
      resourceId: elearning,
      organisationId: orgId(c.organisation),
      usedOn: year.end,
      period: year.label,
      howUsed: HOW_USED,
      peopleReached: c.completions,
      source: 'imported' as const,
      importId: staged!.id,
      recordedBy: recorder.id,
    })),
  );
  return { resources: DEMO_RESOURCES.length, uses: uses.length + DEMO_COMPLETIONS.length };
}
