import { Type } from 'typebox';
import { field, formSchema, Id, querySchema } from '../../views/forms.ts';
import { SECTORS } from './organisations.tables.ts';

export const OrganisationForm = formSchema({
  name: field.text('Name', 'Enter the name of the organisation', 160),
  sector: field.choice('Sector', 'Select the sector the organisation works in', SECTORS),
  areaId: field.optionalId('Area', 'Select an area from the list'),
});

// Partnership staff only (never referred individuals): name, job title and work contact details.
export const PersonForm = formSchema({
  name: field.text('Full name', 'Enter the person’s full name', 120),
  jobTitle: field.optionalText('Job title', 120),
  email: Type.Optional(
    field.email('Email address', 'Enter an email address in the correct format, like name@example.org'),
  ),
  phone: Type.Optional(
    Type.String({
      title: 'Telephone number',
      errorMessage: 'Enter a telephone number, like 01632 960 001 or +44 808 157 0192',
      // Digits with the usual separators; long enough for an extension, short enough to refuse prose.
      pattern: '^\\+?[0-9][0-9 ()-]{5,24}$',
    }),
  ),
  organisationId: field.optionalId('Organisation', 'Select an organisation from the list'),
});

export const CsrfOnlyForm = formSchema({});

export const OrganisationParams = Type.Object({ organisationId: Id() });
export const PersonParams = Type.Object({ personId: Id() });

/** The banner shown after a change: which change, never free text from the address bar. */
export const DONE = ['added', 'saved', 'archived', 'restored'] as const;
export const DoneQuery = querySchema({ done: Type.Optional(Type.Enum([...DONE])) });

export const OrganisationFilter = querySchema({
  sector: Type.Optional(Type.Enum([...SECTORS])),
  areaId: Type.Optional(Id()),
  archived: Type.Optional(Type.Boolean()),
});

export const PeopleFilter = querySchema({
  q: Type.Optional(Type.String({ maxLength: 120 })),
  organisationId: Type.Optional(Id()),
  archived: Type.Optional(Type.Boolean()),
});

/** /people/new?organisationId=3 comes from an organisation's page and preselects it. */
export const NewPersonQuery = querySchema({ organisationId: Type.Optional(Id()) });
