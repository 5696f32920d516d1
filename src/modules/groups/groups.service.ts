import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { Database, Queryable, Transaction } from '../../db/client.ts';
import { preparedFor } from '../../db/prepared.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import { FormError, ForbiddenError, NotFoundError } from '../../errors.ts';
import { isoDate } from '../../views/filters.ts';
import { recordAudit } from '../audit/index.ts';
import { findPerson, organisationExists, organisationName, peopleNames, personName } from '../organisations/index.ts';
import { areaName, findArea } from '../partnership/index.ts';
import type { GroupInput, MemberInput } from './groups.forms.ts';
import { groupMembers, groupReportingLines, groups, GROUP_KINDS, MEMBER_ROLES } from './groups.tables.ts';
import type { ReportingLine, StructureGroup } from './structure-diagram.ts';

/*
 * The chair: the person named on the group, or failing that a current member whose role is chair.
 * The subquery names the outer table in full ("groups".…): Drizzle leaves columns unqualified
 * when a query has one table, and an unqualified "id" inside a subquery would mean its own.
 * Their names come from the organisations module (peopleNames), one query for all the groups.
 */
const chairIdSql = sql<number | null>`coalesce(groups.chair_person_id,
  (select m.person_id from group_members m
    where m.group_id = groups.id and m.role = 'chair' and m.left_on is null order by m.id limit 1))`;

/** Rows with a `chairId` get the chair's name instead, in one query for all of them. */
async function withChairNames<T extends { chairId: number | null }>(
  db: Queryable,
  rows: T[],
): Promise<(Omit<T, 'chairId'> & { chairName: string | null })[]> {
  const names = await peopleNames(
    db,
    rows.flatMap((r) => (r.chairId === null ? [] : [r.chairId])),
  );
  return rows.map(({ chairId, ...row }) => ({
    ...row,
    chairName: chairId === null ? null : (names.get(chairId) ?? null),
  }));
}

/** Text in the database's order (C collation: by code unit). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Chair first, then vice chair, secretary, members; by name within each. */
const byRoleThenName = (a: { role: string; name: string }, b: { role: string; name: string }) =>
  MEMBER_ROLES.indexOf(a.role as (typeof MEMBER_ROLES)[number]) -
    MEMBER_ROLES.indexOf(b.role as (typeof MEMBER_ROLES)[number]) || byText(a.name, b.name);

/** A membership row's person and represented organisation, named in the same query. */
const memberNames = {
  name: sql<string>`coalesce(${personName(groupMembers.personId)}, '')`,
  organisationName: organisationName(groupMembers.organisationId),
};

const memberCountSql = sql<number>`(select count(*)::int from group_members m where m.group_id = groups.id and m.left_on is null)`;

/** Today in the partnership's time zone, as a date column wants it. */
const today = () => isoDate(new Date());

// CONTRACT (used by other modules; the groups module owns the implementation).

/** Current groups for a select box, by name. */
export async function listGroupOptions(db: Queryable): Promise<{ id: number; name: string; kind: string }[]> {
  return db
    .select({ id: groups.id, name: groups.name, kind: groups.kind })
    .from(groups)
    .where(isNull(groups.archivedAt))
    .orderBy(asc(groups.name));
}

/** One group with its chair's name and cadence; NotFoundError if none. */
export async function getGroup(
  db: Queryable,
  groupId: number,
): Promise<{
  id: number;
  name: string;
  kind: string;
  cadence: string;
  chairName: string | null;
  parentGroupId: number | null;
  areaId: number | null;
  description: string | null;
}> {
  const [row] = await db
    .select({
      id: groups.id,
      name: groups.name,
      kind: groups.kind,
      cadence: groups.cadence,
      chairId: chairIdSql,
      parentGroupId: groups.parentGroupId,
      areaId: groups.areaId,
      description: groups.description,
    })
    .from(groups)
    .where(eq(groups.id, groupId));
  if (!row) throw new NotFoundError('group');
  const [group] = await withChairNames(db, [row]);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    cadence: row.cadence,
    chairName: group!.chairName,
    parentGroupId: row.parentGroupId,
    areaId: row.areaId,
    description: row.description,
  };
}

