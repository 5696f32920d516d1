import type { FastifyReply } from 'fastify';
import { signedIn, type HubApp } from '../../routes.ts';
import { formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { latestSignInAttempts, signInAttemptsPage } from '../../auth/sign-in-attempts.ts';
import { recordAudit } from '../audit/index.ts';
import { csvFromPages } from '../../views/csv.ts';
import { AttemptsQuery, LIMITS, PeriodsForm, RetentionQuery, RunNowForm } from './retention.forms.ts';
import { dueNow, lastRuns, runNow, setPeriods, type Periods } from './retention.service.ts';

const ADMIN = { roles: ['administrator' as const] };
const PAGE = '/admin/retention';

export async function retentionRoutes(app: HubApp) {
  const db = app.db;

  const renderPage = async (
    reply: FastifyReply,
    options: { done?: string; errors?: FormErrors; values?: Record<string, unknown> },
  ) => {
    const [due, runs] = await Promise.all([dueNow(db, new Date()), lastRuns(db)]);
    return reply.code(options.errors ? 400 : 200).page('retention/views/retention.njk', {
      title: 'Retention',
      due,
      runs,
      limits: LIMITS,
      values: options.values ?? {
        eventDelegatesDays: due.periods.event_delegates,
        signInAttemptsDays: due.periods.sign_in_attempts,
      },
      done: options.done,
      errors: options.errors,
    });
  };

  app.get(PAGE, { config: ADMIN, schema: { querystring: RetentionQuery } }, (request, reply) =>
    renderPage(reply, { done: request.query.done }),
  );

  app.post(PAGE, { config: ADMIN, schema: { body: PeriodsForm }, attachValidation: true }, async (request, reply) => {
    const form = readForm(request, PeriodsForm);
    if (!form.ok) return renderPage(reply, { errors: form.errors, values: form.values });
    const periods: Periods = {
      event_delegates: form.values.eventDelegatesDays,
      sign_in_attempts: form.values.signInAttemptsDays,
    };
    await setPeriods(db, signedIn(request), periods, request.ip);
    return reply.redirect(`${PAGE}?done=saved`, 303);
  });

  app.post(`${PAGE}/run`, { config: ADMIN, schema: { body: RunNowForm } }, async (request, reply) => {
    const errors = await formErrorsOf(() => runNow(db, signedIn(request), request.ip));
    if (errors) return renderPage(reply, { errors });
    return reply.redirect(`${PAGE}?done=ran`, 303);
  });

  // Sign-in attempts left the audit log for their own table: administrators review them here.
  app.get(
    `${PAGE}/sign-in-attempts`,
    { config: ADMIN, schema: { querystring: AttemptsQuery } },
    async (request, reply) => {
      const email = request.query.email || undefined;
      return reply.sensitive().page('retention/views/sign-in-attempts.njk', {
        title: 'Sign-in attempts',
        email,
        attempts: await latestSignInAttempts(db, email),
      });
    },
  );

  // Every attempt kept, not only the latest 200 the page shows; who downloaded them is recorded.
  app.get(
    `${PAGE}/sign-in-attempts.csv`,
    { config: ADMIN, schema: { querystring: AttemptsQuery } },
    async (request, reply) => {
      const email = request.query.email || undefined;
      await recordAudit(db, {
        action: 'sign_in_attempts.exported',
        user: signedIn(request),
        detail: email ? { email } : {},
      });
      const batch = 1000;
      // Emails are whatever a stranger typed at sign-in: the CSV writer keeps formulas as text.
      const csv = csvFromPages(
        ['at', 'email', 'outcome', 'ip'],
        batch,
        (index) => signInAttemptsPage(db, email, batch, index * batch),
        (a) => [a.at, a.email, a.outcome, a.ip],
      );
      const date = new Date().toISOString().slice(0, 10);
      return reply
        .sensitive()
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="sign-in-attempts-${date}.csv"`)
        .send(csv);
    },
  );
}
