import { Type } from 'typebox';
import { field, formSchema, querySchema } from '../../views/forms.ts';
import { ACTIVITY_STATUSES } from './response-plans.tables.ts';

const REAL_DATE = 'Enter a real date, for example 23 5 2017';

export const StartPlanQuery = querySchema({
  incidentId: Type.Optional(field.id('Incident', 'Select the incident the plan responds to')),
});

export const StartPlanForm = formSchema({
  incidentId: field.id('Incident', 'Select the incident the plan responds to'),
  templateId: field.id('Template', 'Select a template to start from'),
  startsOn: field.date('Day 0', 'Enter the day the plan starts (day 0), for example 22 5 2017'),
  title: field.optionalText('Name of the plan', 200),
});

export const ActivityForm = formSchema({
  heading: field.text('Heading', 'Enter the heading, for example Positive messaging', 200),
  description: field.text('What will be done', 'Enter what will be done', 1000),
  leadOrganisationId: field.optionalId('Lead organisation', 'Select the lead organisation from the list'),
  day: Type.Integer({
    title: 'Day',
    errorMessage: 'Enter the day as a whole number from 0 to 14',
    minimum: 0,
    maximum: 365,
  }),
  status: field.choice('Status', 'Select the status', ACTIVITY_STATUSES),
});

export const CheckInForm = formSchema({
  on: field.date('Day of the check-in', 'Enter the day of the check-in, for example 23 5 2017'),
  level: Type.Integer({
    title: 'Level',
    errorMessage: 'Select the level of sentiment, 1 to 5',
    minimum: 1,
    maximum: 5,
  }),
  note: field.text('What partners are seeing', 'Enter one line on what partners are seeing', 300),
});

export const ExtendForm = formSchema({
  endsOn: field.date('New last day', 'Enter the new last day, for example 12 6 2017'),
  reason: field.text('Reason', 'Enter why the plan is extended', 500),
});

export const CloseForm = formSchema({
  closedOn: field.date('Day it closes', 'Enter the day the plan closes, for example 5 6 2017'),
  reason: field.optionalText('Why it is closing early', 500),
  summary: field.text('Summary for the board', 'Enter a summary of the plan a board paper can quote', 2000),
});

export const AreasForm = formSchema({
  areaIds: field.ids('Areas', 'Select the areas from the list'),
});

export const ActionForm = formSchema({
  deliveryPlanId: field.id('Delivery plan', 'Select the delivery plan to add the action to'),
});

export const EventLinkForm = formSchema({
  eventId: field.id('Event', 'Select the event to link'),
});

export const CalendarQuery = querySchema({
  month: Type.Optional(
    Type.String({
      title: 'Month',
      errorMessage: 'Enter a month, for example 2017-06',
      pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
    }),
  ),
});

export const TodayQuery = querySchema({
  on: field.optionalDate('Day', REAL_DATE),
});

/** After a change on the plan page: which confirmation to show. */
export const DoneQuery = querySchema({
  done: Type.Optional(Type.Enum(['started', 'check-in', 'activity', 'action', 'event', 'extended', 'closed', 'areas'])),
});
