import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { signedIn, type HubApp } from '../../routes.ts';
import { formErrorsOf, formSchema, idParams, readForm, type FormErrors } from '../../views/forms.ts';
import { dueWorkingDaysOf, groupToSet, setDueWorkingDays } from './late.service.ts';

/*
 * When a group's papers are due: one setting, changed by those who run the group's meetings, and
 * reached from the group's meeting pages. The meeting page shows which papers are late by it.
 */

export const DueForm = formSchema({
  dueWorkingDays: Type.Integer({
    title: 'Working days before the meeting',
    errorMessage: 'Enter a whole number of working days from 0 to 30',
    minimum: 0,
    maximum: 30,
  }),
});

const GroupSettingParams = idParams('groupId');

export function lateRoutes(app: HubApp): void {
  const db = app.db;

  const renderSettings = async (reply: FastifyReply, groupId: number, values?: object, errors?: FormErrors) => {
    const group = await groupToSet(db, signedIn(reply.request), groupId);
    const { query } = reply.request as { query: { done?: string } };
    return reply.code(errors ? 400 : 200).page('papers/views/late-settings.njk', {
      group,
      values: values ?? { dueWorkingDays: await dueWorkingDaysOf(db, groupId) },
      errors,
      done: query.done,
    });
  };

  app.get('/groups/:groupId/paper-settings', { schema: { params: GroupSettingParams } }, async (request, reply) =>
    renderSettings(reply, request.params.groupId),
  );

  app.post(
    '/groups/:groupId/paper-settings',
    { schema: { params: GroupSettingParams, body: DueForm }, attachValidation: true },
    async (request, reply) => {
      const { groupId } = request.params;
      const form = readForm(request, DueForm);
      if (!form.ok) return renderSettings(reply, groupId, form.values, form.errors);
      const { dueWorkingDays } = form.values;
      const errors = await formErrorsOf(() => setDueWorkingDays(db, signedIn(request), groupId, dueWorkingDays));
      if (errors) return renderSettings(reply, groupId, form.values, errors);
      return reply.redirect(`/groups/${groupId}/paper-settings?done=saved`, 303);
    },
  );
}
