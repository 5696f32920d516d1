import { Type } from 'typebox';
import { field, formSchema, idParams, querySchema } from '../../views/forms.ts';
import { EVENT_AUDIENCES } from '../events/index.ts';
import { RESOURCE_FORMATS } from './resources.tables.ts';

export const ResourceParams = idParams('resourceId');
export const ImportParams = idParams('resourceId', 'importId');

const REAL_DATE = 'Enter a real date, for example 31 3 2010';

export const ResourceForm = formSchema({
  title: field.text('Title', 'Enter the title of the resource', 200),
  description: field.optionalText('Description', 2000),
  format: field.choice('Format', 'Select the format of the resource', RESOURCE_FORMATS),
  audiences: Type.Optional(
    Type.Array(Type.Enum([...EVENT_AUDIENCES]), {
      title: 'Who it is for',
      errorMessage: 'Select who the resource is for from the list',
      maxItems: EVENT_AUDIENCES.length,
    }),
  ),
  link: Type.Optional(
    Type.String({
      title: 'Where to find it',
      errorMessage:
        'Enter a web address starting https:// or http://, or a page of the Hub starting with /, such as /documents/12',
      maxLength: 500,
      pattern: '^(https?://[^\\s]+|/[^\\s/][^\\s]*)$',
    }),
  ),
  ownerOrganisationId: field.optionalId('Owner organisation', 'Select the owner organisation from the list'),
  reviewOn: field.optionalDate('Review date', REAL_DATE),
});

export const WithdrawForm = formSchema({
  reason: field.text('Why it is withdrawn', 'Enter why the resource is withdrawn', 500),
});
export const ReinstateForm = formSchema({});

export const UseForm = formSchema({
  organisationId: field.id('Organisation', 'Select the organisation that used the resource'),
  usedOn: field.date('Date used', 'Enter the date the resource was used, for example 12 5 2009'),
  howUsed: field.text('How it was used', 'Enter how the resource was used, such as shown at a team briefing', 300),
  peopleReached: Type.Integer({
    title: 'Number of people reached',
    errorMessage: 'Enter the number of people reached as a whole number from 0 to 1,000,000, for example 40',
    minimum: 0,
    maximum: 1_000_000,
  }),
});

export const CompletionsUploadForm = formSchema({});
export const CompletionsCommitForm = formSchema({});

export const ResourcesQuery = querySchema({
  done: Type.Optional(Type.Enum(['added', 'withdrawn'])),
});
export const ResourceQuery = querySchema({
  done: Type.Optional(
    Type.Enum(['added', 'changed', 'withdrawn', 'reinstated', 'use-recorded', 'imported', 'file-uploaded']),
  ),
});

/** A resource's file carries nothing but the file (and the CSRF token). */
export const ResourceFileForm = formSchema({});
