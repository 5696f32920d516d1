import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { signedIn, type HubApp } from '../../routes.ts';
import { formErrorsOf, formSchema, idParams, readForm, type FormErrors } from '../../views/forms.ts';
import { circulate, circulationPlan } from './circulation.service.ts';

/*
 * "Circulate agenda and papers" from a meeting page: a confirmation page saying who will get the
 * email (or why the Hub cannot send it), then the sending, recorded and shown on the meeting page.
 */

const CirculationParams = idParams('meetingId');

export const CirculateForm = formSchema({
  // How many circulations the confirmation page showed: another since then is not sent over silently.
  seen: Type.Integer({ minimum: 0, maximum: 100_000 }),
  again: Type.Optional(Type.Literal('yes', { errorMessage: 'Confirm that you want to circulate them again' })),
});

export function circulationRoutes(app: HubApp): void {
  const render = async (reply: FastifyReply, meetingId: number, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).page('papers/views/circulate.njk', {
      ...(await circulationPlan(app.db, app.config, signedIn(reply.request), meetingId)),
      errors,
    });

  app.get('/meetings/:meetingId/circulate', { schema: { params: CirculationParams } }, async (request, reply) =>
    render(reply, request.params.meetingId),
  );

  app.post(
    '/meetings/:meetingId/circulate',
    { schema: { params: CirculationParams, body: CirculateForm }, attachValidation: true },
    async (request, reply) => {
      const { meetingId } = request.params;
      const form = readForm(request, CirculateForm);
      if (!form.ok) return render(reply, meetingId, form.errors);
      const errors = await formErrorsOf(() =>
        circulate(app.db, app.config, signedIn(request), meetingId, {
          seen: form.values.seen,
          again: form.values.again === 'yes',
        }),
      );
      if (errors) return render(reply, meetingId, errors);
      return reply.redirect(`/meetings/${meetingId}#circulation`, 303);
    },
  );
}
