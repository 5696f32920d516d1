/**
 * What the funding pots overview and the projects page are measured against in
 * `npm run bench:pages -- --pages group,funding,projects`: ten times the demo's funding (10 pots
 * decided by a Silver group, 150 proposals from several sources with their decisions, 100 projects
 * tied to 30 CTLP risks across city and county places, two years of quarterly spend, 400 deliveries
 * with participants by audience, and 20 hosting requests).
 */
import type { Database } from '../src/db/client.ts';
import { EVENT_AUDIENCES } from '../src/modules/events/events.tables.ts';
import { groups } from '../src/modules/groups/groups.tables.ts';
import { organisations } from '../src/modules/organisations/organisations.tables.ts';
import { areas } from '../src/modules/partnership/partnership.tables.ts';
import {
  ctlpRisks,
  deliveryParticipants,
  fundingPots,
  fundingProjects,
  fundingProposals,
  hostingRequests,
  PROJECT_STATUSES,
  PROJECT_TYPES,
  projectDeliveries,
  projectPlaces,
  projectRisks,
  projectSpend,
  PROPOSAL_DECISIONS,
  PROPOSER_KINDS,
  RAG_RATINGS,
} from '../src/modules/funding/funding.tables.ts';

const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const pick = <T>(list: readonly T[], i: number) => list[i % list.length]!;

async function seedPartners(db: Database) {
  const [silver] = await db
    .insert(groups)
    .values({ name: 'Funding bench Silver group', kind: 'silver' })
    .returning({ id: groups.id });
  const partners = await db
    .insert(organisations)
    .values(
      Array.from({ length: 20 }, (_, i) => ({ name: `Funding bench partner ${i + 1}`, sector: 'other' as const })),
    )
    .returning({ id: organisations.id });
  const places = await db
    .insert(areas)
    .values(
      Array.from({ length: 12 }, (_, i) => ({
        name: `Funding bench place ${i + 1}`,
        kind: i < 4 ? 'city' : 'district',
      })),
    )
    .returning({ id: areas.id });
  const risks = await db
    .insert(ctlpRisks)
    .values(Array.from({ length: 30 }, (_, i) => ({ reference: `BENCH-R${i + 1}`, title: `Bench CTLP risk ${i + 1}` })))
    .returning({ id: ctlpRisks.id });
  return { groupId: silver!.id, partners, places, risks };
}

type Partners = Awaited<ReturnType<typeof seedPartners>>;

async function seedPotsAndProposals(db: Database, accountId: number, partners: Partners) {
  const pots = await db
    .insert(fundingPots)
    .values(
      Array.from({ length: 10 }, (_, i) => ({
        name: `Bench pot ${i + 1}`,
        source: i % 2 ? ('home_office_prevent' as const) : ('pathfinder' as const),
        amountPence: 13_100_000,
        financialYear: `20${10 + i}/${11 + i}`,
        decidingGroupId: partners.groupId,
        claimDeadline: day(-20 - i * 30),
        spendDeadline: day(-200 - i * 30),
        createdBy: accountId,
      })),
    )
    .returning({ id: fundingPots.id });
  return db
    .insert(fundingProposals)
    .values(
      Array.from({ length: 150 }, (_, i) => {
        const kind = pick(PROPOSER_KINDS, i);
        const decision = i % 6 === 5 ? null : pick(PROPOSAL_DECISIONS, i);
        return {
          potId: pick(pots, i).id,
          title: `Bench proposal ${i + 1}`,
          proposerKind: kind,
          proposerOrganisationId: kind === 'organisation' ? pick(partners.partners, i).id : null,
          proposerReference: kind === 'organisation' ? null : `Suggested at bench consultation ${i + 1}`,
          amountAskedPence: 500_000 + (i % 7) * 100_000,
          riskId: pick(partners.risks, i).id,
          areaId: pick(partners.places, i).id,
          outcomeSought: 'Young people better able to challenge extremist narratives',
          decision,
          approvedAmountPence: decision === 'approved' || decision === 'approved_with_changes' ? 500_000 : null,
          decisionReason: decision === 'declined' ? 'Outside the CTLP priorities' : null,
          decidedAt: decision ? new Date() : null,
          createdBy: accountId,
        };
      }),
    )
    .returning({ id: fundingProposals.id, potId: fundingProposals.potId });
}

async function seedProjects(
  db: Database,
  accountId: number,
  partners: Partners,
  proposals: { id: number; potId: number }[],
) {
  const projects = await db
    .insert(fundingProjects)
    .values(
      Array.from({ length: 100 }, (_, i) => ({
        title: `Bench project ${String(i + 1).padStart(3, '0')}`,
        type: pick(PROJECT_TYPES, i),
        potId: pick(proposals, i).potId,
        proposalId: pick(proposals, i).id,
        deliveryPartnerId: pick(partners.partners, i).id,
        budgetPence: 1_000_000 + (i % 5) * 250_000,
        status: pick(PROJECT_STATUSES, i),
        rag: pick(RAG_RATINGS, i),
        outputs: 'Workshops delivered in schools and community settings',
        createdBy: accountId,
      })),
    )
    .returning({ id: fundingProjects.id });
  await db
    .insert(projectRisks)
    .values(
      projects.flatMap((p, i) => [0, 7].map((k) => ({ projectId: p.id, riskId: pick(partners.risks, i + k).id }))),
    );
  await db
    .insert(projectPlaces)
    .values(
      projects.flatMap((p, i) => [0, 5].map((k) => ({ projectId: p.id, areaId: pick(partners.places, i + k).id }))),
    );
  await db.insert(projectSpend).values(
    projects.flatMap((p) =>
      ['2024/25', '2025/26'].flatMap((year) =>
        [1, 2, 3, 4].map((q) => ({
          projectId: p.id,
          quarter: `${year} Q${q}`,
          amountPence: 60_000,
          recordedBy: accountId,
        })),
      ),
    ),
  );
  return projects;
}

async function seedDeliveries(db: Database, accountId: number, partners: Partners, projects: { id: number }[]) {
  const deliveries = await db
    .insert(projectDeliveries)
    .values(
      Array.from({ length: 400 }, (_, i) => ({
        projectId: pick(projects, i).id,
        heldOn: day(360 - (i % 360)),
        areaId: pick(partners.places, i).id,
        place: `Bench venue ${i % 25}`,
        recordedBy: accountId,
      })),
    )
    .returning({ id: projectDeliveries.id });
  await db
    .insert(deliveryParticipants)
    .values(
      deliveries.flatMap((d, i) =>
        [0, 3].map((k) => ({ deliveryId: d.id, audience: pick(EVENT_AUDIENCES, i + k), participants: 10 + (i % 20) })),
      ),
    );
  await db.insert(hostingRequests).values(
    Array.from({ length: 20 }, (_, i) => ({
      projectId: pick(projects, i * 3).id,
      organisationId: pick(partners.partners, i).id,
      areaId: pick(partners.places, i + 4).id,
      place: `Bench hall ${i + 1}`,
      audience: pick(EVENT_AUDIENCES, i),
      contact: 'bench@example.org',
      createdBy: accountId,
    })),
  );
}

export async function seedFunding(db: Database, accountId: number): Promise<{ funding: string; projects: string }> {
  const partners = await seedPartners(db);
  const proposals = await seedPotsAndProposals(db, accountId, partners);
  const projects = await seedProjects(db, accountId, partners, proposals);
  await seedDeliveries(db, accountId, partners, projects);
  return { funding: '/funding', projects: '/projects' };
}
