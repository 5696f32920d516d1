import { and, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import { potsFor } from './funding.service.ts';
import { listProjects } from './projects.service.ts';
import { fundingPots, PROJECT_STATUSES, projectSpend } from './funding.tables.ts';

const REMIND_DAYS = 30;

export interface FundingDeadline {
  potId: number;
  potName: string;
  kind: 'claim' | 'spend';
  due: string;
  past: boolean;
}

/** Claim and spend deadlines within 30 days or past, for the coordinator's home page; none for others. */
export async function fundingDeadlines(
  db: Queryable,
  user: CurrentUser,
  today = new Date(),
): Promise<FundingDeadline[]> {
  if (!isCoordinator(user)) return [];
  const day = today.toISOString().slice(0, 10);
  const horizon = new Date(today.getTime() + REMIND_DAYS * 86_400_000).toISOString().slice(0, 10);
  const pots = await db
    .select()
    .from(fundingPots)
    .where(
      and(
        isNull(fundingPots.archivedAt),
        or(lte(fundingPots.claimDeadline, horizon), lte(fundingPots.spendDeadline, horizon)),
      ),
    );
  const due: FundingDeadline[] = [];
  for (const pot of pots)
    for (const [kind, date] of [
      ['claim', pot.claimDeadline],
      ['spend', pot.spendDeadline],
    ] as const)
      if (date && date <= horizon) due.push({ potId: pot.id, potName: pot.name, kind, due: date, past: date < day });
  return due.sort((a, b) => a.due.localeCompare(b.due));
}

/** For board papers: the pots the user may read with their figures, projects by status, and spend recorded in the period. */
export async function fundingSummaries(db: Queryable, user: CurrentUser, period: { from: string; to: string }) {
  const [pots, projects, [spend]] = await Promise.all([
    potsFor(db, user),
    listProjects(db),
    db
      .select({ pence: sql<number>`coalesce(sum(${projectSpend.amountPence}), 0)::int` })
      .from(projectSpend)
      .where(
        and(
          gte(projectSpend.recordedAt, new Date(`${period.from}T00:00:00Z`)),
          lte(projectSpend.recordedAt, new Date(`${period.to}T23:59:59Z`)),
        ),
      ),
  ]);
  return {
    ...period,
    pots: pots.map((p) => ({ id: p.id, name: p.name, financialYear: p.financialYear, ...p.figures })),
    projectsByStatus: PROJECT_STATUSES.map((status) => ({
      status,
      projects: projects.filter((p) => p.status === status).length,
    })),
    spentInPeriodPence: spend?.pence ?? 0,
    projects,
  };
}
