import { and, desc, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { recordSignInAttempt, type SignInAttempt, type SignInOutcome } from '../../auth/sign-in-attempts.ts';
import { auditLog } from './audit.tables.ts';

/** What is logged. Dotted names group by subject. */
export type AuditAction =
  | 'sign_in.succeeded'
  | 'sign_in.failed'
  | 'sign_in.throttled'
  // The password was right: a second factor is asked for (refused codes are 'second_factor_failed').
  | 'sign_in.second_factor_asked'
  | 'sign_in.second_factor_failed'
  | 'sign_out'
  | 'setup.completed'
  | 'account.created'
  | 'account.role_changed'
  | 'account.password_reset'
  | 'account.password_changed'
  | 'account.disabled'
  | 'account.enabled'
  // Second factors: added or removed by their holder, recovery codes made anew, all reset by an administrator.
  | 'account.second_factor_added'
  | 'account.second_factor_removed'
  | 'account.recovery_codes_made'
  | 'account.second_factors_reset'
  | 'second_factor.requirement_changed'
  // Single sign-on: the identity provider set by an administrator; an answer from it refused (and why).
  | 'single_sign_on.settings_changed'
  | 'single_sign_on.refused'
  // A link to set a password: made (emailed, or shown to the administrator), used, or refused.
  | 'account.invitation_sent'
  | 'account.password_reset_requested'
  | 'account.password_set_by_link'
  | 'account.password_link_refused'
  // A browser new to the account signed in (told to the person by email); one forgotten, or "this wasn't me".
  | 'account.new_browser'
  | 'account.browser_forgotten'
  | 'account.browser_not_me'
  // A person turned the weekly digest or reminders on or off.
  | 'account.email_preferences_changed'
  // A meeting's agenda and papers emailed to its group's members.
  | 'meeting.circulated'
  | 'organisation.created'
  | 'organisation.updated'
  | 'organisation.archived'
  | 'organisation.restored'
  | 'person.created'
  | 'person.updated'
  | 'person.archived'
  | 'person.restored'
  | 'group.created'
  | 'group.updated'
  | 'group.membership_changed'
  | 'document.created'
  | 'document.updated'
  | 'document.marking_changed'
  | 'document.shared_with_everyone'
  | 'document.file_uploaded'
  | 'document.viewed'
  | 'document.downloaded'
  | 'document.archived'
  | 'audit_log.exported'
  // The sign-in attempts downloaded as CSV (they have their own table; see retention).
  | 'sign_in_attempts.exported'
  // A backup taken (by an administrator, the daily schedule or `npm run backup`); the schedule changed.
  | 'backup.taken'
  | 'backup.schedule_changed'
  // The whole chain checked on its page, and its head handed out to be kept outside the Hub.
  | 'audit_chain.checked'
  | 'audit_chain.exported'
  // The head emailed to the officer who keeps it, and who that officer is.
  | 'audit_chain.emailed'
  | 'audit_chain.officer_changed'
  // Retention: a period changed, and what a run of the daily job (or "Run now") removed, in counts.
  | 'retention.period_changed'
  | 'retention.run_requested'
  | 'retention.ran'
  | 'plan.consultation_opened'
  | 'plan.consultation_closed'
  | 'plan.approved'
  | 'plan.superseded'
  | 'plan.imported'
  | 'recommendation.added'
  | 'recommendation.updated'
  | 'recommendation.decided'
  | 'recommendation.withdrawn'
  | 'threat_level.recorded'
  | 'threat_level.corrected'
  | 'disrupted_plots.recorded'
  | 'disrupted_plots.corrected'
  | 'referral_figures.imported'
  | 'referral_register.viewed'
  | 'referral_register.exported'
  | 'referral_register.access_changed'
  | 'referral_register.retention_changed'
  | 'referral.created'
  | 'referral.viewed'
  | 'referral.stage_recorded'
  | 'referral.corrected'
  | 'referral.reduced'
  | 'referral.panel_cases_viewed'
  | 'resource.created'
  | 'resource.updated'
  | 'resource.withdrawn'
  | 'resource.reinstated'
  | 'resource.use_recorded'
  | 'resource.completions_imported'
  | 'resource.file_uploaded'
  | 'self_assessment.framework_imported'
  | 'self_assessment.level_renamed'
  | 'self_assessment.created'
  | 'self_assessment.rated'
  | 'self_assessment.evidence_linked'
  | 'self_assessment.evidence_removed'
  | 'self_assessment.agreed'
  | 'self_assessment.action_created'
  | 'self_assessment.exported'
  | 'self_assessment.peer_rating_recorded'
  | 'self_assessment.peer_rating_withdrawn'
  | 'self_assessment.peer_ratings_imported'
  | 'impact_assessment.created'
  | 'impact_assessment.viewed'
  | 'impact_assessment.updated'
  | 'impact_assessment.reviewed'
  | 'impact_assessment.compared'
  | 'impact_assessment.closed'
  | 'impact_assessment.action_added'
  | 'impact_assessment.action_updated'
  | 'impact_assessment.action_withdrawn'
  | 'impact_assessment.action_to_plan'
  | 'impact_assessment.put_on_agenda'
  | 'response_plan.started'
  | 'response_plan.viewed'
  | 'response_plan.activity_added'
  | 'response_plan.activity_updated'
  | 'response_plan.check_in_recorded'
  | 'response_plan.extended'
  | 'response_plan.closed'
  | 'response_plan.areas_changed'
  | 'response_plan.action_created'
  | 'response_plan.event_linked'
  | 'incident.recorded'
  | 'incident.updated'
  | 'incident.localised'
  | 'incident.archived'
  | 'community.added'
  | 'community.updated'
  | 'tension_indicator.added'
  | 'tension_indicator.updated'
  | 'tension_report.submitted'
  | 'tension_report.updated'
  | 'tension_report.withdrawn'
  | 'tension_reports.viewed'
  | 'tension_settings.changed'
  | 'training_course.created'
  | 'training_session.scheduled'
  | 'training_session.cancelled'
  | 'training_attendance.recorded'
  | 'training_feedback.recorded'
  | 'prevent_champion.recorded'
  | 'training_target.set'
  | 'training_request.made'
  | 'training_request.scheduled'
  | 'training_request.declined'
  | 'training_offer.started'
  | 'training_offer.ended'
  | 'funding_pot.created'
  | 'funding_pot.overcommitted'
  | 'funding_proposal.created'
  | 'funding_proposal.put_to_meeting'
  | 'funding_proposal.decided'
  | 'ctlp_risk.created'
  | 'ctlp_risks.viewed'
  | 'funding_project.created'
  | 'funding_project.updated'
  | 'funding_project.spend_recorded'
  | 'funding_project.delivery_recorded'
  | 'hosting_request.made'
  | 'hosting_request.accepted'
  | 'hosting_request.declined'
  | 'paper_template.shipped'
  | 'paper_template.copied'
  | 'paper_template.updated'
  | 'paper_template.archived'
  | 'paper.created'
  | 'paper.draft_saved'
  // A draft's preview showing OFFICIAL-SENSITIVE material: a restricted read.
  | 'paper.previewed'
  | 'paper.approver_named'
  | 'paper.signed_off'
  | 'paper.issued'
  // An issued or signed-off paper opened for changes: a draft again, its sign-off cleared.
  | 'paper.reopened'
  // An issued OFFICIAL-SENSITIVE version read in the Hub or as a file: a restricted read.
  | 'paper.version_read'
  // When a group's papers are due (working days before its meetings) changed.
  | 'paper_settings.updated'
  // A meeting's minutes approved at a later meeting; OFFICIAL-SENSITIVE minutes read (a restricted read).
  | 'minutes.approved'
  | 'minutes.read';

export interface AuditEntry {
  action: AuditAction;
  user?: Pick<CurrentUser, 'accountId' | 'email'> | null;
  actor?: string;
  subjectType?: string;
  subjectId?: string | number;
  detail?: Record<string, unknown>;
  ip?: string;
}

/**
 * Record an entry. Pass the transaction that makes the change, so the change and its
 * record commit together or not at all.
 */
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  if (entry.action.startsWith(SIGN_IN)) return recordSignInAttempt(db, signInAttemptOf(entry));
  await db.insert(auditLog).values({
    accountId: entry.user?.accountId ?? null,
    actor: entry.actor ?? entry.user?.email ?? null,
    action: entry.action,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId === undefined ? null : String(entry.subjectId),
    detail: entry.detail ?? null,
    ip: entry.ip ?? null,
  });
}

