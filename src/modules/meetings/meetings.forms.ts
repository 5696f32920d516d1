import { Type } from 'typebox';
import { field, formSchema, Id, querySchema } from '../../views/forms.ts';
import { ATTENDANCE, MEETING_STATUSES, RECOMMENDATION_DECISIONS } from './meetings.tables.ts';

const id = () => Id();

export const GroupParams = Type.Object({ groupId: id() });
export const PersonParams = Type.Object({ personId: id() });
export const MeetingParams = Type.Object({ meetingId: id() });
export const ItemParams = Type.Object({ meetingId: id(), itemId: id() });
export const ActionParams = Type.Object({ meetingId: id(), itemId: id(), actionId: id() });
/** Any text: a malformed token is as unknown as a wrong one (404), and says nothing more. */
export const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

/** Set after a new calendar link is made, to say so. */
export const CalendarQuery = querySchema({ renewed: Type.Optional(Type.String({ maxLength: 1 })) });

export const MeetingsQuery = querySchema({ groupId: Type.Optional(id()) });

export const AttendancePeriodQuery = querySchema({
  from: field.optionalDate('From', 'Enter the start of the period as a real date'),
  to: field.optionalDate('To', 'Enter the end of the period as a real date'),
});

const meetingFields = {
  date: field.date('Date', 'Enter the date of the meeting'),
  startTime: field.time('Start time', 'Enter the start time, like 10:00'),
  endTime: field.time('End time', 'Enter the end time, like 12:00'),
  location: field.optionalText('Location', 200),
};

export const MAX_SERIES = 12;

export const ScheduleForm = formSchema({
  ...meetingFields,
  count: Type.Optional(
    Type.Integer({
      title: 'Number of meetings',
      errorMessage: `Enter a number of meetings from 1 to ${MAX_SERIES}`,
      minimum: 1,
      maximum: MAX_SERIES,
    }),
  ),
});

export const MeetingForm = formSchema(meetingFields);

export const StatusForm = formSchema({ status: field.choice('Status', 'Select a status', MEETING_STATUSES) });

const agendaFields = {
  title: field.text('Title', 'Enter the title of the agenda item', 200),
  presenterPersonId: field.optionalId('Presenter', 'Select a presenter from the list'),
  paperDocumentId: field.optionalId('Paper', 'Select a paper from the list'),
};

export const AgendaItemForm = formSchema(agendaFields);

export const AgendaItemEditForm = formSchema({
  ...agendaFields,
  minute: field.optionalText('Minute', 20000),
});

// Recommendations.

export const RecommendationParams = Type.Object({ meetingId: id(), recommendationId: id() });

const recommendationText = field.text('Recommendation', 'Enter the words of the recommendation', 4000);

/** Added on the meeting page (on the meeting) or an agenda item's page (under that item); edited on its own page. */
export const RecommendationForm = formSchema({ text: recommendationText });

export const DecisionForm = formSchema({
  decision: field.choice('Decision', 'Select the decision', RECOMMENDATION_DECISIONS),
  reason: field.optionalText('Reason', 4000),
});

export const MoveForm = formSchema({
  direction: field.choice('Direction', 'Choose up or down', ['up', 'down'] as const),
});

export const ActionForm = formSchema({
  description: field.text('Action', 'Describe the action', 1000),
  ownerPersonId: field.optionalId('Owner', 'Select an owner from the list'),
  dueOn: field.optionalDate('Due date', 'Enter the due date as a real date'),
});

export const CsrfOnlyForm = formSchema({});

/** One radio group per person, named "person-<id>"; plus one more person who came along. */
export const PERSON_FIELD = /^person-([1-9][0-9]{0,8})$/;
export const AttendanceForm = Type.Object(
  {
    _csrf: field.csrf(),
    otherPersonId: field.optionalId('Someone else who attended', 'Select a person from the list'),
    otherStatus: Type.Optional(field.choice('Their attendance', 'Select present, apologies or absent', ATTENDANCE)),
  },
  {
    additionalProperties: false,
    patternProperties: {
      [PERSON_FIELD.source]: Type.Enum([...ATTENDANCE], { errorMessage: 'Select present, apologies or absent' }),
    },
  },
);