/** People currently in the group (not left), with the organisation they represent. */
export async function listCurrentMembers(
  db: Queryable,
  groupId: number,
): Promise<
  { personId: number; name: string; organisationId: number | null; organisationName: string | null; role: string }[]
> {
  const rows = await db
    .select({
      personId: groupMembers.personId,
      organisationId: groupMembers.organisationId,
      role: groupMembers.role,
      ...memberNames,
    })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), isNull(groupMembers.leftOn)));
  return rows.sort(byRoleThenName).map((m) => ({
    personId: m.personId,
    name: m.name,
    organisationId: m.organisationId,
    organisationName: m.organisationName,
    role: m.role,
  }));
}

/** The groups a person is currently in. */
export async function groupsOfPerson(
  db: Queryable,
  personId: number,
): Promise<{ id: number; name: string; kind: string; role: string }[]> {
  return db
    .select({ id: groups.id, name: groups.name, kind: groups.kind, role: groupMembers.role })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(and(eq(groupMembers.personId, personId), isNull(groupMembers.leftOn), isNull(groups.archivedAt)))
    .orderBy(asc(groups.name));
}

// The groups list and the structure.

/** Current groups under each kind, in the order the kinds are listed; kinds with no groups left out. */
export async function listGroupsByKind(db: Queryable) {
  const rows = await db
    .select({
      id: groups.id,
      name: groups.name,
      kind: groups.kind,
      cadence: groups.cadence,
      chairId: chairIdSql,
      memberCount: memberCountSql,
    })
    .from(groups)
    .where(isNull(groups.archivedAt))
    .orderBy(asc(groups.name))
    .then((found) => withChairNames(db, found));
  return GROUP_KINDS.map((kind) => ({ kind, groups: rows.filter((g) => g.kind === kind) })).filter(
    (section) => section.groups.length > 0,
  );
}

/** Current groups and the reporting lines between them: what the structure page draws. */
export async function getStructure(db: Queryable): Promise<{ groups: StructureGroup[]; lines: ReportingLine[] }> {
  const [current, lines] = await Promise.all([
    db
      .select({ id: groups.id, name: groups.name, kind: groups.kind, parentGroupId: groups.parentGroupId })
      .from(groups)
      .where(isNull(groups.archivedAt)),
    db
      .select({ groupId: groupReportingLines.groupId, reportsToGroupId: groupReportingLines.reportsToGroupId })
      .from(groupReportingLines),
  ]);
  return { groups: current, lines };
}

// Who may change what.

/** The chair may manage their own group's membership: named as chair, or a current member with the chair role. */
async function isChairOf(db: Queryable, user: CurrentUser, groupId: number): Promise<boolean> {
  if (user.role !== 'member') return false;
  const [row] = await db
    .select({ id: groups.id })
    .from(groups)
    .where(
      and(
        eq(groups.id, groupId),
        sql`(groups.chair_person_id = ${user.personId} or exists (select 1 from group_members m
          where m.group_id = groups.id and m.person_id = ${user.personId} and m.role = 'chair' and m.left_on is null))`,
      ),
    );
  return Boolean(row);
}

export async function canManageMembersOf(db: Queryable, user: CurrentUser, groupId: number): Promise<boolean> {
  return isCoordinator(user) || isChairOf(db, user, groupId);
}

async function mustManageMembersOf(db: Queryable, user: CurrentUser, groupId: number): Promise<void> {
  if (!(await canManageMembersOf(db, user, groupId)))
    throw new ForbiddenError('Only coordinators and the group’s chair can change its membership');
}

// The group page.

type RelatedGroup = { relation: 'child' | 'reports_to' | 'reported_by'; id: number; name: string; kind: string };

