import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { cookieOptions, SECOND_FACTOR_SET_UP } from '../../auth/guard.ts';
import { endSession, SESSION_COOKIE } from '../../auth/sessions.ts';
import { formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { FormError } from '../../errors.ts';
import { recordAudit } from '../audit/index.ts';
import { listOrganisationOptions } from '../organisations/index.ts';
import { ROLES } from './accounts.tables.ts';
import {
  AccountParams,
  ChangePasswordForm,
  CsrfOnlyForm,
  NewAccountForm,
  RoleForm,
  SignInForm,
} from './accounts.forms.ts';
import * as service from './accounts.service.ts';
import { knownDeviceRoutes, recogniseBrowser } from './known-devices.routes.ts';
import { safeNext } from './next-path.ts';
import { LINK_LIFETIME_MINUTES, inviteAccount } from './password-links.service.ts';
import { SignInLimits } from './sign-in-limits.ts';
import { singleSignOnButton, singleSignOnRoutes } from './single-sign-on.routes.ts';
import { askForCode, twoFactorRoutes } from './two-factor.routes.ts';
import { secondFactorSummary } from './two-factor.service.ts';

const ADMIN = { roles: ['administrator' as const] };

/** Starts a session in this browser: at every sign-in, and after setup. */
export function setSessionCookie(app: FastifyInstance, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    ...cookieOptions(reply.request),
    maxAge: app.config.sessionAbsoluteHours * 3600,
  });
}

/** The person part of the form: the fields of the choice made, and only those. */
function accountHolder(values: Static<typeof NewAccountForm>): service.AccountHolder {
  if (values.who === 'existing') {
    if (!values.personId) throw new FormError('personId', 'Choose the person from the list');
    return { kind: 'existing', personId: values.personId };
  }
  if (!values.name) throw new FormError('name', 'Enter the person’s full name');
  return { kind: 'new', name: values.name, organisationId: values.organisationId, jobTitle: values.jobTitle };
}

