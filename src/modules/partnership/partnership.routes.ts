import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { fieldError, formErrors, formErrorsOf, type FormErrors } from '../../views/forms.ts';
import { AttemptCounter } from '../../auth/attempts.ts';
import { generatePassword } from '../../auth/passwords.ts';
import { setSessionCookie } from '../accounts/index.ts';
import { COORDINATORS } from '../../auth/policy.ts';
import { NotFoundError } from '../../errors.ts';
import { AREA_KINDS, AreaForm, SetupForm } from './partnership.forms.ts';
import { completeSetup, createArea, listAreas, SetupAlreadyDone, setupCodeMatches } from './partnership.service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one-time code that setup asks for, printed at start while the Hub is not set up. */
    setupCode: string;
  }
}

/** Wrong setup codes from one source before it must wait. */
export const SETUP_CODE_GUESSES = 10;
const GUESS_WINDOW_MINUTES = 15;

export async function partnershipRoutes(app: FastifyInstance) {
  // Setup exists only until the partnership is named; after that it is gone for good.
  const setupDone = async () => (await app.partnershipName()) !== null;
  // Whoever reaches /setup first becomes administrator: the code proves they can see this Hub's console.
  const setupCode = generatePassword();
  app.decorate('setupCode', setupCode);
  const guesses = new AttemptCounter(SETUP_CODE_GUESSES, GUESS_WINDOW_MINUTES * 60_000);

  app.addHook('onReady', async () => {
    if (await setupDone()) return;
    app.log.warn(`This Hub is not set up yet. Open /setup and enter the setup code: ${setupCode}`);
  });

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
      const render = (errors: FormErrors) =>
        reply.code(400).page('partnership/views/setup.njk', { values: { ...values, setupCode: undefined }, errors });
      if (request.validationError) return render(formErrors(request.validationError, SetupForm));
      // Counted before comparing, so parallel guesses cannot pass the limit; a right code is handed back.
      const source = request.ip ?? '';
      if (!guesses.take(source)) {
        return render(
          fieldError('setupCode', `Too many wrong setup codes. Wait ${GUESS_WINDOW_MINUTES} minutes and try again`),
        );
      }
      if (!setupCodeMatches(values.setupCode, setupCode)) {
        return render(
          fieldError('setupCode', 'The setup code is not right. Use the code shown where the Hub was started'),
        );
      }
      guesses.giveBack(source);
      let token: string;
      try {
        const { partnershipName, name, email, password } = values;
        token = await completeSetup(app.db, { partnershipName, name, email, password }, request.ip);
      } catch (error) {
        if (error instanceof SetupAlreadyDone) throw new NotFoundError();
        throw error;
      }
      app.setPartnershipName(values.partnershipName);
      setSessionCookie(app, reply, token);
      return reply.redirect('/', 303);
    },
  );

  app.get('/areas', async (request, reply) => {
    return reply.page('partnership/views/areas.njk', { areas: await listAreas(app.db), kinds: AREA_KINDS, values: {} });
  });

  app.post(
    '/areas',
    { config: COORDINATORS, schema: { body: AreaForm }, attachValidation: true },
    async (request, reply) => {
      const values = request.body as Static<typeof AreaForm>;
      const render = async (errors: unknown) =>
        reply
          .code(400)
          .page('partnership/views/areas.njk', { areas: await listAreas(app.db), kinds: AREA_KINDS, values, errors });
      if (request.validationError) return render(formErrors(request.validationError, AreaForm));
      const errors = await formErrorsOf(() => createArea(app.db, { name: values.name, kind: values.kind }));
      if (errors) return render(errors);
      return reply.redirect('/areas', 303);
    },
  );
}

// Not encapsulated (as fastify-plugin does it), so `setupCode` decorates the Hub itself, where tests read it.
(partnershipRoutes as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
