import type { FastifyReply, FastifyRequest } from 'fastify';
import { signedIn, type HubApp } from '../../routes.ts';
import { formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { SecurityKeyForm } from './security-keys.forms.ts';
import * as service from './security-keys.service.ts';

/** Where this request asks for keys: PUBLIC_URL's host, or localhost. */
export const relyingPartyOf = (app: HubApp, request: FastifyRequest) => service.relyingParty(app.config, request.host);

/** Registering a person's own security keys; listing and removing them is on the two-factor page. */
export async function securityKeyRoutes(app: HubApp) {
  const renderNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: { name?: unknown } = {},
    errors?: FormErrors,
  ) => {
    const user = signedIn(request);
    const rp = relyingPartyOf(app, request);
    const partnership = (await app.partnershipName()) ?? 'Prevent Hub';
    const options = rp.ok ? await service.registrationOptions(app.db, rp, user, partnership) : null;
    return reply
      .sensitive()
      .code(errors ? 400 : 200)
      .page('accounts/views/security-keys-new.njk', {
        unavailable: rp.ok ? null : rp.reason,
        options: options ? JSON.stringify(options) : null,
        values,
        errors,
      });
  };

  app.get('/account/two-factor/security-keys/new', (request, reply) => renderNew(request, reply));

  app.post(
    '/account/two-factor/security-keys',
    { schema: { body: SecurityKeyForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, SecurityKeyForm);
      if (!form.ok) return renderNew(request, reply, form.values, form.errors);
      const rp = relyingPartyOf(app, request);
      if (!rp.ok) return renderNew(request, reply, form.values);
      let codes: string[] | null = null;
      const errors = await formErrorsOf(async () => {
        ({ recoveryCodes: codes } = await service.registerSecurityKey(
          app.db,
          rp,
          signedIn(request),
          form.values.name.trim(),
          form.values.credential ?? '',
        ));
      });
      if (errors) return renderNew(request, reply, { name: form.values.name }, errors);
      if (codes)
        return reply.sensitive().page('accounts/views/recovery-codes.njk', { codes, firstFactor: 'security key' });
      return reply.redirect('/account/two-factor?done=key-added', 303);
    },
  );
}