/** Groups within this one, the boards it reports to and the groups reporting to it, in one query. */
function relatedGroups(db: Queryable, groupId: number): Promise<RelatedGroup[]> {
  const current = isNull(groups.archivedAt);
  const columns = (relation: RelatedGroup['relation']) => ({
    relation: sql<RelatedGroup['relation']>`${relation}::text`.as('relation'),
    id: groups.id,
    name: groups.name,
    kind: groups.kind,
  });
  const children = db
    .select(columns('child'))
    .from(groups)
    .where(and(eq(groups.parentGroupId, groupId), current));
  const reportsTo = db
    .select(columns('reports_to'))
    .from(groupReportingLines)
    .innerJoin(groups, eq(groups.id, groupReportingLines.reportsToGroupId))
    .where(and(eq(groupReportingLines.groupId, groupId), current));
  const reportedBy = db
    .select(columns('reported_by'))
    .from(groupReportingLines)
    .innerJoin(groups, eq(groups.id, groupReportingLines.groupId))
    .where(and(eq(groupReportingLines.reportsToGroupId, groupId), current));
  return unionAll(children, reportsTo, reportedBy).orderBy(sql`name`);
}

const groupRecordQuery = preparedFor((db) =>
  db
    .select({
      id: groups.id,
      name: groups.name,
      kind: groups.kind,
      description: groups.description,
      cadence: groups.cadence,
      areaId: groups.areaId,
      parentGroupId: groups.parentGroupId,
      parentName: sql<string | null>`(select pg.name from groups pg where pg.id = groups.parent_group_id)`,
      chairPersonId: groups.chairPersonId,
      chairName: personName(chairIdSql),
      areaName: areaName(groups.areaId),
      archivedAt: groups.archivedAt,
    })
    .from(groups)
    .where(eq(groups.id, sql.placeholder('groupId')))
    .prepare('group_record'),
);

async function groupRecord(db: Queryable, groupId: number) {
  const [row] = await groupRecordQuery(db).execute({ groupId });
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    description: row.description,
    cadence: row.cadence,
    areaId: row.areaId,
    areaName: row.areaName,
    parentGroupId: row.parentGroupId,
    parentName: row.parentName,
    chairPersonId: row.chairPersonId,
    chairName: row.chairName,
    archivedAt: row.archivedAt,
  };
}

/** Everyone who has been in the group, current members first; leavers stay for the record. */
const allMembersQuery = preparedFor((db) =>
  db
    .select({
      id: groupMembers.id,
      personId: groupMembers.personId,
      organisationId: groupMembers.organisationId,
      role: groupMembers.role,
      joinedOn: groupMembers.joinedOn,
      leftOn: groupMembers.leftOn,
      ...memberNames,
    })
    .from(groupMembers)
    .where(eq(groupMembers.groupId, sql.placeholder('groupId')))
    .orderBy(asc(groupMembers.id))
    .prepare('group_members_all'),
);

async function allMembers(db: Queryable, groupId: number) {
  const rows = await allMembersQuery(db).execute({ groupId });
  // Stable sort: by id within one role and name.
  return rows.sort(byRoleThenName).map((m) => ({
    id: m.id,
    personId: m.personId,
    name: m.name,
    organisationId: m.organisationId,
    organisationName: m.organisationName,
    role: m.role,
    joinedOn: m.joinedOn,
    leftOn: m.leftOn,
  }));
}

/**
 * What the groups module shows on the group page, in a handful of queries run side by side:
 * the group, its related groups and its members. The page itself (src/pages/group.page.ts)
 * adds the group's meetings and papers.
 */
export async function groupSummary(db: Queryable, user: CurrentUser, groupId: number) {
  const [group, related, members] = await Promise.all([
    groupRecord(db, groupId),
    relatedGroups(db, groupId),
    allMembers(db, groupId),
  ]);
  if (!group) throw new NotFoundError('group');
  const current = members.filter((m) => m.leftOn === null);
  const isChair =
    user.role === 'member' &&
    (group.chairPersonId === user.personId || current.some((m) => m.personId === user.personId && m.role === 'chair'));
  return {
    group,
    children: related.filter((r) => r.relation === 'child'),
    reportsTo: related.filter((r) => r.relation === 'reports_to'),
    reportedBy: related.filter((r) => r.relation === 'reported_by'),
    members: current,
    pastMembers: members.filter((m) => m.leftOn !== null),
    can: { manage: isCoordinator(user), manageMembers: isCoordinator(user) || isChair },
  };
}

