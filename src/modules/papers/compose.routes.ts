import type { FastifyReply } from 'fastify';
import type { TSchema } from 'typebox';
import { FormError } from '../../errors.ts';
import type { BlockContext } from '../../reports/paper.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { formErrorsFrom, formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { postedSettings, settingErrors, settingFields } from './blocks.forms.ts';
import * as compose from './compose.ts';
import { LIVE_BLOCKS, liveBlock } from './papers.blocks.ts';
import {
  AppendixForm,
  BackgroundPapersForm,
  BlockForm,
  BlockQuery,
  ContactForm,
  DetailsForm,
  EntryForm,
  ImplicationsForm,
  PaperParams,
  PaperRecommendationForm,
  ParagraphForm,
  WritePaperForm,
  WritePaperQuery,
} from './papers.forms.ts';
import {
  DraftConflict,
  addPaperRecommendation,
  composePage,
  paperFor,
  saveDraft,
  writePaper,
  writePaperPage,
} from './papers.service.ts';
import type { PaperDraft, TemplateSection } from './papers.tables.ts';

type Values = Record<string, unknown>;
type Change = (draft: PaperDraft, sections: TemplateSection[]) => PaperDraft;

/** A form on the compose page that failed: which one, what the author sent, and why. */
interface Failed {
  form: string;
  action: string;
  values: Values;
  errors?: FormErrors;
  conflict?: DraftConflict;
}

/** What the author sent, field by field (a repeated field once per value), but the token and revision. */
const yours = (values: Values) =>
  Object.entries(values).flatMap(([name, value]) =>
    name === '_csrf' || name === 'revision'
      ? []
      : (Array.isArray(value) ? value : [value]).map((one) => ({ name, value: String(one), words: WORDS[name] })),
  );

/** Fields whose words the author typed: a conflict shows them again in boxes, to save once more. */
const WORDS: Record<string, string> = {
  text: 'Paragraph',
  subject: 'Subject',
  reportOf: 'Report of',
  author: 'Author',
  papers: 'Background papers',
  name: 'Name',
  role: 'Role',
  email: 'Email',
  phone: 'Telephone',
  title: 'Appendix title',
  implication: 'Implications',
};

/** Error links point at the failed form's own fields (several forms on the page share field names). */
const scoped = (form: string, errors: FormErrors): FormErrors => ({
  summary: errors.summary.map((e) => ({
    ...e,
    href: WORDS[e.href.slice(1)] ? `#${form}-${e.href.slice(1)}` : `#${form}`,
  })),
  fields: errors.fields,
});

/** Which form on the page a post came from: its list and section, so only that form shows the errors. */
const formId = (kind: string, values: Values) =>
  [kind, values.list, values.section, values.index]
    .filter((v) => typeof v === 'string' || typeof v === 'number')
    .map(String)
    .join('-');

