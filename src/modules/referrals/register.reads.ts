import { and, asc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Database, Queryable } from '../../db/client.ts';
import { listGroupOptions } from '../groups/index.ts';
import { listMeetingsOfGroup, meetingLabels, type MeetingLabel } from '../meetings/index.ts';
import { categoryLabel } from './categories.ts';
import { auditRegister, CHANNEL_PANEL, registerAccessOf } from './register.access.ts';
import { canRegister } from './register.policy.ts';
import { referralStages, referrals } from './register.tables.ts';

/*
 * What other pages read of the register: the Channel panel meetings a discussion can be linked
 * to, the cases a panel meeting discussed, and the reviews that are overdue. Each answers only
 * for the register's need-to-know.
 */

/** Meetings of the Channel panel group(s), newest first: where a panel discussion can be recorded. */
export async function panelMeetingOptions(db: Queryable): Promise<MeetingLabel[]> {
  const panels = (await listGroupOptions(db)).filter((group) => group.kind === CHANNEL_PANEL);
  const meetings = (await Promise.all(panels.map((panel) => listMeetingsOfGroup(db, panel.id)))).flat();
  return meetings
    .map((m) => ({ id: m.id, startsAt: m.startsAt, groupId: m.groupId, groupName: m.groupName }))
    .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
}

export const panelMeetingLabels = meetingLabels;

/**
 * The cases discussed at a meeting, by reference, for the register's need-to-know; null for
 * everyone else, who see the meeting without them. Each showing is audited.
 */
export async function panelCasesForMeeting(db: Database, user: CurrentUser, meetingId: number, ip?: string) {
  if (!canRegister(user, 'read', await registerAccessOf(db, user))) return null;
  const cases = await db
    .selectDistinct({
      id: referrals.id,
      reference: referrals.reference,
      concern: referrals.concern,
      stage: referrals.stage,
    })
    .from(referralStages)
    .innerJoin(referrals, eq(referrals.id, referralStages.referralId))
    .where(eq(referralStages.meetingId, meetingId))
    .orderBy(asc(referrals.reference));
  if (cases.length) {
    await auditRegister(db, 'referral.panel_cases_viewed', {
      user,
      ip,
      subjectType: 'meeting',
      subjectId: meetingId,
      detail: { references: cases.map((c) => c.reference) },
    });
  }
  return cases.map((c) => ({ ...c, concernLabel: categoryLabel('concern', c.concern) }));
}

const dueOn = (months: number) => sql<string>`(${referrals.exitedOn} + make_interval(months => ${months}))::date`;

/**
 * Adopted cases whose 6- or 12-month review after exit is past due, oldest first: for the
 * coordinator's home page (which should then be no-store). Empty for anyone outside the register's
 * need-to-know. Audited when it names any case.
 */
export async function overdueRegisterReviews(db: Queryable, user: CurrentUser, ip?: string) {
  if (!canRegister(user, 'read', await registerAccessOf(db, user))) return [];
  const sixMonth = and(eq(referrals.stage, 'exited'), sql`${dueOn(6)} < current_date`);
  const twelveMonth = and(eq(referrals.stage, 'review_6'), sql`${dueOn(12)} < current_date`);
  const rows = await db
    .select({ id: referrals.id, reference: referrals.reference, stage: referrals.stage, exitedOn: referrals.exitedOn })
    .from(referrals)
    .where(
      and(
        eq(referrals.outcome, 'adopted'),
        isNotNull(referrals.exitedOn),
        or(sixMonth, twelveMonth),
        inArray(referrals.stage, ['exited', 'review_6']),
      ),
    )
    .orderBy(asc(referrals.exitedOn));
  // References shown outside the register's own pages are a read of it like any other.
  if (rows.length) {
    const references = rows.map((row) => row.reference);
    await auditRegister(db, 'referral_register.viewed', { user, ip, detail: { page: 'overdue reviews', references } });
  }
  return rows.map((row) => {
    const months = row.stage === 'exited' ? 6 : 12;
    const due = new Date(`${row.exitedOn}T00:00:00Z`);
    due.setUTCMonth(due.getUTCMonth() + months);
    return {
      id: row.id,
      reference: row.reference,
      review: `${months}-month review`,
      dueOn: due.toISOString().slice(0, 10),
    };
  });
}