// Creating and changing groups.

/** For the group form: current groups with their parents, so a group's own subgroups can be left out of "Part of". */
export async function groupFormOptions(db: Queryable, groupId?: number) {
  const all = await db
    .select({ id: groups.id, name: groups.name, kind: groups.kind, parentGroupId: groups.parentGroupId })
    .from(groups)
    .where(isNull(groups.archivedAt))
    .orderBy(asc(groups.name));
  const within = groupId === undefined ? new Set<number>() : descendantsOf(groupId, all);
  return {
    parents: all.filter((g) => g.id !== groupId && !within.has(g.id)),
    boards: all.filter((g) => g.id !== groupId),
  };
}

function descendantsOf(groupId: number, all: { id: number; parentGroupId: number | null }[]): Set<number> {
  const found = new Set<number>();
  let frontier = [groupId];
  while (frontier.length) {
    const next = all
      .filter((g) => g.parentGroupId !== null && frontier.includes(g.parentGroupId) && !found.has(g.id))
      .map((g) => g.id);
    next.forEach((id) => found.add(id));
    frontier = next;
  }
  return found;
}

/** The group as the edit form shows it. */
export async function groupForEditing(db: Queryable, groupId: number) {
  const [[group], lines] = await Promise.all([
    db.select().from(groups).where(eq(groups.id, groupId)),
    db
      .select({ id: groupReportingLines.reportsToGroupId })
      .from(groupReportingLines)
      .where(eq(groupReportingLines.groupId, groupId)),
  ]);
  if (!group) throw new NotFoundError('group');
  return { ...group, reportsToGroupIds: lines.map((l) => l.id) };
}

// Arbitrary constant: one structure change at a time, so two edits cannot together make a loop of parents.
const STRUCTURE_LOCK = 4_735_001;

/** Rules a schema cannot check: a unique name, things chosen from lists that still exist, no loops. */
async function checkGroupInput(tx: Transaction, input: GroupInput, groupId?: number): Promise<number[]> {
  await tx.execute(sql`select pg_advisory_xact_lock(${STRUCTURE_LOCK})`);
  const sameName = and(
    sql`lower(${groups.name}) = lower(${input.name})`,
    groupId === undefined ? undefined : ne(groups.id, groupId),
  );
  const [taken] = await tx.select({ id: groups.id }).from(groups).where(sameName);
  if (taken) throw new FormError('name', 'There is already a group with that name');
  if (input.areaId !== undefined && !(await findArea(tx, input.areaId)))
    throw new FormError('areaId', 'Select an area from the list');
  if (input.chairPersonId !== undefined && !(await findPerson(tx, input.chairPersonId)))
    throw new FormError('chairPersonId', 'Select the chair from the list');
  if (input.parentGroupId !== undefined) await checkParent(tx, input.parentGroupId, groupId);
  const reportsTo = [...new Set(input.reportsToGroupIds ?? [])];
  if (groupId !== undefined && reportsTo.includes(groupId))
    throw new FormError('reportsToGroupIds', 'A group cannot report to itself');
  if (reportsTo.length) {
    const found = await tx
      .select({ id: groups.id })
      .from(groups)
      .where(and(inArray(groups.id, reportsTo), isNull(groups.archivedAt)));
    if (found.length !== reportsTo.length)
      throw new FormError('reportsToGroupIds', 'Select the groups and boards this group reports to from the list');
  }
  return reportsTo;
}

