import type { FastifyReply } from 'fastify';
import { COORDINATORS } from '../../auth/policy.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import {
  CopyTemplateForm,
  CsrfOnlyForm,
  TemplateDetailsForm,
  TemplateParams,
  TemplateSectionForm,
} from './papers.forms.ts';
import { canTemplate } from './papers.policy.ts';
import {
  addOptionsSection,
  archiveTemplate,
  changeTemplateSection,
  copyTemplate,
  listTemplates,
  templateRecord,
  updateTemplateDetails,
} from './templates.service.ts';
import { EXEMPT_PARAGRAPH_EXAMPLE, OPTIONS_SECTION } from './templates.ts';

type Values = Record<string, unknown>;

/** A form on the template page that failed: which one (a section's, by key), what was sent, and why. */
interface Failed {
  form: string;
  values: Values;
  errors: FormErrors;
}

/** Paper templates: coordinators copy one and change the copy; the shipped one is read only. */
export function templateRoutes(app: HubApp): void {
  const db = app.db;

  app.get('/papers/templates', { config: COORDINATORS }, async (request, reply) => {
    const user = signedIn(request);
    const templates = (await listTemplates(db)).map((t) => ({ ...t, canEdit: canTemplate(user, 'edit', t) }));
    return reply.page('papers/views/templates.njk', { templates });
  });

  const renderTemplate = async (reply: FastifyReply, templateId: number, failed?: Failed) => {
    const user = signedIn(reply.request);
    const template = await templateRecord(db, templateId);
    const { query } = reply.request as { query: { done?: string } };
    return reply.code(failed ? 400 : 200).page('papers/views/template.njk', {
      template,
      canCopy: canTemplate(user, 'copy', template),
      canEdit: canTemplate(user, 'edit', template),
      hasOptions: template.sections.some((s) => s.key === OPTIONS_SECTION.key),
      exemptExample: EXEMPT_PARAGRAPH_EXAMPLE,
      failed,
      errors: failed?.errors && {
        summary: failed.errors.summary.map((e) => ({ ...e, href: `#${failed.form}-${e.href.slice(1)}` })),
        fields: failed.errors.fields,
      },
      done: query.done,
    });
  };

  app.get(
    '/papers/templates/:templateId',
    { config: COORDINATORS, schema: { params: TemplateParams } },
    async (request, reply) => renderTemplate(reply, request.params.templateId),
  );

  app.post(
    '/papers/templates/:templateId/copy',
    { config: COORDINATORS, schema: { params: TemplateParams, body: CopyTemplateForm }, attachValidation: true },
    async (request, reply) => {
      const { templateId } = request.params;
      const form = readForm(request, CopyTemplateForm);
      if (!form.ok)
        return renderTemplate(reply, templateId, { form: 'copy', values: form.values, errors: form.errors });
      let id = 0;
      const errors = await formErrorsOf(async () => {
        id = await copyTemplate(db, signedIn(request), templateId, form.values.name);
      });
      if (errors) return renderTemplate(reply, templateId, { form: 'copy', values: form.values, errors });
      return reply.redirect(`/papers/templates/${id}?done=copied`, 303);
    },
  );

  app.post(
    '/papers/templates/:templateId',
    { config: COORDINATORS, schema: { params: TemplateParams, body: TemplateDetailsForm }, attachValidation: true },
    async (request, reply) => {
      const { templateId } = request.params;
      const form = readForm(request, TemplateDetailsForm);
      if (!form.ok)
        return renderTemplate(reply, templateId, { form: 'details', values: form.values, errors: form.errors });
      const errors = await formErrorsOf(() => updateTemplateDetails(db, signedIn(request), templateId, form.values));
      if (errors) return renderTemplate(reply, templateId, { form: 'details', values: form.values, errors });
      return reply.redirect(`/papers/templates/${templateId}?done=saved`, 303);
    },
  );

  app.post(
    '/papers/templates/:templateId/sections',
    { config: COORDINATORS, schema: { params: TemplateParams, body: TemplateSectionForm }, attachValidation: true },
    async (request, reply) => {
      const { templateId } = request.params;
      const form = readForm(request, TemplateSectionForm);
      const failed = (errors: FormErrors) =>
        renderTemplate(reply, templateId, {
          form: `section-${String(form.values.section)}`,
          values: form.values,
          errors,
        });
      if (!form.ok) return failed(form.errors);
      const { section, action, heading, guidance, rows } = form.values;
      const change = action === 'save' ? { action, heading, guidance, rows } : { action };
      const errors = await formErrorsOf(() =>
        changeTemplateSection(db, signedIn(request), templateId, section, change),
      );
      if (errors) return failed(errors);
      return reply.redirect(`/papers/templates/${templateId}?done=saved#section-${section}`, 303);
    },
  );

  app.post(
    '/papers/templates/:templateId/options',
    { config: COORDINATORS, schema: { params: TemplateParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { templateId } = request.params;
      const errors = await formErrorsOf(() => addOptionsSection(db, signedIn(request), templateId));
      if (errors) return renderTemplate(reply, templateId, { form: 'options', values: {}, errors });
      return reply.redirect(`/papers/templates/${templateId}?done=options#section-${OPTIONS_SECTION.key}`, 303);
    },
  );

  app.post(
    '/papers/templates/:templateId/archive',
    { config: COORDINATORS, schema: { params: TemplateParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { templateId } = request.params;
      const errors = await formErrorsOf(() => archiveTemplate(db, signedIn(request), templateId));
      if (errors) return renderTemplate(reply, templateId, { form: 'archive', values: {}, errors });
      return reply.redirect(`/papers/templates?done=archived`, 303);
    },
  );
}
