import { fieldError, readForm, type FormErrors } from '../../views/forms.ts';
import { AttemptCounter } from '../../auth/attempts.ts';
import { generatePassword } from '../../auth/passwords.ts';
import { NotFoundError } from '../../errors.ts';
import type { HubApp } from '../../routes.ts';
import { SetupForm } from './accounts.forms.ts';
import { setSessionCookie } from './accounts.routes.ts';
import { completeSetup, SetupAlreadyDone, setupCodeMatches } from './setup.service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one-time code that setup asks for, printed at start while the Hub is not set up. */
    setupCode: string;
  }
}

/** Wrong setup codes from one source before it must wait. */
export const SETUP_CODE_GUESSES = 10;
const GUESS_WINDOW_MINUTES = 15;

/** The first-run setup: names the partnership and makes whoever holds the setup code its first administrator. */
export async function setupRoutes(app: HubApp) {
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

  app.get('/setup', { config: { public: true } }, async (_request, reply) => {
    if (await setupDone()) throw new NotFoundError();
    return reply.page('accounts/views/setup.njk', { values: {} });
  });

  app.post(
    '/setup',
    { config: { public: true }, schema: { body: SetupForm }, attachValidation: true },
    async (request, reply) => {
      if (await setupDone()) throw new NotFoundError();
      const form = readForm(request, SetupForm);
      const render = (errors: FormErrors) =>
        reply.code(400).page('accounts/views/setup.njk', { values: { ...form.values, setupCode: undefined }, errors });
      if (!form.ok) return render(form.errors);
      const values = form.values;
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
}

// Not encapsulated (as fastify-plugin does it), so `setupCode` decorates the Hub itself, where tests read it.
(setupRoutes as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