/** The parent must be a current group, and not this group or one inside it: that would make a loop. */
async function checkParent(tx: Transaction, parentGroupId: number, groupId?: number): Promise<void> {
  const [parent] = await tx
    .select({ id: groups.id })
    .from(groups)
    .where(and(eq(groups.id, parentGroupId), isNull(groups.archivedAt)));
  if (!parent) throw new FormError('parentGroupId', 'Select the group this group is part of from the list');
  if (groupId === undefined) return;
  // Walk up from the proposed parent; the groups are few, so read their parents once.
  const all = await tx.select({ id: groups.id, parentGroupId: groups.parentGroupId }).from(groups);
  const parentOf = new Map(all.map((g) => [g.id, g.parentGroupId]));
  const seen = new Set<number>();
  for (let id: number | null | undefined = parentGroupId; id != null && !seen.has(id); id = parentOf.get(id)) {
    if (id === groupId)
      throw new FormError('parentGroupId', 'A group cannot be part of itself or of one of the groups within it');
    seen.add(id);
  }
}

const groupValues = (input: GroupInput) => ({
  name: input.name,
  kind: input.kind,
  description: input.description ?? null,
  areaId: input.areaId ?? null,
  parentGroupId: input.parentGroupId ?? null,
  chairPersonId: input.chairPersonId ?? null,
  cadence: input.cadence,
});

/** A unique-name race lost to another request reads as the same form error as the check. */
function nameTaken(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === '23505';
}

async function asFormErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (nameTaken(error)) throw new FormError('name', 'There is already a group with that name');
    throw error;
  }
}

export async function createGroup(db: Database, user: CurrentUser, input: GroupInput): Promise<number> {
  return asFormErrors(() =>
    db.transaction(async (tx) => {
      const reportsTo = await checkGroupInput(tx, input);
      const [created] = await tx.insert(groups).values(groupValues(input)).returning({ id: groups.id });
      const groupId = created!.id;
      if (reportsTo.length)
        await tx.insert(groupReportingLines).values(reportsTo.map((id) => ({ groupId, reportsToGroupId: id })));
      await recordAudit(tx, {
        action: 'group.created',
        user,
        subjectType: 'group',
        subjectId: groupId,
        detail: { ...groupValues(input), reportsToGroupIds: reportsTo },
      });
      return groupId;
    }),
  );
}

export async function updateGroup(db: Database, user: CurrentUser, groupId: number, input: GroupInput): Promise<void> {
  await asFormErrors(() =>
    db.transaction(async (tx) => {
      const [before] = await tx.select().from(groups).where(eq(groups.id, groupId)).for('update');
      if (!before) throw new NotFoundError('group');
      const reportsTo = await checkGroupInput(tx, input, groupId);
      const values = groupValues(input);
      await tx.update(groups).set(values).where(eq(groups.id, groupId));
      const lines = await replaceReportingLines(tx, groupId, reportsTo);
      const changes: Record<string, unknown> = Object.fromEntries(
        Object.entries(values)
          .filter(([key, value]) => before[key as keyof typeof values] !== value)
          .map(([key, value]) => [key, { from: before[key as keyof typeof values], to: value }]),
      );
      if (lines.added.length || lines.removed.length) changes.reportsToGroupIds = { from: lines.before, to: reportsTo };
      await recordAudit(tx, {
        action: 'group.updated',
        user,
        subjectType: 'group',
        subjectId: groupId,
        detail: changes,
      });
    }),
  );
}

/** Reporting lines are links, not records: the audit entry keeps what they were. */
async function replaceReportingLines(tx: Transaction, groupId: number, wanted: number[]) {
  const existing = (
    await tx
      .select({ id: groupReportingLines.reportsToGroupId })
      .from(groupReportingLines)
      .where(eq(groupReportingLines.groupId, groupId))
  ).map((l) => l.id);
  const removed = existing.filter((id) => !wanted.includes(id));
  const added = wanted.filter((id) => !existing.includes(id));
  if (removed.length) {
    await tx
      .delete(groupReportingLines)
      .where(and(eq(groupReportingLines.groupId, groupId), inArray(groupReportingLines.reportsToGroupId, removed)));
  }
  if (added.length) await tx.insert(groupReportingLines).values(added.map((id) => ({ groupId, reportsToGroupId: id })));
  return { before: existing, added, removed };
}

