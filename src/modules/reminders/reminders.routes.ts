import type { FastifyReply } from 'fastify';
import { signedIn, type HubApp } from '../../routes.ts';
import { readForm, type FormErrors } from '../../views/forms.ts';
import { DoneQuery, EmailPreferencesForm } from './reminders.forms.ts';
import { PREFERENCES_PAGE } from './reminders.mail.ts';
import { preferencesOf, setPreferences } from './reminders.service.ts';

type Values = { weeklyDigest?: unknown; reminders?: unknown };

const onOff = (on: boolean) => (on ? 'on' : 'off');

function render(reply: FastifyReply, values: Values, extra: { errors?: FormErrors; done?: string } = {}) {
  return reply
    .code(extra.errors ? 400 : 200)
    .page('reminders/views/email-preferences.njk', { values, errors: extra.errors, done: extra.done });
}

export async function reminderRoutes(app: HubApp) {
  app.get(PREFERENCES_PAGE, { schema: { querystring: DoneQuery }, attachValidation: true }, async (request, reply) => {
    const wanted = await preferencesOf(app.db, signedIn(request).accountId);
    const done = request.validationError ? undefined : request.query.done;
    return render(reply, { weeklyDigest: onOff(wanted.weeklyDigest), reminders: onOff(wanted.reminders) }, { done });
  });

  app.post(
    PREFERENCES_PAGE,
    { schema: { body: EmailPreferencesForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, EmailPreferencesForm);
      if (!form.ok) return render(reply, form.values, { errors: form.errors });
      const { weeklyDigest, reminders } = form.values;
      await setPreferences(
        app.db,
        signedIn(request),
        { weeklyDigest: weeklyDigest === 'on', reminders: reminders === 'on' },
        request.ip ?? '',
      );
      return reply.redirect(`${PREFERENCES_PAGE}?done=saved`, 303);
    },
  );
}
