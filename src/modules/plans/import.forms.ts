import type { Static } from 'typebox';
import { Type } from 'typebox';
import { field, formSchema, Id } from '../../views/forms.ts';

export const PlanParams = Type.Object({ planId: Id() });
export const ImportParams = Type.Object({ planId: Id(), importId: Id() });

/** The upload carries nothing but the file (and the CSRF token). */
export const UploadForm = formSchema({});
export const CommitForm = formSchema({});

/** The Hub's fields an action plan's columns can fill, in the order the mapping page asks for them. */
export const IMPORT_FIELDS = [
  'reference',
  'title',
  'description',
  'strand',
  'objective',
  'leadOrganisation',
  'leadOfficer',
  'partners',
  'startOn',
  'dueOn',
  'state',
  'source',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** How each field is named on the mapping page and in the preview's messages. */
export const FIELD_WORDS: Record<ImportField, { label: string; hint: string }> = {
  reference: {
    label: 'Reference',
    hint: 'The plan’s own numbering, such as 2.3. Importing the file again updates the action with the same reference. Left out: numbered for you.',
  },
  title: { label: 'Title', hint: 'What the action is.' },
  description: { label: 'Description', hint: 'More detail about the action.' },
  strand: { label: 'CONTEST strand', hint: 'Prevent, Pursue, Protect or Prepare.' },
  objective: { label: 'Objective', hint: 'Objectives not yet in the plan are added.' },
  leadOrganisation: { label: 'Lead organisation', hint: 'As named under Organisations.' },
  leadOfficer: { label: 'Lead officer', hint: 'As named under People.' },
  partners: { label: 'Partners', hint: 'Organisations, separated by semicolons.' },
  startOn: { label: 'Start date', hint: 'Like 31/03/2027 or 2027-03-31.' },
  dueOn: { label: 'Due date', hint: 'Like 31/03/2027 or 2027-03-31.' },
  state: { label: 'State', hint: 'Not started, On track, At risk, Blocked or Completed (or Red, Amber, Green).' },
  source: {
    label: 'Source',
    hint: 'The plan an action was brought in from, such as “Cleveland Police Strategic Plan”.',
  },
};

const column = (name: ImportField) => field.optionalId(FIELD_WORDS[name].label, 'Select a column from the list');

/** Each field is the (1-based) number of the file's column that fills it; title and strand must be chosen. */
export const MappingForm = formSchema({
  reference: column('reference'),
  title: field.id('Title', 'Select the column that holds each action’s title'),
  description: column('description'),
  strand: field.id('CONTEST strand', 'Select the column that holds each action’s CONTEST strand'),
  objective: column('objective'),
  leadOrganisation: column('leadOrganisation'),
  leadOfficer: column('leadOfficer'),
  partners: column('partners'),
  startOn: column('startOn'),
  dueOn: column('dueOn'),
  state: column('state'),
  source: column('source'),
});
export type MappingValues = Omit<Static<typeof MappingForm>, '_csrf'>;
/** A mapping as stored: field → column number. */
export type Mapping = Partial<Record<ImportField, number>>;
