import type { FastifyReply } from 'fastify';
import { startSession } from '../../auth/sessions.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { readForm, type FormErrors } from '../../views/forms.ts';
import { recordAudit } from '../audit/index.ts';
import { setSessionCookie } from './accounts.routes.ts';
import { accounts } from './accounts.tables.ts';
import { recogniseBrowser } from './known-devices.routes.ts';
import { safeNext } from './next-path.ts';
import { CallbackQuery, SingleSignOnForm, StartQuery } from './single-sign-on.forms.ts';
import * as service from './single-sign-on.service.ts';
import { askForCode } from './two-factor.routes.ts';
import { hasSecondFactor, mustHaveSecondFactor } from './two-factor.service.ts';
import { SECOND_FACTOR_SET_UP } from '../../auth/guard.ts';
import { eq } from 'drizzle-orm';

const ADMIN = { roles: ['administrator' as const] };
export const SETTINGS_PAGE = '/accounts/single-sign-on';

/** What each refusal tells the person: plainly, and what to do instead. */
const REFUSALS: Record<service.Refusal, (provider: string) => string> = {
  'not set up': () => 'Single sign-on is not set up for this Hub.',
  'no public address': () => service.NO_PUBLIC_URL_FOR_SIGN_IN,
  'unknown state': (p) =>
    `The answer from ${p} does not belong to a sign-in started in this browser. Start again from the sign-in page.`,
  'other browser': (p) =>
    `The answer from ${p} belongs to a sign-in started in another browser. Start again from the sign-in page.`,
  'state used': (p) => `That answer from ${p} has been used already. Start again from the sign-in page.`,
  'state expired': (p) => `Signing in with ${p} took too long. Start again from the sign-in page.`,
  'provider refused': (p) => `${p} did not sign you in.`,
  'code refused': (p) => `${p} would not confirm the sign-in: its code was used already or has expired.`,
  'token checks failed': (p) =>
    `The Hub could not trust the answer from ${p}: it was not issued for this Hub, or failed a check.`,
  'no email': (p) => `${p} did not give the Hub your email address, so it cannot tell who you are.`,
  'email not verified': (p) =>
    `${p} has not verified your email address, so the Hub cannot match it to an account. Verify it with ${p}, or sign in with your email address and password.`,
  'no account': () =>
    'There is no account in the Hub for the email address you signed in with. Ask an administrator of the partnership for an account.',
  'account disabled': () => 'Your account in the Hub is disabled. Ask an administrator of the partnership.',
};

/** The button on the sign-in page, when a provider is set up. */
export async function singleSignOnButton(app: HubApp): Promise<{ name: string } | null> {
  const settings = await service.readSettings(app.db, app.config);
  return settings ? { name: settings.name } : null;
}

export async function singleSignOnRoutes(app: HubApp) {
  const refused = (reply: FastifyReply, text: string, code = 400) =>
    reply.code(code).page('accounts/views/single-sign-on-refused.njk', { text });

  app.get(
    '/sign-in/single-sign-on',
    { config: { public: true }, schema: { querystring: StartQuery }, attachValidation: true },
    async (request, reply) => {
      const next = request.validationError ? '/' : safeNext(request.query.next);
      if (request.user) return reply.redirect(next, 303);
      const start = await service.startJourney(app.db, app.config, { browserToken: request.browserToken, next });
      if (!start.ok) return refused(reply, start.reason, 503);
      return reply.redirect(start.url, 303);
    },
  );

  app.get(
    service.CALLBACK_PATH,
    { config: { public: true }, schema: { querystring: CallbackQuery }, attachValidation: true },
    async (request, reply) => {
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const result = await service.finishJourney(app.db, app.config, {
        browserToken: request.browserToken,
        search,
        ip: request.ip ?? '',
      });
      if (!result.ok) return refused(reply, REFUSALS[result.refusal](result.providerName));
      return signInAs(app, reply, result);
    },
  );

  const renderSettings = async (reply: FastifyReply, values?: object, errors?: FormErrors) => {
    const settings = await service.readSettings(app.db, app.config);
    return reply.code(errors ? 400 : 200).page('accounts/views/single-sign-on-settings.njk', {
      values: values ?? {
        ...settings,
        clientSecret: undefined,
        accountDomains: settings?.accountDomains.join(', '),
      },
      source: settings?.source,
      secretStored: await service.hasStoredSecret(app.db),
      redirectUri: app.config.publicUrl ? service.redirectUri(app.config.publicUrl) : null,
      noPublicUrl: service.NO_PUBLIC_URL_FOR_SIGN_IN,
      errors,
    });
  };
  app.get(SETTINGS_PAGE, { config: ADMIN }, (_request, reply) => renderSettings(reply));

  app.post(
    SETTINGS_PAGE,
    { config: ADMIN, schema: { body: SingleSignOnForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, SingleSignOnForm);
      const { clientSecret: _secret, ...shown } = form.values;
      if (!form.ok) return renderSettings(reply, shown, form.errors);
      const values = form.values;
      await service.saveSettings(app.db, app.config, signedIn(request), {
        name: values.name.trim(),
        issuer: values.issuer.trim(),
        clientId: values.clientId.trim(),
        clientSecret: values.clientSecret?.trim() || undefined,
        trustProviderMfa: values.trustProviderMfa === 'yes',
        accountDomains: domainsOf(values.accountDomains ?? ''),
      });
      return reply.redirect(`${SETTINGS_PAGE}?saved=1`, 303);
    },
  );
}

const domainsOf = (text: string) =>
  [...new Set(text.split(/[\s,;]+/).map((d) => d.trim().toLowerCase().replace(/^@/, '')))].filter(Boolean);

/**
 * As after a right password: a second factor is asked of whoever has one and set up by whoever
 * must have one, unless the provider's own multi-factor sign-in is trusted and was used.
 */
async function signInAs(app: HubApp, reply: FastifyReply, result: Extract<service.Finish, { ok: true }>) {
  const user = { accountId: result.accountId, email: result.email };
  const ip = reply.request.ip ?? '';
  const next = safeNext(result.next);
  if (!result.providerMfa && (await hasSecondFactor(app.db, result.accountId))) {
    await recordAudit(app.db, {
      action: 'sign_in.second_factor_asked',
      user,
      ip,
      detail: { email: result.email, via: 'single sign-on' },
    });
    return askForCode(reply, result.accountId, next);
  }
  const [account] = await app.db.select().from(accounts).where(eq(accounts.id, result.accountId));
  const secondFactorDue = !result.providerMfa && (await mustHaveSecondFactor(app.db, account!));
  const token = await app.db.transaction(async (tx) => {
    const started = await startSession(tx, result.accountId, secondFactorDue);
    await recordAudit(tx, {
      action: 'sign_in.succeeded',
      user,
      ip,
      detail: {
        email: result.email,
        via: 'single sign-on',
        secondFactorDue,
        ...(result.providerMfa && { secondFactor: 'identity provider' }),
      },
    });
    return started;
  });
  setSessionCookie(app, reply, token);
  await recogniseBrowser(app, reply, token);
  if (account!.mustChangePassword) return reply.redirect('/account/password', 303);
  return reply.redirect(secondFactorDue ? SECOND_FACTOR_SET_UP : next, 303);
}
