import type { FastifyReply } from 'fastify';
import { AttemptCounter } from '../../auth/attempts.ts';
import { fieldError, readForm, type FormErrors } from '../../views/forms.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { NO_MAIL, linkFor } from '../mail/index.ts';
import { AccountParams, CsrfOnlyForm } from './accounts.forms.ts';
import { getAccount } from './accounts.service.ts';
import { ForgotPasswordForm, SetPasswordForm, TokenParams } from './password-links.forms.ts';
import {
  inviteAccount,
  LINK_LIFETIME_MINUTES,
  LinkRefused,
  openLink,
  refuseLink,
  requestPasswordReset,
  setPasswordByLink,
  type LinkRefusal,
} from './password-links.service.ts';

const ADMIN = { roles: ['administrator' as const] };
/** Reset requests: a few an hour for one address (no inbox is flooded), more from one source (an office shares one). */
const PER_EMAIL = { limit: 3, windowMs: 3_600_000 };
const PER_SOURCE = { limit: 20, windowMs: 3_600_000 };

/** Unknown links are "not found"; used, expired or disabled ones are "gone". */
const refusalStatus = (refusal: LinkRefusal) => (refusal === 'unknown' ? 404 : 410);

export async function passwordLinkRoutes(app: HubApp) {
  const perEmail = new AttemptCounter(PER_EMAIL.limit, PER_EMAIL.windowMs);
  const perSource = new AttemptCounter(PER_SOURCE.limit, PER_SOURCE.windowMs);

  app.post(
    '/accounts/:accountId/invitation',
    { config: ADMIN, schema: { params: AccountParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { accountId } = request.params;
      const account = await getAccount(app.db, accountId);
      const outcome = await inviteAccount(app.db, app.config, signedIn(request), accountId);
      return reply
        .code(outcome.by === 'none' ? 400 : 200)
        .sensitive()
        .page('accounts/views/invitation.njk', {
          account,
          outcome,
          hours: LINK_LIFETIME_MINUTES.invitation / 60,
          errors: outcome.by === 'none' ? fieldError('no-link-reason', outcome.reason) : undefined,
        });
    },
  );

  const renderRefusal = async (reply: FastifyReply, refusal: LinkRefusal, ip: string) => {
    await refuseLink(app.db, refusal, ip);
    return reply.code(refusalStatus(refusal)).page('accounts/views/link-refused.njk', { refusal });
  };

  const renderSetPassword = (reply: FastifyReply, values: object, errors?: FormErrors) =>
    reply
      .code(errors ? 400 : 200)
      .sensitive()
      .page('accounts/views/set-password.njk', { ...values, errors });

  app.get(
    '/set-password/:token',
    { config: { public: true }, schema: { params: TokenParams } },
    async (request, reply) => {
      const opened = await openLink(app.db, request.params.token);
      if (!opened.ok) return renderRefusal(reply, opened.refusal, request.ip);
      return renderSetPassword(reply, { link: opened, token: request.params.token });
    },
  );

  app.post(
    '/set-password/:token',
    { config: { public: true }, schema: { params: TokenParams, body: SetPasswordForm }, attachValidation: true },
    async (request, reply) => {
      const { token } = request.params;
      const opened = await openLink(app.db, token);
      if (!opened.ok) return renderRefusal(reply, opened.refusal, request.ip);
      const form = readForm(request, SetPasswordForm);
      const view = { link: opened, token };
      if (!form.ok) return renderSetPassword(reply, view, form.errors);
      if (form.values.newPassword !== form.values.confirmPassword)
        return renderSetPassword(reply, view, fieldError('confirmPassword', 'The passwords do not match'));
      try {
        await setPasswordByLink(app.db, token, form.values.newPassword, request.ip);
      } catch (error) {
        // Used or expired between the page's check and this one: the statement that uses a link decides.
        if (error instanceof LinkRefused)
          return reply
            .code(refusalStatus(error.refusal))
            .page('accounts/views/link-refused.njk', { refusal: error.refusal });
        throw error;
      }
      return reply.page('accounts/views/password-set.njk', { purpose: opened.purpose });
    },
  );

  /** Why this Hub cannot email a reset link, or null when it can. */
  const cannotEmail = () => {
    if (!app.config.smtpUrl) return NO_MAIL;
    const link = linkFor(app.config, '/set-password/');
    return link.by === 'none' ? link.reason : null;
  };

  app.get('/forgot-password', { config: { public: true } }, async (_request, reply) =>
    reply.page('accounts/views/forgot-password.njk', { refusal: cannotEmail() }),
  );

  app.post(
    '/forgot-password',
    { config: { public: true }, schema: { body: ForgotPasswordForm }, attachValidation: true },
    async (request, reply) => {
      const refusal = cannotEmail();
      if (refusal) return reply.code(400).page('accounts/views/forgot-password.njk', { refusal });
      const form = readForm(request, ForgotPasswordForm);
      if (!form.ok)
        return reply.code(400).page('accounts/views/forgot-password.njk', { values: form.values, errors: form.errors });
      const source = request.ip ?? '';
      if (!perSource.take(source))
        return reply.code(429).page('accounts/views/forgot-password.njk', {
          values: form.values,
          errors: fieldError('email', 'Too many requests for a link from here. Wait an hour and try again'),
        });
      const email = form.values.email.trim().toLowerCase();
      // Over the limit for one address: nothing more is sent, and the answer is the same as ever.
      if (perEmail.take(email)) await requestPasswordReset(app.db, app.config, email, source);
      return reply.page('accounts/views/reset-requested.njk', {
        email,
        minutes: LINK_LIFETIME_MINUTES.reset,
      });
    },
  );
}