/**
 * Attempts to sign in are kept in their own table, deleted after the period an administrator
 * sets (a year unless changed), because the audit log is kept forever. Those written before the
 * move stay in the audit log as well: its entries are hash-chained and never deleted, so taking
 * them out would break the chain; migration 0029 copied them into the new table.
 */
const SIGN_IN = 'sign_in.';

function signInAttemptOf(entry: AuditEntry): SignInAttempt {
  return {
    outcome: entry.action.slice(SIGN_IN.length) as SignInOutcome,
    accountId: entry.user?.accountId ?? null,
    email: typeof entry.detail?.email === 'string' ? entry.detail.email : (entry.actor ?? entry.user?.email ?? null),
    detail: entry.detail ?? null,
    ip: entry.ip ?? null,
  };
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
}

function where(filter: AuditFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.action) conditions.push(ilike(auditLog.action, `${filter.action}%`));
  if (filter.actor)
    conditions.push(
      or(
        ilike(auditLog.actor, `%${filter.actor}%`),
        sql`${auditLog.detail}->>'email' ilike ${'%' + filter.actor + '%'}`,
      )!,
    );
  if (filter.from) conditions.push(gte(auditLog.at, new Date(`${filter.from}T00:00:00Z`)));
  if (filter.to) conditions.push(lte(auditLog.at, new Date(`${filter.to}T23:59:59.999Z`)));
  return conditions.length ? and(...conditions) : undefined;
}

export function listAudit(db: Queryable, filter: AuditFilter, limit = 200, offset = 0) {
  return db.select().from(auditLog).where(where(filter)).orderBy(desc(auditLog.id)).limit(limit).offset(offset);
}

export async function countAudit(db: Queryable, filter: AuditFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(where(filter));
  return row?.n ?? 0;
}

/** Failed sign-ins for an email within the last `minutes`, to slow down guessing. */
export { recentFailedSignIns } from '../../auth/sign-in-attempts.ts';
