import { Type } from 'typebox';
import { PAPER_MARKINGS } from '../../reports/paper.ts';
import { NO_NUL, Id, field, formSchema, idParams, querySchema } from '../../views/forms.ts';

export const TemplateParams = idParams('templateId');
export const PaperParams = idParams('paperId');

/** A template section's key as forms name it ("background", "current-position"). */
const sectionKey = () =>
  Type.String({ title: 'Section', errorMessage: 'Choose a section', pattern: '^[a-z0-9-]{1,40}$' });

// Templates.

export const CsrfOnlyForm = formSchema({});

export const CopyTemplateForm = formSchema({
  name: field.text('Name of the copy', 'Enter a name for the copy', 120),
});

export const TemplateDetailsForm = formSchema({
  name: field.text('Name', 'Enter the template’s name', 120),
  description: field.optionalText('Description', 500),
  notForPublication: Type.Optional(
    field.choice('Not for publication', 'Choose whether it is for publication', ['yes']),
  ),
  exemptParagraph: field.optionalText('Exempt-information paragraph', 1000),
});

export const TemplateSectionForm = formSchema({
  section: sectionKey(),
  heading: field.text('Heading', 'Enter the section’s heading', 120),
  guidance: field.optionalText('Guidance for authors', 1000),
  rows: field.optionalText('Rows of the implications table', 2000),
  action: field.choice('Action', 'Choose what to do with the section', ['save', 'up', 'down']),
});

// Writing a paper.

export const AUDIENCES = ['everyone', 'groups'] as const;

export const WritePaperQuery = querySchema({ item: Id() });

export const WritePaperForm = formSchema({
  agendaItemId: field.id('Agenda item', 'Write the paper from an agenda item'),
  templateId: field.id('Template', 'Choose a template'),
  subject: field.text('Subject', 'Enter the subject of the paper', 300),
  marking: field.choice('Marking', 'Choose the paper’s marking', PAPER_MARKINGS),
  audience: field.choice('Who may read it', 'Choose who may read the paper once issued', AUDIENCES),
});

// Composing: every save names the revision it was based on.

const revision = () => Id({ title: 'Revision', errorMessage: 'Open the paper again: the form was out of date' });
const TEXT_LENGTH = 10_000;

export const DetailsForm = formSchema({
  revision: revision(),
  subject: field.text('Subject', 'Enter the subject of the paper', 300),
  reportOf: field.optionalText('Report of', 300),
  author: field.optionalText('Author', 200),
  marking: field.choice('Marking', 'Choose the paper’s marking', PAPER_MARKINGS),
  audience: field.choice('Who may read it', 'Choose who may read the paper once issued', AUDIENCES),
});

export const ParagraphForm = formSchema({
  revision: revision(),
  section: sectionKey(),
  text: field.text('Paragraph', 'Enter the paragraph', TEXT_LENGTH),
});

/** Moves or removes an entry of a list in the draft: a section's items or contacts, or an appendix. */
export const EntryForm = formSchema({
  revision: revision(),
  list: field.choice('List', 'Choose a list', ['items', 'contacts', 'appendices']),
  section: Type.Optional(sectionKey()),
  index: Type.Integer({
    title: 'Entry',
    errorMessage: 'That entry is no longer in the draft',
    minimum: 0,
    maximum: 500,
  }),
  text: field.optionalText('Paragraph', TEXT_LENGTH),
  action: field.choice('Action', 'Choose what to do', ['save', 'up', 'down', 'remove']),
});

/** A block's settings are posted as `setting_<name>`: each block has its own, checked against its schema. */
export const SETTING_PREFIX = 'setting_';
export const BlockForm = Type.Object(
  {
    ...formSchema({
      revision: revision(),
      section: sectionKey(),
      block: Type.String({ title: 'Live block', errorMessage: 'Choose a live block', pattern: '^[a-z0-9_.-]{1,60}$' }),
    }).properties,
  },
  {
    additionalProperties: false,
    patternProperties: { [`^${SETTING_PREFIX}[A-Za-z0-9]{1,40}$`]: Type.String({ maxLength: 500, pattern: NO_NUL }) },
  },
);

export const BlockQuery = querySchema({
  section: Type.Optional(sectionKey()),
  block: Type.Optional(Type.String({ pattern: '^[a-z0-9_.-]{1,60}$' })),
});

export const ImplicationsForm = formSchema({
  revision: revision(),
  section: sectionKey(),
  implication: Type.Optional(
    Type.Array(Type.String({ maxLength: 2000 }), {
      title: 'Implications',
      errorMessage: 'Check the implications',
      maxItems: 30,
    }),
  ),
});

export const BackgroundPapersForm = formSchema({
  revision: revision(),
  section: sectionKey(),
  papers: field.optionalText('Background papers', 5000),
});

export const ContactForm = formSchema({
  revision: revision(),
  section: sectionKey(),
  name: field.text('Name', 'Enter the contact’s name', 200),
  role: field.optionalText('Role', 200),
  email: Type.Optional(field.email('Email', 'Enter an email address like name@example.org')),
  phone: field.optionalText('Telephone', 40),
});

export const AppendixForm = formSchema({
  revision: revision(),
  title: field.text('Appendix title', 'Enter the appendix’s title', 300),
});

export const PaperRecommendationForm = formSchema({
  text: field.text('Recommendation', 'Enter the recommendation', 2000),
});