export async function accountsRoutes(app: HubApp) {
  const limits = new SignInLimits();
  await twoFactorRoutes(app, limits);
  await knownDeviceRoutes(app);
  await singleSignOnRoutes(app);

  // A querystring that fails validation (a `next` too long to be ours) is ignored: the page still opens.
  const SignInQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) });
  app.get(
    '/sign-in',
    { config: { public: true }, schema: { querystring: SignInQuery }, attachValidation: true },
    async (request, reply) => {
      if ((await app.partnershipName()) === null) return reply.redirect('/setup', 303);
      const next = request.validationError ? '/' : safeNext(request.query.next);
      if (request.user) return reply.redirect(next, 303);
      return reply.page('accounts/views/sign-in.njk', {
        values: { next: next === '/' ? undefined : next },
        singleSignOn: await singleSignOnButton(app),
      });
    },
  );

  app.post(
    '/sign-in',
    { config: { public: true }, schema: { body: SignInForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, SignInForm);
      const render = async (errors: FormErrors) =>
        reply.code(400).page('accounts/views/sign-in.njk', {
          values: { email: form.values.email, next: form.values.next },
          errors,
          singleSignOn: await singleSignOnButton(app),
        });
      if (!form.ok) return render(form.errors);
      const values = form.values;
      const attempt = { email: values.email, password: values.password, source: request.ip ?? '' };
      const result = await service.signIn(app.db, limits, attempt, app.config.signInDelayMs);
      if (!result.ok) {
        const text =
          result.reason === 'locked'
            ? `Too many failed attempts. Wait ${result.minutes} minutes and try again, or ask an administrator to reset your password.`
            : 'Enter a correct email address and password';
        return render({ summary: [{ text, href: '#email' }], fields: { email: { text } } });
      }
      if ('codeFor' in result) return askForCode(reply, result.codeFor, safeNext(values.next));
      // A fresh session id at every sign-in: a token planted before sign-in is worthless after it.
      setSessionCookie(app, reply, result.token);
      await recogniseBrowser(app, reply, result.token);
      if (result.mustChangePassword) return reply.redirect('/account/password', 303);
      return reply.redirect(result.secondFactorDue ? SECOND_FACTOR_SET_UP : safeNext(values.next), 303);
    },
  );

  app.post('/sign-out', { schema: { body: CsrfOnlyForm } }, async (request, reply) => {
    const token = request.unsignCookie(request.cookies[SESSION_COOKIE] ?? '').value;
    if (token) await endSession(app.db, token);
    await recordAudit(app.db, { action: 'sign_out', user: signedIn(request) });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/sign-in', 303);
  });

  app.get('/account', async (_request, reply) => reply.page('accounts/views/account.njk', { title: 'Your account' }));

  app.get('/account/password', async (request, reply) =>
    reply.page('accounts/views/change-password.njk', { mustChange: signedIn(request).mustChangePassword }),
  );

  app.post(
    '/account/password',
    { schema: { body: ChangePasswordForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, ChangePasswordForm);
      const render = (errors: FormErrors) =>
        reply.code(400).page('accounts/views/change-password.njk', { mustChange: user.mustChangePassword, errors });
      if (!form.ok) return render(form.errors);
      const values = form.values;
      // A block body: a FastifyReply is thenable, so returning one from here would wait for the response.
      const errors = await formErrorsOf(async () => {
        setSessionCookie(
          app,
          reply,
          await service.changeOwnPassword(app.db, user, values.currentPassword, values.newPassword),
        );
      });
      if (errors) return render(errors);
      return reply.redirect('/account?changed=1', 303);
    },
  );

  // Administration of accounts.
  const renderNew = async (reply: FastifyReply, values: object, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).page('accounts/views/new.njk', {
      values,
      errors,
      roles: ROLES,
      organisations: await listOrganisationOptions(app.db),
      people: await service.listPeopleWithoutAccount(app.db),
    });

  app.get('/accounts', { config: ADMIN }, async (_request, reply) =>
    reply.page('accounts/views/list.njk', { accounts: await service.listAccounts(app.db) }),
  );

  app.get('/accounts/new', { config: ADMIN }, async (_request, reply) => renderNew(reply, { role: 'member' }));

  app.post(
    '/accounts',
    { config: ADMIN, schema: { body: NewAccountForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, NewAccountForm);
      if (!form.ok) return renderNew(reply, form.values, form.errors);
      const values = form.values;
      let created: Awaited<ReturnType<typeof service.createAccount>> | undefined;
      const errors = await formErrorsOf(async () => {
        created = await service.createAccount(app.db, signedIn(request), {
          holder: accountHolder(values),
          email: values.email,
          role: values.role,
        });
      });
      if (errors || !created) return renderNew(reply, values, errors);
      const account = { ...created.account, name: created.person.name };
      const linkedExisting = created.person.linked !== 'new person';
      // When the Hub sends mail, the person chooses their own password from an invitation: the one-off one is never shown.
      const invitation = app.config.smtpUrl
        ? await inviteAccount(app.db, app.config, signedIn(request), account.id)
        : null;
      if (invitation?.by === 'email')
        return reply.sensitive().page('accounts/views/invitation.njk', {
          account,
          outcome: invitation,
          created: true,
          linkedExisting,
          hours: LINK_LIFETIME_MINUTES.invitation / 60,
        });
      return reply.sensitive().page('accounts/views/password-shown.njk', {
        account,
        password: created.password,
        created: true,
        linkedExisting,
        noInvitation: invitation?.by === 'none' ? invitation.reason : undefined,
      });
    },
  );

  app.get('/accounts/:accountId', { config: ADMIN, schema: { params: AccountParams } }, async (request, reply) => {
    const { accountId } = request.params;
    return reply.page('accounts/views/show.njk', {
      account: await service.getAccount(app.db, accountId),
      roles: ROLES,
      secondFactors: await secondFactorSummary(app.db, accountId),
    });
  });

  app.post(
    '/accounts/:accountId/reset-password',
    { config: ADMIN, schema: { params: AccountParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { accountId } = request.params;
      const account = await service.getAccount(app.db, accountId);
      const password = await service.resetPassword(app.db, signedIn(request), accountId);
      // Shown once, never stored in clear, never cached.
      return reply.sensitive().page('accounts/views/password-shown.njk', { account, password, created: false });
    },
  );

  for (const [path, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/accounts/:accountId/${path}`,
      { config: ADMIN, schema: { params: AccountParams, body: CsrfOnlyForm } },
      async (request, reply) => {
        const { accountId } = request.params;
        const errors = await formErrorsOf(() => service.setDisabled(app.db, signedIn(request), accountId, disabled));
        if (errors) {
          return reply.code(400).page('accounts/views/show.njk', {
            account: await service.getAccount(app.db, accountId),
            roles: ROLES,
            errors,
          });
        }
        return reply.redirect(`/accounts/${accountId}`, 303);
      },
    );
  }

  app.post(
    '/accounts/:accountId/role',
    { config: ADMIN, schema: { params: AccountParams, body: RoleForm }, attachValidation: true },
    async (request, reply) => {
      const { accountId } = request.params;
      const account = await service.getAccount(app.db, accountId);
      const form = readForm(request, RoleForm);
      const render = (errors: FormErrors) =>
        reply.code(400).page('accounts/views/show.njk', { account, roles: ROLES, errors });
      if (!form.ok) return render(form.errors);
      const { role } = form.values;
      const errors = await formErrorsOf(() => service.changeRole(app.db, signedIn(request), accountId, role));
      if (errors) return render(errors);
      return reply.redirect(`/accounts/${accountId}`, 303);
    },
  );
}
