import type { FastifyReply } from 'fastify';
import { signedIn, type HubApp } from '../../routes.ts';
import { field, formErrorsOf, formSchema, idParams, readForm, type FormErrors } from '../../views/forms.ts';
import { minutesHtml } from '../../reports/html.ts';
import { contentDisposition } from '../documents/index.ts';
import { DOCX_TYPE } from './issue.service.ts';
import { approveMinutes, minutesFor } from './minutes.service.ts';
import { allowPaperStyle } from './preview.routes.ts';

/*
 * A meeting's minutes: a page to read them (with the Word download and, for those who run the
 * group's meetings, the form approving them at a later meeting), the Word document itself and a
 * printable page in the papers' house style. OFFICIAL-SENSITIVE minutes are not stored by the browser.
 */

export const MinutesParams = idParams('meetingId');

export const ApproveMinutesForm = formSchema({
  approvedAtMeetingId: field.id('Approved at', 'Select the later meeting that approved the minutes'),
});

export function minutesRoutes(app: HubApp): void {
  const db = app.db;

  const renderMinutes = async (reply: FastifyReply, meetingId: number, values: object = {}, errors?: FormErrors) => {
    const page = await minutesFor(db, signedIn(reply.request), meetingId);
    if (page.sensitive) reply.sensitive();
    const { query } = reply.request as { query: { done?: string } };
    return reply.code(errors ? 400 : 200).page('papers/views/minutes.njk', {
      ...page,
      values,
      errors,
      done: query.done,
      marking: page.document.marking,
    });
  };

  app.get('/meetings/:meetingId/minutes', { schema: { params: MinutesParams } }, async (request, reply) =>
    renderMinutes(reply, request.params.meetingId),
  );

  app.get('/meetings/:meetingId/minutes.docx', { schema: { params: MinutesParams } }, async (request, reply) => {
    const { document, sensitive } = await minutesFor(db, signedIn(request), request.params.meetingId, 'docx');
    if (sensitive) reply.sensitive();
    const { minutesDocx } = await import('../../reports/docx.ts');
    return reply
      .type(DOCX_TYPE)
      .header('content-disposition', contentDisposition(`Minutes, ${document.body}, ${document.meetingDate}.docx`))
      .send(await minutesDocx(document));
  });

  app.get('/meetings/:meetingId/minutes/print', { schema: { params: MinutesParams } }, async (request, reply) => {
    const { document, sensitive } = await minutesFor(db, signedIn(request), request.params.meetingId);
    if (sensitive) reply.sensitive();
    allowPaperStyle(reply);
    return reply.type('text/html; charset=utf-8').send(minutesHtml(document));
  });

  app.post(
    '/meetings/:meetingId/minutes/approval',
    { schema: { params: MinutesParams, body: ApproveMinutesForm }, attachValidation: true },
    async (request, reply) => {
      const { meetingId } = request.params;
      const form = readForm(request, ApproveMinutesForm);
      if (!form.ok) return renderMinutes(reply, meetingId, form.values, form.errors);
      const errors = await formErrorsOf(() =>
        approveMinutes(db, signedIn(request), meetingId, form.values.approvedAtMeetingId),
      );
      if (errors) return renderMinutes(reply, meetingId, form.values, errors);
      return reply.redirect(`/meetings/${meetingId}/minutes?done=approved`, 303);
    },
  );
}