export function composeRoutes(app: HubApp): void {
  const db = app.db;

  const blockContext = (
    reply: FastifyReply,
    meeting: { id: number; groupId: number; startsAt: Date },
  ): BlockContext => ({
    db,
    user: signedIn(reply.request),
    meeting,
    asAt: new Date(),
  });

  const renderCompose = async (reply: FastifyReply, paperId: number, failed?: Failed) => {
    const page = await composePage(db, signedIn(reply.request), paperId);
    const { query } = reply.request as { query: { done?: string } };
    const status = failed?.conflict ? 409 : failed ? 400 : 200;
    return reply.code(status).page('papers/views/compose.njk', {
      ...page,
      blockTitles: Object.fromEntries(LIVE_BLOCKS.map((b) => [b.key, b.title])),
      failed: failed && { ...failed, yours: yours(failed.values) },
      // Only the failed form shows its fields' errors: several forms on the page share field names.
      fieldErrors: failed?.errors ? { [failed.form]: failed.errors.fields } : {},
      errors: failed?.conflict ? conflictErrors(failed.conflict) : failed?.errors && scoped(failed.form, failed.errors),
      done: query.done,
    });
  };

  // Writing a paper from an agenda item.

  const renderWrite = async (reply: FastifyReply, itemId: number, values: Values, errors?: FormErrors) => {
    const page = await writePaperPage(db, signedIn(reply.request), itemId);
    return reply.code(errors ? 400 : 200).page('papers/views/write.njk', {
      ...page,
      values: {
        subject: page.item.title,
        templateId: page.templates[0]?.id,
        marking: 'OFFICIAL',
        audience: 'everyone',
        ...values,
      },
      errors,
    });
  };

  app.get('/papers/new', { schema: { querystring: WritePaperQuery } }, async (request, reply) => {
    const form = readForm(request, WritePaperQuery, 'querystring');
    if (!form.ok) return reply.callNotFound();
    return renderWrite(reply, form.values.item, {});
  });

  app.post('/papers', { schema: { body: WritePaperForm }, attachValidation: true }, async (request, reply) => {
    const form = readForm(request, WritePaperForm);
    const itemId = Number(form.values.agendaItemId);
    if (!form.ok) {
      if (form.errors.fields.agendaItemId) return reply.callNotFound();
      return renderWrite(reply, itemId, form.values, form.errors);
    }
    let id = 0;
    const errors = await formErrorsOf(async () => {
      id = await writePaper(db, signedIn(request), form.values);
    });
    if (errors) return renderWrite(reply, itemId, form.values, errors);
    return reply.redirect(`/papers/${id}`, 303);
  });

  app.get('/papers/:paperId', { schema: { params: PaperParams } }, async (request, reply) =>
    renderCompose(reply, request.params.paperId),
  );

  /**
   * The one way a compose form saves: read it, apply the change to the revision it names, and
   * show the page again with the errors, or the conflict, on that form, keeping what was typed.
   */
  const saving = <S extends TSchema>(
    path: string,
    schema: S,
    kind: string,
    save: (values: Values & { revision: number }) => { what: string; change: Change; header?: object },
  ) =>
    app.post(
      path,
      { schema: { params: PaperParams, body: schema }, attachValidation: true },
      async (request, reply) => {
        const { paperId } = request.params;
        const form = readForm(request, schema);
        const values: Values = form.values;
        const failed = (more: Partial<Failed>) =>
          renderCompose(reply, paperId, { form: formId(kind, values), action: request.url, values, ...more });
        if (!form.ok) return failed({ errors: form.errors });
        try {
          const { what, change, header } = save({ ...values, revision: Number(values.revision) });
          await saveDraft(db, signedIn(request), paperId, Number(values.revision), what, change, header);
        } catch (error) {
          if (error instanceof DraftConflict) return failed({ conflict: error });
          if (error instanceof FormError) return failed({ errors: formErrorsFrom(error) });
          throw error;
        }
        return reply.redirect(`/papers/${paperId}?done=saved#${formId(kind, values)}`, 303);
      },
    );

  saving('/papers/:paperId/details', DetailsForm, 'details', (v) => ({
    what: 'details',
    change: (draft) => ({ ...draft, reportOf: str(v.reportOf), author: str(v.author) }),
    header: { subject: v.subject, marking: v.marking, audience: v.audience },
  }));

  saving('/papers/:paperId/paragraphs', ParagraphForm, 'paragraph', (v) => ({
    what: 'paragraph added',
    change: (draft, sections) =>
      compose.addItem(draft, compose.sectionOf(sections, str(v.section), ['paragraphs']).key, {
        kind: 'paragraph',
        text: str(v.text),
      }),
  }));

  saving('/papers/:paperId/entries', EntryForm, 'entry', (v) => ({
    what: `${String(v.list)} ${String(v.action)}`,
    change: (draft, sections) => changeEntry(draft, sections, v),
  }));

  saving('/papers/:paperId/implications', ImplicationsForm, 'implications', (v) => ({
    what: 'implications',
    change: (draft, sections) =>
      compose.setImplications(
        draft,
        compose.sectionOf(sections, str(v.section), ['implications']),
        texts(v.implication),
      ),
  }));

  saving('/papers/:paperId/background-papers', BackgroundPapersForm, 'background', (v) => ({
    what: 'background papers',
    change: (draft, sections) =>
      compose.setBackgroundPapers(
        draft,
        compose.sectionOf(sections, str(v.section), ['background']).key,
        str(v.papers),
      ),
  }));

  saving('/papers/:paperId/contacts', ContactForm, 'contact', (v) => ({
    what: 'contact added',
    change: (draft, sections) =>
      compose.addContact(draft, compose.sectionOf(sections, str(v.section), ['contact']).key, {
        name: str(v.name),
        role: str(v.role),
        email: str(v.email),
        phone: str(v.phone),
      }),
  }));

  saving('/papers/:paperId/appendices', AppendixForm, 'appendix', (v) => ({
    what: 'appendix added',
    change: (draft) => compose.addAppendix(draft, { title: str(v.title), block: null }),
  }));

  blockRoutes(app, renderCompose, blockContext);

  // Recommendations are the meeting's rows, not the draft's: the meeting decides each.
  app.post(
    '/papers/:paperId/recommendations',
    { schema: { params: PaperParams, body: PaperRecommendationForm }, attachValidation: true },
    async (request, reply) => {
      const { paperId } = request.params;
      const form = readForm(request, PaperRecommendationForm);
      const failed = (errors: FormErrors) =>
        renderCompose(reply, paperId, { form: 'recommendation', action: request.url, values: form.values, errors });
      if (!form.ok) return failed(form.errors);
      const errors = await formErrorsOf(() => addPaperRecommendation(db, signedIn(request), paperId, form.values.text));
      if (errors) return failed(errors);
      return reply.redirect(`/papers/${paperId}?done=recommendation#recommendations`, 303);
    },
  );
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const texts = (value: unknown) => (Array.isArray(value) ? value.map(str) : [str(value)]);

function changeEntry(draft: PaperDraft, sections: TemplateSection[], v: Values): PaperDraft {
  const index = Number(v.index);
  const action = v.action as 'save' | compose.Move | 'remove';
  if (v.list === 'appendices') {
    if (action === 'save') throw new FormError('action', 'An appendix is moved or removed here');
    return compose.changeAppendix(draft, index, action);
  }
  if (v.list === 'contacts') {
    if (action === 'save') throw new FormError('action', 'A contact is moved or removed here');
    return compose.changeContact(draft, compose.sectionOf(sections, str(v.section), ['contact']).key, index, action);
  }
  const key = compose.sectionOf(sections, str(v.section), ['paragraphs']).key;
  if (action !== 'save') return compose.changeItem(draft, key, index, { action });
  if (!str(v.text)) throw new FormError('text', 'Enter the paragraph, or remove it');
  return compose.changeItem(draft, key, index, { action, text: str(v.text) });
}

/** A conflict's one message, pointing at the panel that shows what changed. */
const conflictErrors = (conflict: DraftConflict): FormErrors => ({
  summary: [{ text: `${conflict.message}: check what changed, then save yours again`, href: '#conflict' }],
  fields: {},
});

type Render = (reply: FastifyReply, paperId: number, failed?: Failed) => Promise<FastifyReply>;
type ContextOf = (reply: FastifyReply, meeting: { id: number; groupId: number; startsAt: Date }) => BlockContext;

/** Choosing a live block for a section (or as an appendix), then its settings, then inserting it. */
function blockRoutes(app: HubApp, renderCompose: Render, contextOf: ContextOf): void {
  const db = app.db;

  const renderBlock = async (
    reply: FastifyReply,
    paperId: number,
    chosen: { section?: string; block?: string },
    values: Record<string, string> = {},
    errors?: FormErrors,
  ) => {
    const { paper, meeting } = await paperFor(db, signedIn(reply.request), paperId, 'edit');
    const block = chosen.block ? liveBlock(chosen.block) : undefined;
    const fields = block ? await settingFields(block, contextOf(reply, meeting), values) : [];
    return reply.code(errors ? 400 : 200).page('papers/views/compose-block.njk', {
      paper,
      section: chosen.section,
      blocks: LIVE_BLOCKS,
      block,
      fields,
      values,
      errors,
    });
  };

  app.get(
    '/papers/:paperId/blocks',
    { schema: { params: PaperParams, querystring: BlockQuery } },
    async (request, reply) => {
      const form = readForm(request, BlockQuery, 'querystring');
      return renderBlock(reply, request.params.paperId, form.ok ? form.values : {});
    },
  );

  app.post(
    '/papers/:paperId/blocks',
    { schema: { params: PaperParams, body: BlockForm }, attachValidation: true },
    async (request, reply) => {
      const { paperId } = request.params;
      const form = readForm(request, BlockForm);
      const body = form.values as Values;
      const settings = postedSettings(body);
      const chosen = { section: str(body.section), block: str(body.block) };
      if (!form.ok) return renderBlock(reply, paperId, chosen, settings, form.errors);
      const block = liveBlock(chosen.block);
      if (!block)
        return renderBlock(
          reply,
          paperId,
          {},
          {},
          formErrorsFrom(new FormError('block', 'Choose a live block from the list')),
        );
      const { meeting } = await paperFor(db, signedIn(request), paperId, 'edit');
      const problems = await settingErrors(block, contextOf(reply, meeting), settings);
      if (problems) return renderBlock(reply, paperId, chosen, settings, problems);
      const item = { key: block.key, settings };
      try {
        await saveDraft(
          db,
          signedIn(request),
          paperId,
          Number(body.revision),
          `live block ${block.key}`,
          (draft, sections) => {
            const section = compose.sectionOf(sections, chosen.section, ['paragraphs', 'appendices']);
            if (section.kind === 'appendices') return compose.addAppendix(draft, { title: block.title, block: item });
            return compose.addItem(draft, section.key, { kind: 'block', ...item });
          },
        );
      } catch (error) {
        const failed = { form: `block-${chosen.section}`, action: request.url, values: body };
        if (error instanceof DraftConflict) return renderCompose(reply, paperId, { ...failed, conflict: error });
        if (error instanceof FormError) return renderBlock(reply, paperId, chosen, settings, formErrorsFrom(error));
        throw error;
      }
      return reply.redirect(`/papers/${paperId}?done=block#section-${chosen.section}`, 303);
    },
  );
}
