import path from 'node:path';
import querystring from 'node:querystring';
import Fastify, { type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import { projectRoot } from './paths.ts';
import type { HubApp } from './routes.ts';
import type pg from 'pg';
import type { Database } from './db/client.ts';
import { registerLive } from './live/live.ts';
import { closeDocxWriters } from './reports/worker.ts';
import { readFileAfterCsrf, registerGuard } from './auth/guard.ts';
import { registerSecurity } from './plugins/security.ts';
import { registerErrorPages } from './plugins/errors.ts';
import { hubLogging } from './plugins/logging.ts';
import { registerInputRules } from './plugins/input.ts';
import { lazyValidators } from './plugins/validators.ts';
import { createViewEnvironment, govukFrontendDist, registerViews } from './views/views.ts';
import { dropEmptyFields } from './views/forms.ts';
import { partnershipRoutes, getPartnershipName } from './modules/partnership/index.ts';
import { accountsRoutes, passwordLinkRoutes, registerAccountReactions, setupRoutes } from './modules/accounts/index.ts';
import { organisationsRoutes } from './modules/organisations/index.ts';
import { groupsRoutes } from './modules/groups/index.ts';
import { meetingsRoutes } from './modules/meetings/index.ts';
import { MAX_UPLOAD_BYTES, documentsRoutes, registerDocumentAnswers } from './modules/documents/index.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { mailRoutes, sendOutboxWhileOpen } from './modules/mail/index.ts';
import { eventsRoutes, moderationRoutes, pollsRoutes } from './modules/events/index.ts';
import { searchRoutes } from './modules/search/index.ts';
import { pagesRoutes } from './pages/index.ts';
import { threatLevelRoutes } from './modules/threat-level/index.ts';
import { figuresRoutes, registerRoutes, statisticsRoutes } from './modules/referrals/index.ts';
import { tensionRoutes } from './modules/tension/index.ts';
import { registerResponsePlanReactions, responsePlanRoutes } from './modules/response-plans/index.ts';
import { impactAssessmentRoutes } from './modules/impact-assessments/index.ts';
import { selfAssessmentRoutes } from './modules/self-assessment/index.ts';
import { resourcesRoutes } from './modules/resources/index.ts';
import { fundingRoutes, registerFundingReactions } from './modules/funding/index.ts';
import { trainingRoutes } from './modules/training/index.ts';
import { papersRoutes } from './modules/papers/index.ts';
import { backupsRoutes } from './modules/backups/index.ts';
import { retentionJob, retentionRoutes } from './modules/retention/index.ts';
import { runScheduledJobsWhileOpen } from './jobs/scheduled-jobs.ts';
import { planRemindersJob, reminderRoutes, weeklyDigestJob } from './modules/reminders/index.ts';
import {
  plansRoutes,
  planImportRoutes,
  consultationRoutes,
  planDashboardRoutes,
  registerPlanReactions,
} from './modules/plans/index.ts';

export type App = HubApp;

export interface AppOptions {
  config: Config;
  db: Database;
  logger?: FastifyServerOptions['logger'];
  /** On PostgreSQL: the pool, for live updates across instances (LISTEN/NOTIFY). */
  pool?: pg.Pool;
}

const publicDir = path.join(projectRoot, 'public');

/** Builds the Hub without listening, so tests can `inject` requests into it. */
export async function buildApp({ config, db, logger = false, pool }: AppOptions): Promise<App> {
  const app = Fastify({
    // No addresses, URLs or SQL values in the log: see src/plugins/logging.ts.
    ...hubLogging(logger),
    bodyLimit: 256 * 1024,
    trustProxy: config.trustProxy as FastifyServerOptions['trustProxy'],
    // Ajv: `title` and `errorMessage` on form fields carry the words for GOV.UK error messages.
    ajv: {
      customOptions: { keywords: ['errorMessage'], coerceTypes: 'array', removeAdditional: true, allErrors: true },
    },
    schemaController: { compilersFactory: { buildValidator: lazyValidators() } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', db);
  app.decorate('config', config);
  let name: string | null = null;
  app.decorate('partnershipName', async () => (name ??= await getPartnershipName(db)));
  app.decorate('setPartnershipName', (value: string) => void (name = value));

  await app.register(cookie, { secret: config.sessionSecret });
  // Node's parser returns a null-prototype object, so "__proto__" arrives as a key we can refuse.
  await app.register(formbody, { parser: (body) => querystring.parse(body) });
  await app.register(multipart, {
    attachFieldsToBody: true,
    onFile: readFileAfterCsrf,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 50 },
  });
  await app.register(fastifyStatic, { root: publicDir, serve: false });
  // Forms without JavaScript send every field, chosen or not ("?sector=&areaId="): empty means not given.
  app.addHook('preValidation', (request, _reply, done) => {
    dropEmptyFields(request.query);
    if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) dropEmptyFields(request.body);
    done();
  });

  registerViews(app, createViewEnvironment(!config.production && process.env.VIEWS_WATCH === '1'));
  registerSecurity(app);
  registerGuard(app);
  registerInputRules(app);
  registerErrorPages(app);
  await registerLive(app, db, pool);
  // Word documents are written in worker threads: they end with the Hub, so it exits at once.
  app.addHook('onClose', closeDocxWriters);

  app.get(
    '/assets/*',
    { config: { public: true }, schema: { params: { type: 'object', properties: { '*': { type: 'string' } } } } },
    (request, reply) => {
      const file = (request.params as { '*': string })['*'];
      const root = /^(hub|live|present)\./.test(file)
        ? publicDir
        : file.startsWith('govuk-frontend.')
          ? path.join(govukFrontendDist, 'govuk')
          : path.join(govukFrontendDist, 'govuk', 'assets');
      return reply.sendFile(file, root, { maxAge: '1h' });
    },
  );
  app.get('/health', { config: { public: true } }, () => Promise.resolve({ status: 'ok' }));

  registerAccountReactions();
  registerDocumentAnswers();
  registerPlanReactions();
  registerResponsePlanReactions();
  registerFundingReactions();
  await app.register(setupRoutes);
  await app.register(partnershipRoutes);
  await app.register(accountsRoutes);
  await app.register(passwordLinkRoutes);
  await app.register(organisationsRoutes);
  await app.register(groupsRoutes);
  await app.register(meetingsRoutes);
  await app.register(documentsRoutes);
  await app.register(auditRoutes);
  await app.register(mailRoutes);
  await app.register(eventsRoutes);
  await app.register(moderationRoutes);
  await app.register(pollsRoutes);
  await app.register(searchRoutes);
  await app.register(plansRoutes);
  await app.register(planImportRoutes);
  await app.register(consultationRoutes);
  await app.register(planDashboardRoutes);
  await app.register(threatLevelRoutes);
  await app.register(registerRoutes);
  await app.register(figuresRoutes);
  await app.register(statisticsRoutes);
  await app.register(tensionRoutes);
  await app.register(responsePlanRoutes);
  await app.register(impactAssessmentRoutes);
  await app.register(selfAssessmentRoutes);
  await app.register(resourcesRoutes);
  await app.register(fundingRoutes);
  await app.register(trainingRoutes);
  await app.register(papersRoutes);
  await app.register(reminderRoutes);
  await app.register(backupsRoutes);
  await app.register(retentionRoutes);
  // Pages that gather several modules (home, person, group, meeting): src/pages.
  await app.register(pagesRoutes);
  sendOutboxWhileOpen(app);
  // Each module with daily or weekly work exports its jobs; they are listed here.
  runScheduledJobsWhileOpen(app, [planRemindersJob(config), weeklyDigestJob(config), retentionJob]);
  return app;
}
