import { formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { COORDINATORS } from '../../auth/policy.ts';
import type { HubApp } from '../../routes.ts';
import { AREA_KINDS, AreaForm } from './partnership.forms.ts';
import { createArea, listAreas } from './partnership.service.ts';

export async function partnershipRoutes(app: HubApp) {
  app.get('/areas', async (_request, reply) => {
    return reply.page('partnership/views/areas.njk', { areas: await listAreas(app.db), kinds: AREA_KINDS, values: {} });
  });

  app.post(
    '/areas',
    { config: COORDINATORS, schema: { body: AreaForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, AreaForm);
      const render = async (errors: FormErrors) =>
        reply.code(400).page('partnership/views/areas.njk', {
          areas: await listAreas(app.db),
          kinds: AREA_KINDS,
          values: form.values,
          errors,
        });
      if (!form.ok) return render(form.errors);
      const { name, kind } = form.values;
      const errors = await formErrorsOf(() => createArea(app.db, { name, kind }));
      if (errors) return render(errors);
      return reply.redirect('/areas', 303);
    },
  );
}
