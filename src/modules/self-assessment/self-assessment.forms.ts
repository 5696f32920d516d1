import { Type } from 'typebox';
import { field, formSchema, idParams, querySchema } from '../../views/forms.ts';

export const FrameworkParams = idParams('frameworkId');
export const LevelParams = idParams('frameworkId', 'levelId');
export const ImportParams = idParams('importId');
export const AssessmentParams = idParams('assessmentId');
export const CriterionParams = idParams('assessmentId', 'criterionId');
export const EvidenceParams = idParams('assessmentId', 'evidenceId');
export const PeerRatingParams = idParams('peerRatingId');

const BODY = 'Enter the body the assessment is on behalf of, for example Stockton Renaissance';

export const LevelForm = formSchema({
  name: field.text('Name of the level', 'Enter the name of the level', 60),
  meaning: field.text('What it means', 'Enter what the level means', 300),
});

export const FrameworkUploadForm = formSchema({
  name: field.text('Name of the framework', 'Enter the name of the framework', 200),
  years: field.text('Years it covers', 'Enter the years the framework covers, for example 2024', 40),
});
export const ConfirmForm = formSchema({});

export const AssessmentForm = formSchema({
  frameworkId: field.id('Framework', 'Select a framework'),
  body: field.text('On behalf of', BODY, 200),
  title: field.text('Name of this iteration', 'Enter a name for this iteration, for example January 2009', 120),
  assessedOn: field.date('Date of the assessment', 'Enter the date of the assessment, for example 2009-01-31'),
  completedByPersonId: field.optionalId('Completed by', 'Select the person who completed it'),
  assessingGroupId: field.id('Assessing group', 'Select the group whose members may read it'),
  summary: field.optionalText('Summary', 2000),
});

export const RatingForm = formSchema({
  value: Type.Optional(
    Type.Integer({ title: 'Rating', errorMessage: 'Select a rating from the scale', minimum: 0, maximum: 100 }),
  ),
  evidence: field.optionalText('Evidence', 4000),
});

export const EvidenceForm = formSchema({
  documentId: field.optionalId('Document', 'Select a document from the list'),
  planActionId: field.optionalId('Plan action', 'Select a plan action from the list'),
});
export const RemoveForm = formSchema({});

export const ActionFromCriterionForm = formSchema({
  planId: field.id('Delivery plan', 'Select the delivery plan the action goes into'),
  title: field.optionalText('Action', 300),
  dueOn: field.optionalDate('Due date', 'Enter a real due date, for example 2025-03-31'),
});

export const AgreeForm = formSchema({
  groupId: field.id('Group that agreed it', 'Select the group that agreed it'),
  meetingId: field.id('Meeting', 'Select the meeting at which it was agreed'),
});

export const PeerRatingForm = formSchema({
  frameworkId: field.id('Framework', 'Select a framework'),
  peer: field.text('Peer partnership', 'Enter the peer partnership, for example Middlesbrough', 120),
  year: Type.Integer({
    title: 'Year',
    errorMessage: 'Enter the year as four digits, for example 2009',
    minimum: 2000,
    maximum: 2100,
  }),
  criterionId: field.id('Criterion', 'Select the criterion'),
  value: Type.Integer({ title: 'Rating', errorMessage: 'Select the rating they published', minimum: 0, maximum: 100 }),
  source: field.optionalText('Where it was published', 300),
});

/** Which iterations to compare: two chosen, or all of a framework for a body. */
export const CompareQuery = querySchema({
  framework: field.optionalId('Framework', 'Select a framework'),
  body: Type.Optional(Type.String({ maxLength: 200 })),
  a: field.optionalId('First iteration', 'Select an iteration'),
  b: field.optionalId('Second iteration', 'Select an iteration'),
});

export const DoneQuery = querySchema({ done: Type.Optional(Type.String({ maxLength: 30 })) });

export const PeersQuery = querySchema({
  body: Type.Optional(Type.String({ maxLength: 200 })),
  done: Type.Optional(Type.String({ maxLength: 30, pattern: '^[a-z-]*$' })),
});

/** Peers' ratings from a spreadsheet: the year of rows that give none, and where they were published. */
export const PeerUploadForm = formSchema({
  year: Type.Optional(
    Type.Integer({
      title: 'Year',
      errorMessage: 'Enter the year as four digits, for example 2009',
      minimum: 2000,
      maximum: 2100,
    }),
  ),
  source: field.optionalText('Where they were published', 300),
});

const column = (title: string) => field.optionalId(title, 'Choose one of the columns of the file');
/** Which column of the file holds each field (column numbers, from 1). */
export const PeerColumnsForm = formSchema({
  peer: column('Peer partnership'),
  criterion: column('Criterion'),
  rating: column('Rating'),
  year: column('Date or iteration'),
});