/** Archived, never deleted: its meetings and papers still name it. */
export async function archiveGroup(db: Database, user: CurrentUser, groupId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [archived] = await tx
      .update(groups)
      .set({ archivedAt: sql`coalesce(${groups.archivedAt}, now())` })
      .where(eq(groups.id, groupId))
      .returning({ id: groups.id });
    if (!archived) throw new NotFoundError('group');
    await recordAudit(tx, {
      action: 'group.updated',
      user,
      subjectType: 'group',
      subjectId: groupId,
      detail: { archived: true },
    });
  });
}

// Membership.

/** For the add-member form: the group, and whether the user may change its membership. */
export async function memberFormContext(db: Queryable, user: CurrentUser, groupId: number) {
  const [group] = await Promise.all([getGroup(db, groupId), mustManageMembersOf(db, user, groupId)]);
  return {
    group,
    roles: MEMBER_ROLES,
    currentPersonIds: (await listCurrentMembers(db, groupId)).map((m) => m.personId),
  };
}

export async function addMember(db: Database, user: CurrentUser, groupId: number, input: MemberInput): Promise<number> {
  return db.transaction(async (tx) => {
    // Locking the group row queues membership changes to one group, so a person cannot be added twice at once.
    const [group] = await tx
      .select({ id: groups.id, archivedAt: groups.archivedAt })
      .from(groups)
      .where(eq(groups.id, groupId))
      .for('update');
    if (!group) throw new NotFoundError('group');
    await mustManageMembersOf(tx, user, groupId);
    if (group.archivedAt) throw new FormError('personId', 'This group is archived: it has no new members');
    const person = await findPerson(tx, input.personId);
    if (!person) throw new FormError('personId', 'Select the person to add from the list');
    const [already] = await tx
      .select({ id: groupMembers.id })
      .from(groupMembers)
      .where(
        and(eq(groupMembers.groupId, groupId), eq(groupMembers.personId, input.personId), isNull(groupMembers.leftOn)),
      );
    if (already) throw new FormError('personId', 'That person is already a member of this group');
    if (input.organisationId !== undefined && !(await organisationExists(tx, input.organisationId)))
      throw new FormError('organisationId', 'Select the organisation they represent from the list');
    const values = {
      groupId,
      personId: person.id,
      // Usually people represent their own organisation; the form can say otherwise.
      organisationId: input.organisationId ?? person.organisationId,
      role: input.role,
      joinedOn: input.joinedOn ?? null,
    };
    const [member] = await tx.insert(groupMembers).values(values).returning({ id: groupMembers.id });
    await recordAudit(tx, {
      action: 'group.membership_changed',
      user,
      subjectType: 'group',
      subjectId: groupId,
      detail: { change: 'joined', memberId: member!.id, ...values },
    });
    return member!.id;
  });
}

/** Ends a membership: the row stays, so past attendance still shows who represented whom. */
export async function leaveGroup(
  db: Database,
  user: CurrentUser,
  groupId: number,
  memberId: number,
  leftOn = today(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const [member] = await tx
      .select()
      .from(groupMembers)
      .where(and(eq(groupMembers.id, memberId), eq(groupMembers.groupId, groupId)))
      .for('update');
    if (!member) throw new NotFoundError('member');
    await mustManageMembersOf(tx, user, groupId);
    if (member.leftOn !== null) throw new FormError('leftOn', 'That person has already left the group');
    if (member.joinedOn !== null && leftOn < member.joinedOn)
      throw new FormError('leftOn', 'The date they left must be on or after the date they joined');
    await tx.update(groupMembers).set({ leftOn }).where(eq(groupMembers.id, memberId));
    await recordAudit(tx, {
      action: 'group.membership_changed',
      user,
      subjectType: 'group',
      subjectId: groupId,
      detail: { change: 'left', memberId, personId: member.personId, role: member.role, leftOn },
    });
  });
}
