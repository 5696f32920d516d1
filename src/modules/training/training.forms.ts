import { Type } from 'typebox';
import { field, formSchema, querySchema } from '../../views/forms.ts';
import { COURSE_KINDS } from './training.tables.ts';

const REAL_DATE = 'Enter a real date, for example 23 5 2026';
const count = (title: string, errorMessage: string, minimum = 0, maximum = 100_000) =>
  Type.Integer({ title, errorMessage, minimum, maximum });

export const CourseForm = formSchema({
  title: field.text('Title', 'Enter the course title', 200),
  kind: field.choice('Kind of course', 'Select the kind of course', COURSE_KINDS),
  description: field.optionalText('Description', 2000),
  trainsTrainers: Type.Optional(Type.Enum(['yes'], { title: 'Trains trainers' })),
});

export const SessionForm = formSchema({
  courseId: field.id('Course', 'Select the course'),
  heldOn: field.date('Date', 'Enter the date of the session, for example 23 5 2026'),
  place: field.text('Place', 'Enter where the session is held', 200),
  trainerPersonId: field.optionalId('Trainer', 'Select the trainer'),
  externalTrainer: field.optionalText('Trainer from outside the Hub', 200),
  capacity: count('Places', 'Enter the number of places as a whole number from 1 to 1000', 1, 1000),
  requestId: field.optionalId('Request', 'Select the request'),
});

export const NewSessionQuery = querySchema({ requestId: field.optionalId('Request', 'Select the request') });

export const AttendanceForm = formSchema({
  organisationId: field.id('Organisation', 'Select the organisation'),
  personId: field.optionalId('Named member of staff', 'Select the member of staff'),
  staff: Type.Optional(count('Number of staff', 'Enter the number of staff as a whole number from 1 to 1000', 1, 1000)),
});

export const FeedbackForm = formSchema({
  score1: Type.Optional(count('Scored 1', 'Enter how many scored 1 as a whole number')),
  score2: Type.Optional(count('Scored 2', 'Enter how many scored 2 as a whole number')),
  score3: Type.Optional(count('Scored 3', 'Enter how many scored 3 as a whole number')),
  score4: Type.Optional(count('Scored 4', 'Enter how many scored 4 as a whole number')),
  score5: Type.Optional(count('Scored 5', 'Enter how many scored 5 as a whole number')),
});

export const ReasonForm = formSchema({
  reason: field.text('Reason', 'Enter the reason', 1000),
});

export const ChampionForm = formSchema({
  personId: field.id('Person', 'Select the person trained as a trainer'),
  trainedOn: field.date('Date trained', 'Enter the date they were trained, for example 23 5 2026'),
});

export const TargetForm = formSchema({
  organisationId: field.id('Organisation', 'Select the organisation'),
  staff: count('Staff to train', 'Enter the number of staff to train as a whole number from 0 to 100000'),
});

const requestFields = {
  topic: field.text('Topic', 'Enter what the training should cover', 300),
  audience: field.text('Audience', 'Enter who the training is for', 300),
  numbers: count('Number of people', 'Enter how many people as a whole number from 1 to 10000', 1, 10_000),
  preferredDates: field.optionalText('Preferred dates', 300),
  contactName: field.text('Contact name', 'Enter the name of the person to contact', 200),
  contactEmail: field.email('Contact email', 'Enter an email address in the correct format, like name@example.org'),
  contactPhone: field.optionalText('Contact telephone', 40),
};

export const RequestForm = formSchema({
  organisationId: field.id('Organisation', 'Select the organisation asking for training'),
  ...requestFields,
});

export const DelegateRequestForm = formSchema({
  organisationText: field.text('Organisation', 'Enter the name of your organisation', 200),
  ...requestFields,
  consent: Type.Enum(['yes'], {
    title: 'Consent',
    errorMessage: 'Confirm that the coordinator may contact you about training',
  }),
});

export const OfferForm = formSchema({
  eventId: field.id('Event', 'Select the event'),
});

export const OverviewQuery = querySchema({
  from: field.optionalDate('From', REAL_DATE),
  to: field.optionalDate('To', REAL_DATE),
  page: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100000, title: 'Page', errorMessage: 'Choose a page of sessions that exists' }),
  ),
  done: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z-]*$' })),
});
