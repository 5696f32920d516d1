import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { cookieOptions } from '../../auth/guard.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { fieldError, formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { qrSvg } from '../../views/qr.ts';
import { ROLES } from './accounts.tables.ts';
import { AccountParams, CsrfOnlyForm } from './accounts.forms.ts';
import { setSessionCookie } from './accounts.routes.ts';
import { recogniseBrowser } from './known-devices.routes.ts';
import * as accounts from './accounts.service.ts';
import { safeNext } from './next-path.ts';
import type { SignInLimits } from './sign-in-limits.ts';
import { authenticatorUri } from './totp.ts';
import { ConfirmAuthenticatorForm, FactorParams, RequirementForm, SignInCodeForm } from './two-factor.forms.ts';
import * as service from './two-factor.service.ts';
import { relyingPartyOf, securityKeyRoutes } from './security-keys.routes.ts';
import { SignInKeyForm } from './security-keys.forms.ts';
import * as keys from './security-keys.service.ts';

const ADMIN = { roles: ['administrator' as const] };

/** Set by a right password, for the code page: the account and when, signed, for five minutes. */
const PENDING_COOKIE = 'hub_second_factor';
const PENDING_MINUTES = 5;

/** After a right password, the browser is sent to the code page holding the pending cookie. */
export function askForCode(reply: FastifyReply, accountId: number, next: string): FastifyReply {
  reply.setCookie(PENDING_COOKIE, `${accountId}.${Date.now()}`, {
    ...cookieOptions(reply.request),
    maxAge: PENDING_MINUTES * 60,
  });
  const query = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
  return reply.redirect(`/sign-in/code${query}`, 303);
}

/** The account whose password was right in this browser less than five minutes ago, if any. */
function pendingAccount(request: FastifyRequest): number | null {
  const raw = request.cookies[PENDING_COOKIE];
  const value = raw ? request.unsignCookie(raw) : null;
  if (!value?.valid || !value.value) return null;
  const [accountId, at] = value.value.split('.').map(Number);
  if (!accountId || !at || Date.now() - at > PENDING_MINUTES * 60_000) return null;
  return accountId;
}

const KEY_REFUSALS = {
  wrong:
    'That security key is not one registered to your account, or its answer could not be checked. Try again, or enter a code',
  replayed: 'That took too long, or the answer was sent already. Use your security key again, or enter a code',
};

const REFUSALS = {
  wrong: 'The code is not right. Enter the code your authenticator app shows now, or a recovery code',
  replayed: 'That code has been used already. Wait for your authenticator app to show a new code and enter that',
};

