import type { Static } from 'typebox';
import { Type } from 'typebox';
import { field, formSchema, Id, querySchema } from '../../views/forms.ts';
import { label } from '../../views/filters.ts';
import { EVENT_AUDIENCES, EVENT_KINDS, ITEM_KINDS } from './events.tables.ts';

/** The longest question or comment a delegate may send. */
export const ITEM_MAX_LENGTH = 500;

export const EventParams = Type.Object({ eventId: Id() });
export const SpeakerParams = Type.Object({ eventId: Id(), speakerId: Id() });
export const ModeratorParams = Type.Object({ eventId: Id(), accountId: Id() });

export const YES_NO = ['yes', 'no'] as const;

export const EventForm = formSchema({
  title: field.text('Event name', 'Enter the name of the event', 160),
  kind: field.choice('Kind of event', 'Select the kind of event', EVENT_KINDS),
  heldOn: field.date('Date', 'Enter the date of the event as a real date, for example 30/6/2009'),
  venue: field.optionalText('Venue', 200),
  meetingId: field.optionalId('Group meeting', 'Select the group meeting from the list'),
  planId: field.optionalId('Delivery plan', 'Select a draft plan, or a plan in consultation, from the list'),
  audiences: Type.Optional(
    Type.Array(Type.Enum([...EVENT_AUDIENCES]), {
      title: 'Audiences reached',
      errorMessage: 'Select the audiences from the list',
      maxItems: EVENT_AUDIENCES.length,
    }),
  ),
  attendance: Type.Optional(
    Type.Integer({
      title: 'Attendance',
      errorMessage: 'Enter the number of people who attended as a whole number, for example 85',
      minimum: 0,
      maximum: 100000,
    }),
  ),
  premoderation: field.choice(
    'Check questions before they are shown',
    'Select whether a moderator checks questions before they are shown',
    YES_NO,
  ),
  filterWords: field.optionalText('Filter words', 2000),
});

export const SpeakerForm = formSchema({
  name: field.text('Speaker’s name', 'Enter the speaker’s name', 120),
  role: field.optionalText('Speaker’s role', 200),
});

export const ModeratorForm = formSchema({
  accountId: field.id('Helper moderator', 'Select the person who will help moderate'),
});

export const SubmissionsForm = formSchema({
  open: field.choice('Submissions', 'Choose whether to open or close submissions', YES_NO),
});

export const CsrfOnlyForm = formSchema({});

// Delegate pages.

export const JoinForm = formSchema({
  code: field.text('Event code', 'Enter the event code', 40),
});

export const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) });
export const ItemParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }), itemId: Id() });

export const DelegateQuery = querySchema({
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
  // The live region alone, for live.js to swap in after an update.
  fragment: Type.Optional(Type.Literal('items')),
});

export const ItemForm = formSchema({
  kind: field.choice('Question or comment', 'Select whether this is a question or a comment', ITEM_KINDS),
  body: field.text('Your question or comment', 'Enter your question or comment', ITEM_MAX_LENGTH),
  displayName: field.optionalText('Your name', 80),
});

export type EventInput = Omit<Static<typeof EventForm>, '_csrf'>;
export type ItemInput = Omit<Static<typeof ItemForm>, '_csrf'>;

/** Words for the stored codes: the shared `label` words, so pages, record and exports agree. */
export const EVENT_LABELS: Record<string, string> = {
  ...Object.fromEntries(
    [...EVENT_KINDS, ...EVENT_AUDIENCES, ...ITEM_KINDS, 'open', 'closed'].map((code) => [code, label(code)]),
  ),
  // An event's status only: a draft poll or plan is still "Draft".
  draft: 'Not open yet',
};
export const eventLabel = (code: string) => EVENT_LABELS[code] ?? code;
