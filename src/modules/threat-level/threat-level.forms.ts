import { Type } from 'typebox';
import { field, formSchema, querySchema } from '../../views/forms.ts';
import { PLOT_IDEOLOGIES, THREAT_LEVELS, THREAT_SCOPES } from './threat-level.tables.ts';

const REAL_DATE = 'Enter a real date, for example 23 5 2017';

/** The look-up on the threat level page: a GET form, so it works without JavaScript and can be bookmarked. */
export const LookUpQuery = querySchema({
  on: field.optionalDate('Date', REAL_DATE),
  // After a coordinator's change: which confirmation to show.
  done: Type.Optional(Type.Enum(['recorded', 'corrected', 'plots-recorded', 'plots-corrected'])),
});

export const ThreatLevelChangeForm = formSchema({
  inForceFrom: field.date('Date the level changed', 'Enter the date the level changed, for example 23 5 2017'),
  level: field.choice('Threat level', 'Select the threat level', THREAT_LEVELS),
  scope: field.choice('What the level covers', 'Select what the level covers', THREAT_SCOPES),
  note: field.optionalText('Note or source', 500),
});

export const DisruptedPlotsForm = formSchema({
  periodLabel: field.optionalText('Period', 100),
  periodFrom: field.optionalDate('Period from', REAL_DATE),
  periodTo: field.optionalDate('Period to', REAL_DATE),
  ideology: field.choice('Ideology', 'Select the ideology', PLOT_IDEOLOGIES),
  plots: Type.Integer({
    title: 'Number of plots',
    errorMessage: 'Enter the number of plots as a whole number from 0 to 1000',
    minimum: 0,
    maximum: 1000,
  }),
  source: field.text('Source', 'Enter where the figure was published', 500),
  publishedOn: field.optionalDate('Published on', REAL_DATE),
});