export async function twoFactorRoutes(app: HubApp, limits: SignInLimits) {
  const NextQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) });
  const expired = (reply: FastifyReply) =>
    reply.code(400).page('accounts/views/sign-in.njk', {
      values: {},
      errors: fieldError('email', 'Signing in took too long. Enter your email address and password again'),
    });

  /** The code page, offering the person's security key too where this address allows keys. */
  const codePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    accountId: number,
    next: string | undefined,
    errors?: FormErrors,
  ) => {
    const rp = relyingPartyOf(app, request);
    const kinds = (await service.secondFactorSummary(app.db, accountId)).factors.map((factor) => factor.kind);
    const hasKey = kinds.includes('security key');
    const options = hasKey && rp.ok ? await keys.signInOptions(app.db, rp, accountId) : null;
    return reply.code(errors ? 400 : 200).page('accounts/views/sign-in-code.njk', {
      values: { next },
      keyOptions: options ? JSON.stringify(options) : null,
      keyUnavailable: hasKey && !rp.ok ? rp.reason : null,
      // Someone with keys only is not told to open an app they do not have.
      hasApp: kinds.includes('authenticator') || !hasKey,
      errors,
    });
  };

  app.get(
    '/sign-in/code',
    { config: { public: true }, schema: { querystring: NextQuery }, attachValidation: true },
    async (request, reply) => {
      const accountId = pendingAccount(request);
      if (accountId === null) return reply.redirect('/sign-in', 303);
      const next = request.validationError ? '/' : safeNext(request.query.next);
      return codePage(request, reply, accountId, next === '/' ? undefined : next);
    },
  );

  /** A code or a key's answer, for the account whose password was right: signs in, or says why not. */
  const secondStep = async (
    request: FastifyRequest,
    reply: FastifyReply,
    accountId: number,
    answer: service.SecondFactorAnswer,
    next: string | undefined,
    field: 'code' | 'credential',
  ) => {
    const result = await accounts.signInWithCode(app.db, limits, {
      accountId,
      code: answer,
      source: request.ip ?? '',
      sessionSecret: app.config.sessionSecret,
    });
    if (!result.ok) {
      if (result.reason === 'gone') return expired(reply);
      const text =
        result.reason === 'locked'
          ? `Too many wrong codes. Wait ${result.minutes} minutes and try again, or ask an administrator to reset your two-factor sign-in.`
          : (field === 'code' ? REFUSALS : KEY_REFUSALS)[result.reason];
      return codePage(request, reply, accountId, next, fieldError(field, text));
    }
    // Cleared as it was set (Secure over HTTPS): a clearing cookie is a cookie too.
    const { signed: _signed, ...options } = cookieOptions(request);
    reply.clearCookie(PENDING_COOKIE, options);
    setSessionCookie(app, reply, result.token);
    await recogniseBrowser(app, reply, result.token);
    return reply.redirect(result.mustChangePassword ? '/account/password' : safeNext(next), 303);
  };

  app.post(
    '/sign-in/code',
    { config: { public: true }, schema: { body: SignInCodeForm }, attachValidation: true },
    async (request, reply) => {
      const accountId = pendingAccount(request);
      if (accountId === null) return expired(reply);
      const form = readForm(request, SignInCodeForm);
      const next = form.values.next as string | undefined;
      if (!form.ok) return codePage(request, reply, accountId, next, form.errors);
      return secondStep(request, reply, accountId, form.values.code, next, 'code');
    },
  );

  app.post(
    '/sign-in/security-key',
    { config: { public: true }, schema: { body: SignInKeyForm }, attachValidation: true },
    async (request, reply) => {
      const accountId = pendingAccount(request);
      if (accountId === null) return expired(reply);
      const form = readForm(request, SignInKeyForm);
      const next = form.values.next as string | undefined;
      const rp = relyingPartyOf(app, request);
      if (!form.ok || !rp.ok)
        return codePage(
          request,
          reply,
          accountId,
          next,
          form.ok ? fieldError('code', KEY_REFUSALS.wrong) : form.errors,
        );
      const answer = () => keys.checkSecurityKey(app.db, rp, accountId, form.values.credential);
      return secondStep(request, reply, accountId, answer, next, 'credential');
    },
  );

  // A person's own second factors.
  const renderOverview = async (request: FastifyRequest, reply: FastifyReply, errors?: FormErrors) => {
    const user = signedIn(request);
    const summary = await service.secondFactorSummary(app.db, user.accountId);
    return reply.code(errors ? 400 : 200).page('accounts/views/two-factor.njk', {
      summary,
      apps: summary.factors.filter((factor) => factor.kind === 'authenticator'),
      keys: summary.factors.filter((factor) => factor.kind === 'security key'),
      required: await service.mustHaveSecondFactor(app.db, user),
      keysUnavailable: ((rp) => (rp.ok ? null : rp.reason))(relyingPartyOf(app, request)),
      done: (request.query as { done?: string }).done,
      errors,
    });
  };
  const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
  app.get('/account/two-factor', { schema: { querystring: DoneQuery }, attachValidation: true }, (request, reply) =>
    renderOverview(request, reply),
  );

  const renderSetUp = async (request: FastifyRequest, reply: FastifyReply, errors?: FormErrors) => {
    const user = signedIn(request);
    const { secret } = await service.pendingAuthenticator(app.db, user.accountId, app.config.sessionSecret);
    const issuer = (await app.partnershipName()) ?? 'Prevent Hub';
    // The secret is on this page until confirmed: never cached.
    return reply
      .sensitive()
      .code(errors ? 400 : 200)
      .page('accounts/views/two-factor-authenticator.njk', {
        qr: await qrSvg(authenticatorUri(secret, issuer, user.email)),
        secret: secret.replace(/(.{4})/g, '$1 ').trim(),
        due: user.secondFactorDue,
        errors,
      });
  };
  app.get('/account/two-factor/authenticator', (request, reply) => renderSetUp(request, reply));

  app.post(
    '/account/two-factor/authenticator',
    { schema: { body: ConfirmAuthenticatorForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, ConfirmAuthenticatorForm);
      if (!form.ok) return renderSetUp(request, reply, form.errors);
      let codes: string[] | null = null;
      const errors = await formErrorsOf(async () => {
        const user = signedIn(request);
        ({ recoveryCodes: codes } = await service.confirmAuthenticator(
          app.db,
          user,
          app.config.sessionSecret,
          form.values.code,
        ));
      });
      if (errors) return renderSetUp(request, reply, errors);
      if (codes) return showRecoveryCodes(reply, codes, true);
      return reply.redirect('/account/two-factor?done=added', 303);
    },
  );

  const showRecoveryCodes = (reply: FastifyReply, codes: string[], firstFactor: boolean) =>
    reply.sensitive().page('accounts/views/recovery-codes.njk', { codes, firstFactor });

  app.post('/account/two-factor/recovery-codes', { schema: { body: CsrfOnlyForm } }, async (request, reply) => {
    let codes: string[] = [];
    const errors = await formErrorsOf(async () => {
      codes = await service.replaceRecoveryCodes(app.db, signedIn(request));
    });
    if (errors) return renderOverview(request, reply, errors);
    return showRecoveryCodes(reply, codes, false);
  });

  app.post(
    '/account/two-factor/:factorId/remove',
    { schema: { params: FactorParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const errors = await formErrorsOf(() =>
        service.removeSecondFactor(app.db, signedIn(request), request.params.factorId),
      );
      if (errors) return renderOverview(request, reply, errors);
      return reply.redirect('/account/two-factor?done=removed', 303);
    },
  );

  // Administrators: who must have a second factor, and resetting a person's.
  const renderRequirement = async (reply: FastifyReply, values?: service.Requirement, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).page('accounts/views/two-factor-requirement.njk', {
      values: values ?? (await service.readRequirement(app.db)),
      roles: ROLES,
      errors,
    });
  app.get('/accounts/two-factor', { config: ADMIN }, (_request, reply) => renderRequirement(reply));

  app.post(
    '/accounts/two-factor',
    { config: ADMIN, schema: { body: RequirementForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, RequirementForm);
      const chosen = (form.values.roles ?? []) as unknown[];
      const values = {
        roles: ROLES.filter((role) => chosen.includes(role)),
        sensitiveGroups: form.values.sensitiveGroups === 'yes',
      };
      if (!form.ok) return renderRequirement(reply, values, form.errors);
      await service.setRequirement(app.db, signedIn(request), values);
      return reply.redirect('/accounts/two-factor?saved=1', 303);
    },
  );

  await securityKeyRoutes(app);

  app.post(
    '/accounts/:accountId/reset-second-factors',
    { config: ADMIN, schema: { params: AccountParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      await service.resetSecondFactors(app.db, signedIn(request), request.params.accountId);
      return reply.redirect(`/accounts/${request.params.accountId}?reset=second-factors`, 303);
    },
  );
}
