import { Type } from 'typebox';
import { field, formSchema, idParams, querySchema } from '../../views/forms.ts';
import { COMMUNITY_KINDS, INCIDENT_SCOPES } from './tension.tables.ts';

export const SUMMARY_MAX = 1000;

export const IncidentParams = idParams('incidentId');
export const ReportParams = idParams('reportId');
export const AreaParams = idParams('areaId');
export const CommunityParams = idParams('communityId');
export const IndicatorParams = idParams('indicatorId');

export const DoneQuery = querySchema({
  done: Type.Optional(
    Type.Enum(['recorded', 'updated', 'localised', 'submitted', 'withdrawn', 'saved', 'added', 'archived', 'agenda']),
  ),
});

export const IncidentForm = formSchema({
  title: field.text('Title', 'Enter a title for the incident', 200),
  summary: field.text('What happened', 'Say briefly what happened', 2000),
  scope: field.choice('Where', 'Select national, regional or local', INCIDENT_SCOPES),
  occurredOn: field.date('Date', 'Enter the date of the incident, for example 22 5 2017'),
  sourceUrl: Type.Optional(
    Type.String({
      title: 'Link to public sources',
      errorMessage: 'Enter a link starting with https:// or http://',
      pattern: '^https?://[^\\s]+$',
      maxLength: 500,
    }),
  ),
  areaIds: field.ids('Areas affected', 'Select areas from the list'),
  communityIds: field.ids('Communities affected', 'Select communities from the list'),
  groupIds: field.ids('Groups named on the incident', 'Select groups from the list'),
});

/** One select per indicator sends "<indicator id>:<evidenced|experienced|potential>", or nothing when not observed. */
const INDICATOR_CHOICE = '^(|[1-9][0-9]{0,9}:(evidenced|experienced|potential))$';

export const ReportForm = formSchema({
  areaId: field.id('Area', 'Select the area the report is about'),
  level: Type.Integer({ title: 'Tension level', errorMessage: 'Select the tension level', minimum: 1, maximum: 5 }),
  indicators: Type.Optional(
    Type.Array(Type.String({ pattern: INDICATOR_CHOICE, maxLength: 40 }), {
      title: 'Indicators observed',
      errorMessage: 'Select from the list for each indicator',
      maxItems: 200,
    }),
  ),
  summary: field.text('Summary', 'Write a short summary of the tension you have seen', SUMMARY_MAX),
  // Ticked when the summary looked as if it named someone and the author has checked it does not.
  confirmNoNames: Type.Optional(Type.Literal('yes')),
});

export const CommunityForm = formSchema({
  name: field.text('Community', 'Enter the community’s name', 120),
  kind: field.choice('Kind of community', 'Select the kind of community', COMMUNITY_KINDS),
});

export const IndicatorForm = formSchema({
  indicator: field.text('Indicator', 'Enter the indicator', 120),
});

export const EmptyForm = formSchema({});

export const SettingsForm = formSchema({
  groupIds: field.ids('Groups who see tension reports', 'Select groups from the list'),
});

export const AgendaForm = formSchema({
  groupId: field.id('Group', 'Select the group whose next meeting should discuss it'),
});
