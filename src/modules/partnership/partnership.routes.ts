import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { formErrors, formErrorsOf } from '../../views/forms.ts';
import { COORDINATORS } from '../../auth/policy.ts';
import { NotFoundError } from '../../errors.ts';
import { AREA_KINDS, AreaForm, SetupForm } from './partnership.forms.ts';
import { completeSetup, createArea, listAreas, SetupAlreadyDone } from './partnership.service.ts';
import { homeSummary } from './home.service.ts';

export async function partnershipRoutes(app: FastifyInstance) {
  // Setup exists only until the partnership is named; after that it is gone for good.
  const setupDone = async () => (await app.partnershipName()) !== null;

  app.get('/setup', { config: { public: true } }, async (request, reply) => {
    if (await setupDone()) throw new NotFoundError();
    return reply.page('partnership/views/setup.njk', { values: {} });
  });

  app.post(
    '/setup',
    { config: { public: true }, schema: { body: SetupForm }, attachValidation: true },
    async (request, reply) => {
      if (await setupDone()) throw new NotFoundError();
      const values = request.body as Static<typeof SetupForm>;
      if (request.validationError) {
        return reply.code(400).page('partnership/views/setup.njk', { values, errors: formErrors(request.validationError, SetupForm) });
      }
      try {
        await completeSetup(app.db, values, request.ip);
      } catch (error) {
        if (error instanceof SetupAlreadyDone) throw new NotFoundError();
        throw error;
      }
      app.setPartnershipName(values.partnershipName);
      return reply.redirect('/sign-in?setup=done', 303);
    },
  );

  app.get('/', async (request, reply) => {
    return reply.page('partnership/views/home.njk', await homeSummary(app.db, request.user!));
  });

  app.get('/areas', async (request, reply) => {
    return reply.page('partnership/views/areas.njk', { areas: await listAreas(app.db), kinds: AREA_KINDS, values: {} });
  });

  app.post(
    '/areas',
    { config: COORDINATORS, schema: { body: AreaForm }, attachValidation: true },
    async (request, reply) => {
      const values = request.body as Static<typeof AreaForm>;
      const render = async (errors: unknown) =>
        reply.code(400).page('partnership/views/areas.njk', { areas: await listAreas(app.db), kinds: AREA_KINDS, values, errors });
      if (request.validationError) return render(formErrors(request.validationError, AreaForm));
      const errors = await formErrorsOf(() => createArea(app.db, { name: values.name, kind: values.kind }));
      if (errors) return render(errors);
      return reply.redirect('/areas', 303);
    },
  );
}
