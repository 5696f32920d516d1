import { asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { groupName } from '../groups/index.ts';
import { personName } from '../organisations/index.ts';
import { qualified } from '../../db/sql.ts';
import { actionsArising, agendaItems, meetingRecommendations, meetings } from './meetings.tables.ts';
import type { RecommendationDecision } from './meetings.tables.ts';
import { standingRecommendation } from './recommendations.policy.ts';

/*
 * What a delivery plan (the plans module) reads of meetings: the decisions an action can be
 * linked to, and the action arising it was taken from. Read-only; one query per call.
 */

const decidedUnderItem = sql`${meetingRecommendations.agendaItemId} = ${qualified(agendaItems.id)} and ${meetingRecommendations.decision} is not null and ${standingRecommendation}`;

/** The item's decision, as plans show it: that of its first decided recommendation (by number). */
const itemDecision = sql<RecommendationDecision | null>`(select ${meetingRecommendations.decision} from ${meetingRecommendations} where ${decidedUnderItem} order by ${meetingRecommendations.number} limit 1)`;

const decisionColumns = {
  id: agendaItems.id,
  title: agendaItems.title,
  decision: itemDecision,
  meetingId: meetings.id,
  startsAt: meetings.startsAt,
  groupName: sql<string>`${groupName(meetings.groupId)}`,
};

/**
 * Meeting decisions (agenda items with a recommendation decided), newest meeting first, plus the
 * one `including`. An action still links to the agenda item: its recommendations are the decision.
 */
export function decisionOptions(db: Queryable, including: number | undefined) {
  const decided = sql`exists (select 1 from ${meetingRecommendations} where ${decidedUnderItem})`;
  return db
    .select(decisionColumns)
    .from(agendaItems)
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(including ? or(decided, eq(agendaItems.id, including)) : decided)
    .orderBy(desc(meetings.startsAt), asc(agendaItems.position))
    .limit(200);
}

/** One agenda item with its meeting and group, or null. */
export async function meetingDecision(db: Queryable, agendaItemId: number) {
  const [row] = await db
    .select(decisionColumns)
    .from(agendaItems)
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(eq(agendaItems.id, agendaItemId));
  return row ?? null;
}

/** The titles of these agenda items, by id. */
export async function agendaItemTitles(db: Queryable, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db
    .select({ id: agendaItems.id, title: agendaItems.title })
    .from(agendaItems)
    .where(inArray(agendaItems.id, unique));
  return new Map(rows.map((r) => [r.id, r.title]));
}

/** The descriptions of these actions arising, by id. */
export async function actionArisingDescriptions(db: Queryable, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db
    .select({ id: actionsArising.id, description: actionsArising.description })
    .from(actionsArising)
    .where(inArray(actionsArising.id, unique));
  return new Map(rows.map((r) => [r.id, r.description]));
}

/** An action arising with its agenda item, meeting and group, and its owner's name; undefined if none. */
export async function actionArisingWithMeeting(db: Queryable, actionArisingId: number) {
  const [row] = await db
    .select({
      id: actionsArising.id,
      description: actionsArising.description,
      ownerPersonId: actionsArising.ownerPersonId,
      ownerName: personName(actionsArising.ownerPersonId),
      dueOn: actionsArising.dueOn,
      completedOn: actionsArising.completedOn,
      agendaItemId: actionsArising.agendaItemId,
      itemTitle: agendaItems.title,
      meetingId: meetings.id,
      startsAt: meetings.startsAt,
      groupName: sql<string>`${groupName(meetings.groupId)}`,
    })
    .from(actionsArising)
    .innerJoin(agendaItems, eq(agendaItems.id, actionsArising.agendaItemId))
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(eq(actionsArising.id, actionArisingId));
  return row;
}
