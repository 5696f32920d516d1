import type { Static } from 'typebox';
import { Type } from 'typebox';
import { field, formSchema, Id, querySchema } from '../../views/forms.ts';
import { STRANDS, SUGGESTION_KINDS, SUGGESTION_RESPONSES } from './plans.tables.ts';

export const PlanParams = Type.Object({ planId: Id() });
export const SuggestionParams = Type.Object({ planId: Id(), suggestionId: Id() });
export const VersionParams = Type.Object({ planId: Id(), number: Id() });

/** Which suggestions the consultation page lists. */
export const SUGGESTION_FILTERS = ['awaiting', 'responded'] as const;
export type SuggestionFilter = (typeof SUGGESTION_FILTERS)[number];

export const ConsultationQuery = querySchema({
  show: Type.Optional(Type.Enum([...SUGGESTION_FILTERS])),
  done: Type.Optional(Type.String({ maxLength: 40 })),
  // What "Bring in suggestions from linked events" added: eventId-count pairs, named on the page.
  brought: Type.Optional(
    Type.String({ pattern: '^([0-9]{1,9}-[0-9]{1,6})(,[0-9]{1,9}-[0-9]{1,6})*$', maxLength: 500 }),
  ),
});

export const NewSuggestionQuery = querySchema({ actionId: Type.Optional(Id()) });

export const OpenForm = formSchema({
  closesOn: field.date('Closing date', 'Enter the closing date as a real date, for example 30/6/2026'),
});

export const SuggestionForm = formSchema({
  kind: field.choice(
    'What you are suggesting',
    'Select whether you are commenting, proposing an amendment or proposing a new action',
    SUGGESTION_KINDS,
  ),
  actionId: field.optionalId('Action', 'Select the action from the list'),
  proposedTitle: field.optionalText('Title of the new action', 200),
  text: field.text('Your suggestion', 'Enter your comment or suggestion', 4000),
});

/**
 * A response, and (when it accepts an amendment or a new action) the action as it will then
 * stand. The action fields are optional here: the service asks for them only when they apply.
 */
export const ResponseForm = formSchema({
  response: field.choice(
    'Response',
    'Select whether the suggestion is accepted, accepted with changes or declined',
    SUGGESTION_RESPONSES,
  ),
  responseText: field.optionalText('What was done', 4000),
  title: field.optionalText('Action title', 200),
  description: field.optionalText('Description', 4000),
  strand: Type.Optional(field.choice('CONTEST strand', 'Select the CONTEST strand from the list', STRANDS)),
  objectiveId: field.optionalId('Objective', 'Select the objective from the list'),
  leadOrganisationId: field.optionalId('Lead organisation', 'Select the lead organisation from the list'),
  dueOn: field.optionalDate('Due date', 'Enter the due date as a real date, for example 31/3/2027'),
});

export const ApproveForm = formSchema({
  note: field.optionalText('Note for the record', 1000),
});

export const CsrfOnlyForm = formSchema({});

export const CompareQuery = querySchema({
  from: Type.Optional(Id({ title: 'Compare from', errorMessage: 'Select the version to compare from' })),
  // A version number, or "current" for the working copy as it stands today.
  to: Type.Optional(
    Type.String({
      pattern: '^([1-9][0-9]{0,5}|current)$',
      title: 'Compare with',
      errorMessage: 'Select the version to compare with',
    }),
  ),
});

export const PrintQuery = querySchema({ print: Type.Optional(Type.Literal('1')) });

export type SuggestionInput = Omit<Static<typeof SuggestionForm>, '_csrf'>;
export type ResponseInput = Omit<Static<typeof ResponseForm>, '_csrf'>;
